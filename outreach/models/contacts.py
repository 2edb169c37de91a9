"""Contacts, visits, service cases and activities.

Activity and Attendance are defined first because the liaison letters report them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from branches import clock
from branches.historical_records import HistoricalRecords
from branches.models import Enterprise, Organization
from branches.phones import validate_phone
from registry.models import Member

__all__ = [
    "Activity",
    "Attendance",
    "DesignatedContact",
    "Contact",
    "LatestContact",
    "VisitOccasion",
    "Occasion",
    "Visit",
    "BranchVisit",
    "ServiceCase",
]


class Activity(models.Model):
    """Something an organization held that members attend: a lecture, a themed party day…"""

    class Kind(models.TextChoices):
        LECTURE = "lecture", _("Lecture")
        STUDY_TRIP = "study_trip", _("Study trip")
        STUDY_MEETING = "study_meeting", _("Study meeting")
        ONLINE_STUDY = "online_study", _("Online study")
        THEMED_PARTY_DAY = "themed_party_day", _("Themed party day")
        CONTEST = "contest", _("Contest")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    organizer = models.ForeignKey(
        Organization,
        verbose_name=_("organizing organization"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    attendees = models.ManyToManyField(
        Member,
        verbose_name=_("attendees"),
        through="Attendance",
        related_name="activities",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organizer", "date"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def clean(self):
        errors = {}
        _not_in_future(self.date, "date", errors)
        if errors:
            raise ValidationError(errors)


class Attendance(models.Model):
    """A member took part in an activity."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="attendances")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="attendance_once_per_member")]
        indexes = [models.Index(fields=["member", "activity"])]

    def __str__(self):
        return f"{self.member} @ {self.activity}"


# --- keeping in touch -------------------------------------------------------------------
# docs/domain.md#keeping-in-touch, "Keeping in touch": a designated person keeps regular contact with each mobile member;
# six occasions call for a visit; committee members visit every branch 1–2 times a quarter; the
# office keeps a ledger of its services. Every write goes through the services of outreach/contacts,
# outreach/visits, outreach/cases and outreach/activities.


def _not_in_future(value, field: str, errors: dict) -> None:
    """Records describe what happened: a date after today is a typing mistake."""
    if value and value > clock.today():
        errors[field] = _("The date cannot be in the future: enter the day it happened (today at the latest).")


class DesignatedContact(models.Model):
    """A person an organization names to keep in regular touch with its mobile members [000]."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("party organization"),
        on_delete=models.PROTECT,
        related_name="designated_contacts",
    )
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="designated_contact_roles",
    )
    since = models.DateField(_("designated since"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("designated contact person")
        verbose_name_plural = _("designated contact persons")
        ordering = ["organization__path", "-active", "name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.organization})"

    def clean(self):
        errors = {}
        _not_in_future(self.since, "since", errors)
        if errors:
            raise ValidationError(errors)


class Contact(models.Model):
    """One contact with a member: when, how, who made it, what was said."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        VISIT = "visit", _("Visit")
        WECHAT_QQ = "wechat_qq", _("WeChat / QQ")
        MEETING = "meeting", _("Meeting")
        LETTER = "letter", _("Letter")

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    made_by = models.CharField(_("who made contact"), max_length=50)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["member", "date"], name="contact_member_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=["phone", "visit", "wechat_qq", "meeting", "letter"]),
                name="contact_channel_valid",
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_channel_display()} {self.member}"

    def clean(self):
        errors = {}
        _not_in_future(self.date, "date", errors)
        if errors:
            raise ValidationError(errors)


class LatestContact(models.Model):
    """Each member's latest contact date, kept by the contact services (derived data, no history).

    The lost-touch list (no contact for N days, or never) is then one indexed join of members with
    this table instead of an aggregate over a million contacts (bench/outreach.py)."""

    member = models.OneToOneField(
        Member,
        verbose_name=_("member"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="latest_contact",
    )
    date = models.DateField(_("last contact"), db_index=True)

    class Meta:
        verbose_name = _("latest contact")
        verbose_name_plural = _("latest contacts")

    def __str__(self):
        return f"{self.member_id}: {self.date:%Y-%m-%d}"


class VisitOccasion(models.TextChoices):
    """The six occasions that always call for a visit (六必访) [000]."""

    MAJOR_HOLIDAY = "major_holiday", _("Major holiday")
    ILLNESS = "illness", _("Illness or hospital stay")
    DISASTER = "disaster", _("Disaster or accident")
    BEREAVEMENT = "bereavement", _("Death in the family")
    HARDSHIP = "hardship", _("Hardship")
    OLD_MEMBER = "old_member", _("Old member or retired cadre")


OCCASION_VALUES = [value for value, _label in VisitOccasion.choices]


class Occasion(models.Model):
    """Something that calls for a visit (a member in hospital, say). It stays on the branch's to-do
    list until a visit is recorded against it."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="visit_occasions"
    )
    kind = models.CharField(_("occasion"), max_length=16, choices=VisitOccasion.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("occasion for a visit")
        verbose_name_plural = _("occasions for a visit")
        ordering = ["date", "pk"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=OCCASION_VALUES), name="occasion_kind_valid")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.member}"

    def clean(self):
        errors = {}
        _not_in_future(self.date, "date", errors)
        if errors:
            raise ValidationError(errors)


class Visit(models.Model):
    """A must-visit (六必访): the occasion, the date, the visitors, a note, any help given."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="visits")
    kind = models.CharField(_("occasion"), max_length=16, choices=VisitOccasion.choices)
    occasion = models.OneToOneField(
        Occasion,
        verbose_name=_("occasion on the to-do list"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visit",
    )
    date = models.DateField(_("date"))
    visitors = models.CharField(_("visitors"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    help_given = models.CharField(_("help given"), max_length=200, blank=True)
    help_amount = models.DecimalField(
        _("help in money (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["date"], name="visit_date"),
            models.Index(fields=["member", "date"], name="visit_member_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=OCCASION_VALUES), name="visit_kind_valid"),
            models.CheckConstraint(
                condition=Q(help_amount__isnull=True) | Q(help_amount__gte=0), name="visit_help_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.member}"

    def clean(self):
        errors = {}
        _not_in_future(self.date, "date", errors)
        if self.occasion_id and self.occasion.member_id != self.member_id:
            errors["occasion"] = _(
                "That occasion was recorded for another member. Choose one of this member's occasions."
            )
        elif self.occasion_id and self.date and self.date < self.occasion.date:
            errors["date"] = _("The visit cannot be before the occasion it answers (%(date)s).") % {
                "date": f"{self.occasion.date:%Y-%m-%d}"
            }
        if self.help_amount is not None and self.help_amount < 0:
            errors["help_amount"] = _("The amount cannot be negative.")
        if errors:
            raise ValidationError(errors)


class BranchVisit(models.Model):
    """A committee member's visit to a branch: 1–2 a quarter for every branch [000]."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("party organization"),
        on_delete=models.PROTECT,
        related_name="committee_visits",
    )
    date = models.DateField(_("date"))
    visitors = models.CharField(_("committee members"), max_length=200)
    discussed = models.TextField(_("what was discussed"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee visit to a branch")
        verbose_name_plural = _("committee visits to branches")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organization", "date"], name="branchvisit_org_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.organization}"

    def clean(self):
        errors = {}
        _not_in_future(self.date, "date", errors)
        if errors:
            raise ValidationError(errors)


class ServiceCase(models.Model):
    """One entry of the service ledger (服务台账) for a member or an enterprise [000, 001, 004]."""

    class Kind(models.TextChoices):
        SHOP_LEASE = "shop_lease", _("Shop lease renewal")
        RESIDENCE = "residence", _("Residence registration")
        EMPLOYMENT = "employment", _("Employment")
        LEGAL_AID = "legal_aid", _("Legal aid and rights protection")
        DISPUTE = "dispute", _("Dispute mediation")
        SCHOOLING = "schooling", _("Children's schooling")
        MEDICAL = "medical", _("Medical help")
        TITLES = "titles", _("Professional titles")
        FINANCING = "financing", _("Financing")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("Resolved")
        PARTLY = "partly", _("Partly resolved")
        NOT_RESOLVED = "not_resolved", _("Not resolved")

    # "Disputes settled" in the articles' figures [001: 300+ disputes settled]: these kinds, resolved.
    DISPUTE_KINDS = (Kind.LEGAL_AID, Kind.DISPUTE)

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("handled by organization"),
        on_delete=models.PROTECT,
        related_name="service_cases",
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_cases",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_cases",
    )
    summary = models.CharField(_("what was asked"), max_length=200)
    opened = models.DateField(_("opened"))
    closed = models.DateField(_("closed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome in words"), blank=True)
    amount = models.DecimalField(
        _("money recovered or saved (yuan)"),
        max_digits=14,
        decimal_places=2,
        default=0,
    )
    people_served = models.PositiveIntegerField(_("people served (person-times)"), default=1)
    handled_by = models.CharField(_("handled by"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service case")
        verbose_name_plural = _("service cases")
        ordering = ["-opened", "-pk"]
        indexes = [
            models.Index(fields=["organization", "opened"], name="servicecase_org_opened"),
            models.Index(fields=["closed"], name="servicecase_closed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "shop_lease",
                        "residence",
                        "employment",
                        "legal_aid",
                        "dispute",
                        "schooling",
                        "medical",
                        "titles",
                        "financing",
                        "other",
                    ]
                ),
                name="servicecase_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(closed__isnull=True) | Q(closed__gte=F("opened")),
                name="servicecase_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=(
                    Q(closed__isnull=True, outcome="")
                    | Q(closed__isnull=False, outcome__in=["resolved", "partly", "not_resolved"])
                ),
                name="servicecase_outcome_when_closed",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="servicecase_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.opened:%Y-%m-%d} {self.get_kind_display()} {self.summary}"

    @property
    def is_open(self) -> bool:
        return self.closed is None

    def clean(self):
        errors = {}
        _not_in_future(self.opened, "opened", errors)
        _not_in_future(self.closed, "closed", errors)
        if not self.member_id and not self.enterprise_id:
            errors["member"] = _("Name the member or the enterprise the case is for (at least one of them).")
        if self.closed and self.opened and self.closed < self.opened and "closed" not in errors:
            errors["closed"] = _("A case cannot be closed before it was opened.")
        if self.closed and not self.outcome:
            errors["outcome"] = _("A closed case needs its outcome: choose resolved, partly resolved or not resolved.")
        if not self.closed and self.outcome:
            errors["closed"] = _("Enter the day the case was closed, or clear the outcome while it is still open.")
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("The amount cannot be negative.")
        if errors:
            raise ValidationError(errors)
