"""Party members: one maintained record per person, keyed by the citizen ID number."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from branches import clock, pinyin
from branches.historical_records import HistoricalRecords
from branches.models import Enterprise, Organization
from branches.phones import validate_phone
from registry import sixknowns
from registry.dues import conditions as dues_conditions
from registry.idnumbers import birth_date_from_id, gender_from_id, normalize_id_number, validate_id_number
from registry.members import rules as member_rules
from registry.members.post_categories import PostCategory


class DatePrecision(models.TextChoices):
    """Secretaries often know a date to the month only (2016.12); the registry keeps it that way."""

    DAY = "day", _("day")
    MONTH = "month", _("month")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("Postgraduate")
    BACHELOR = "bachelor", _("University (bachelor)")
    COLLEGE = "college", _("College (associate)")
    TECHNICAL_SECONDARY = "technical_secondary", _("Technical secondary school")
    HIGH_SCHOOL = "high_school", _("Senior high school")
    JUNIOR_HIGH = "junior_high", _("Junior high school")
    PRIMARY = "primary", _("Primary school or below")


def stored_condition(condition: Q) -> models.Case:
    """`condition` as a stored column's value: true where a filter on it would keep the row, false
    everywhere else (never NULL, so that the column's negation is the condition's exact complement)."""
    return models.Case(models.When(condition, then=models.Value(True)), default=models.Value(False))


class MemberQuerySet(pinyin.PinyinQuerySet):  # the name's keys follow it in bulk writes
    def with_six_knowns(self):
        return sixknowns.annotate_six_knowns(self)

    def six_knowns_applicable(self):
        return self.filter(sixknowns.APPLICABLE)

    def six_knowns_complete(self):
        return self.filter(sixknowns.MET)

    def six_knowns_incomplete(self):
        return self.filter(sixknowns.APPLICABLE & ~sixknowns.COMPLETE)

    def on_roster(self):
        return self.filter(left_on__isnull=True)

    def former(self):
        return self.filter(left_on__isnull=False)


class RosterManager(models.Manager.from_queryset(MemberQuerySet)):
    """`Member.objects`: the members on the roster. A member who left (docs/lifecycle.md#former-members)
    drops out of every list, search, count, figure, work list, export and letter because every
    one of them starts here — and so do `organization.members` and `enterprise.members`, which
    Django builds on the default manager. `Member.all_members` includes the former members: the
    list of former members, the ID-number lookups of the imports and the services use it."""

    def get_queryset(self):
        return super().get_queryset().filter(left_on__isnull=True)


class AllMembersManager(models.Manager.from_queryset(MemberQuerySet)):
    """`Member.all_members`: everyone the registry has a record of, former members included."""


# Dates that may be known to the month only; each has a `<name>_precision` companion.
PARTIAL_DATES = ("birth_date", "joined", "made_full", "left_home", "dues_paid_through")


def partial_date(label, **kwargs):
    return models.DateField(label, null=True, blank=True, **kwargs)


def precision_field():
    return models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY, editable=False)


class Member(pinyin.PinyinNamed):
    """A party member. The name's pinyin keys (pinyin.PinyinNamed) are kept in step by save(), the
    queryset's bulk writes and the members import's fast writer."""

    class Status(models.TextChoices):
        FULL = "full", _("Full member")
        PROBATIONARY = "probationary", _("Probationary member")

    class Category(models.TextChoices):
        SELF_MANAGED = "self_managed", _("Self-managed")
        REGISTERED_MOBILE = "registered_mobile", _("Registered mobile")
        SHOWN_IDENTITY = "shown_identity", _("Shown identity")
        TEMPORARY = "temporary", _("Temporary organization member")

    # 工作岗位: the row of the annual statistics' table T2 (registry/members/post_categories.py).
    PostCategory = PostCategory

    # Dates that may be known to the month only; each has a `<name>_precision` companion.
    PARTIAL_DATES = PARTIAL_DATES

    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    birth_date = partial_date(_("birth date"))
    birth_date_precision = precision_field()
    id_number = models.CharField(
        _("citizen ID number"),
        max_length=18,
        unique=True,
        validators=[MinLengthValidator(18), validate_id_number],
        error_messages={
            "unique": _(
                "This person is already registered (the ID number is on the roster): open their record instead "
                "of registering them again."
            )
        },
    )
    education = models.CharField(_("education"), max_length=24, choices=Education.choices, blank=True)
    native_place = models.CharField(_("native place"), max_length=100, blank=True)
    joined = partial_date(_("joined the party"))
    joined_precision = precision_field()
    made_full = partial_date(_("made full member"))
    made_full_precision = precision_field()
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.FULL)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("party organization"), on_delete=models.PROTECT, related_name="members"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        db_index=False,  # the index (enterprise, status, left_on) below begins with it
    )
    origin_organization = models.CharField(_("origin party organization"), max_length=150, blank=True)
    origin_address = models.CharField(_("origin address"), max_length=200, blank=True)
    left_home = partial_date(_("left home"))
    left_home_precision = precision_field()
    work_address = models.CharField(_("work address"), max_length=200, blank=True)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    # Empty: not known yet (a work list, and the statistics count it as missing).
    post_category = models.CharField(_("post category"), max_length=12, choices=PostCategory.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    dues_paid_through = partial_date(_("dues paid through"))
    dues_paid_through_precision = precision_field()
    # Who pays dues here (docs/lifecycle.md#dues-who-pays): empty = by the category (a self-managed
    # member pays here, anyone else at home); set only by registry.dues.services, by its rules.
    pays_dues_here = models.BooleanField(_("pays dues here"), null=True, blank=True, default=None, editable=False)
    lost_contact = models.BooleanField(_("lost contact"), default=False)
    # 登记时间: the day the person came onto our roster (a mobile member's 报到); the day the record
    # is added when not given. The year's balance counts arrivals by it (docs/lifecycle.md#movement).
    registered_on = models.DateField(_("registered here"), default=clock.today, db_index=True)
    notes = models.TextField(_("notes"), blank=True)
    # docs/lifecycle.md#events: a self-managed member working elsewhere stays on the roster, marked.
    flowed_out = models.BooleanField(_("flowed out"), default=False, editable=False)
    # docs/lifecycle.md#former-members: the day they left the roster (empty: on the roster) and why.
    left_on = models.DateField(_("left the roster"), null=True, blank=True, editable=False, db_index=True)
    left_as = models.CharField(
        _("reason for leaving"),
        max_length=20,
        blank=True,
        editable=False,
        choices=[
            # the departures of docs/lifecycle.md#events (Movement.DEPARTURES)
            ("transfer_out", _("Membership transferred out")),
            ("left_area", _("Left the area")),
            ("died", _("Died")),
            ("removed", _("Removed (kind not stated)")),
            ("probation_cancelled", _("Probationary membership cancelled")),
            ("expelled", _("Expelled from the party")),
            ("withdrew", _("Removed on withdrawing from the party")),
            ("persuaded", _("Persuaded to withdraw")),
            ("persuasion_refused", _("Removed after refusing to withdraw")),
            ("lapsed", _("Removed for lapsing from the party")),
            ("not_recognized", _("Membership not recognized")),
            ("suspended", _("Membership suspended")),
        ],
    )
    # Conditions the figures count over every member, stored: computed by the database from the
    # member's own fields on every write (never written by us; Django and the member import leave
    # them out), read in SQL only (after a save Django no longer holds them: reading one on a
    # record costs a query). The definitions are registry/sixknowns.py's and registry/dues/conditions.py's.
    six_knowns_met = models.GeneratedField(
        expression=stored_condition(sixknowns.MET_CONDITION), output_field=models.BooleanField(), db_persist=True
    )
    pays_here_own_facts = models.GeneratedField(
        expression=stored_condition(dues_conditions.PAYS_HERE_OWN_FACTS),
        output_field=models.BooleanField(),
        db_persist=True,
    )

    # The first manager is Django's default (`_default_manager`): the roster. Forward relations
    # (contact.member) use the plain base manager and still reach a former member.
    objects = RosterManager()
    all_members = AllMembersManager()
    # The stored conditions are derived from fields the history holds. The history is read by member
    # (`id`) and in order (`history_date`) only: no index on what else the roster's indexes cover,
    # six fewer for each history row to write and for the first roster's load to build (issue 27 §4).
    history = HistoricalRecords(
        excluded_fields=[*pinyin.NAME_KEYS, "six_knowns_met", "pays_here_own_facts"],
        no_db_index=["organization", "enterprise", "left_on", "registered_on", "id_number"],
    )

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["organization__path", "name_sort", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(id_number__regex=r"^[0-9]{17}[0-9X]$"), name="member_id_number_format"),
            models.CheckConstraint(condition=Q(status__in=["full", "probationary"]), name="member_status_valid"),
            models.CheckConstraint(
                condition=Q(category__in=["self_managed", "registered_mobile", "shown_identity", "temporary"]),
                name="member_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(post_category__in=["", *PostCategory.values]), name="member_post_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(made_full__isnull=True) | Q(joined__isnull=True) | Q(made_full__gte=F("joined")),
                name="member_made_full_after_joined",
            ),
            models.CheckConstraint(
                condition=Q(status="full") | Q(made_full__isnull=True),
                name="member_probationary_not_made_full",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True, left_as="") | Q(left_on__isnull=False) & ~Q(left_as=""),
                name="member_left_with_reason",
            ),
        ] + [
            models.CheckConstraint(
                condition=Q(**{f"{field}_precision__in": ["day", "month"]}), name=f"member_{field}_precision_valid"
            )
            for field in PARTIAL_DATES
        ]
        indexes = [
            # status and left_on too: the counts per organization and category of members on the roster (the
            # committees' members held here, the registered mobile members without a certificate) read the index alone;
            # registered_on too: so does the six-month work list's count of those on the roster before its cutoff;
            # and the columns of the home page's sixteen counts per organization (registry/figures/statistics.py), so
            # that SQLite reads them from the index, not from every member's whole row: 100,000 members, 96 -> 57 ms.
            models.Index(
                fields=[
                    "organization",
                    "category",
                    "status",
                    "left_on",
                    "registered_on",
                    "flowed_out",
                    "lost_contact",
                    "six_knowns_met",
                    "pays_here_own_facts",
                    "dues_paid_through",
                    "post_category",
                ]
            ),
            # The full members on the roster per enterprise (the formation advice) from the index alone.
            models.Index(fields=["enterprise", "status", "left_on"]),
            models.Index(fields=["phone"]),
            models.Index(fields=["name"]),
        ]

    def __str__(self):
        return self.name

    @property
    def six_knowns_applicable(self) -> bool:
        """Mobile members, and self-managed members who flowed out (registry/sixknowns.py)."""
        return self.category != self.Category.SELF_MANAGED or self.flowed_out

    def validate_unique(self, exclude=None):
        """Django checks uniqueness through the default manager, which leaves out former members;
        an ID number stays unique among them too (docs/lifecycle.md#former-members)."""
        super().validate_unique(exclude=exclude)
        if exclude and "id_number" in exclude or not self.id_number:
            return
        former = Member.all_members.former().filter(id_number=self.id_number).exclude(pk=self.pk)
        if former.exists():
            raise ValidationError(
                {
                    "id_number": ValidationError(
                        _(
                            "This ID number belongs to a former member, who left the roster: find them among "
                            "the former members. Someone who comes back is the same record, restored."
                        ),
                        code="former_member",
                    )
                }
            )

    def six_knowns_missing(self) -> list:
        """Labels of the six knowns this record lacks (empty for self-managed members)."""
        if not self.six_knowns_applicable:
            return []
        return [known.label for known in sixknowns.missing_knowns(self)]

    def clean(self):
        """Rules between fields. The ID number carries the birth date and the gender: where they
        are given as well, they must agree with it (a month-only birth date agrees on year and month)."""
        self.id_number = normalize_id_number(self.id_number)
        id_is_valid = True
        try:
            validate_id_number(self.id_number)
        except ValidationError:
            id_is_valid = False  # reported by the field's own validator
        self.clean_between_fields(id_is_valid=id_is_valid)

    def clean_between_fields(self, *, id_is_valid: bool, today: datetime.date | None = None):
        """clean()'s rules, for an ID number already normalized and known valid or not (the member
        import has checked each row's through the same validator, and spares 100,000 a second check).
        `today`: the clock's date where the caller has asked it once (the import: a member it
        registered today is compared with it 100,000 times on a re-import)."""
        errors = {}
        id_birth = birth_date_from_id(self.id_number) if id_is_valid else None
        if id_is_valid:
            if self.birth_date:
                if self.birth_date_precision == DatePrecision.MONTH:
                    agrees = (self.birth_date.year, self.birth_date.month) == (id_birth.year, id_birth.month)
                else:
                    agrees = self.birth_date == id_birth
                if not agrees:
                    errors["birth_date"] = _(
                        "The birth date does not match the ID number, which says %(date)s. Correct one of them."
                    ) % {"date": id_birth.isoformat()}
            id_gender = gender_from_id(self.id_number)
            if self.gender and self.gender != id_gender:
                errors["gender"] = _(
                    "The gender does not match the ID number, which says %(gender)s. Correct one of them."
                ) % {"gender": Gender(id_gender).label}
        if self.status == self.Status.PROBATIONARY and self.made_full:
            errors["made_full"] = _(
                "A probationary member has no date of becoming a full member: clear it or set the status to "
                "full member."
            )
        if self.joined and self.made_full and self.made_full < self.joined:
            errors["made_full"] = _(
                "The date of becoming a full member cannot be before the date of joining the party."
            )
        if self.joined and self.birth_date and self.joined <= self.birth_date:
            errors["joined"] = _("The date of joining the party must be after the birth date.")
        else:
            # 入党时间 on or after the 18th birthday, the birth date read from the ID number (or the
            # day-precise birth date).
            birth = (
                id_birth
                if id_is_valid
                else (self.birth_date if self.birth_date_precision == DatePrecision.DAY else None)
            )
            under_18 = member_rules.joined_under_18_error(
                birth=birth, joined=self.joined, month_only=self.joined_precision == DatePrecision.MONTH
            )
            if under_18 is not None:
                errors["joined"] = under_18
        if self.registered_on and (
            self.registered_on > today if today is not None else clock.after_today(self.registered_on)
        ):
            errors["registered_on"] = _("The date registered here cannot be in the future.")
        if errors:
            raise ValidationError(errors)
