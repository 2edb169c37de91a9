"""Honours and representatives (docs/domain.md#honours, registry/honours): commendations of members
and of party organizations, nominated and then approved or not; and the members elected as
representatives to a party congress, a people's congress or a CPPCC."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches import clock
from branches.historical_records import HistoricalRecords
from branches.models import Organization
from registry.honours import rules


class BodyLevel(models.TextChoices):
    """The level of the body that commends (表彰级别)."""

    OWN = "own", _("Our committee")  # 本级
    COUNTY = "county", _("County level")  # 县级
    CITY = "city", _("City level")  # 市级
    PROVINCE = "province", _("Province level")  # 省级
    OTHER = "other", _("Other level")  # 其他


class Honour(models.Model):
    """One commendation (表彰) of a member or of a party organization."""

    class Title(models.TextChoices):
        EXCELLENT_MEMBER = rules.EXCELLENT_MEMBER, _("Excellent Communist Party member")
        EXCELLENT_PARTY_WORKER = rules.EXCELLENT_PARTY_WORKER, _("Excellent party worker")
        ADVANCED_ORGANIZATION = rules.ADVANCED_ORGANIZATION, _("Advanced grassroots party organization")
        OTHER = rules.OTHER, _("Local title")

    class State(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        APPROVED = "approved", _("Approved")
        NOT_APPROVED = "not_approved", _("Not approved")

    # The organization commended, or the one that held the member when they were: whose record it
    # is (a secretary keeps the honours of their subtree, branches.access).
    organization = models.ForeignKey(
        Organization, verbose_name=_("party organization"), on_delete=models.PROTECT, related_name="honours"
    )
    # The member commended; empty for a commendation of the organization itself.
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honours",
    )
    title = models.CharField(_("title"), max_length=24, choices=Title.choices)
    title_text = models.CharField(_("local title"), max_length=100, blank=True)  # 流动党员先进个人
    body = models.CharField(_("commending body"), max_length=100)  # 表彰机关
    body_level = models.CharField(_("level"), max_length=12, choices=BodyLevel.choices)
    date = models.DateField(_("date"), db_index=True)
    reason = models.TextField(_("reason"), blank=True)
    posthumous = models.BooleanField(_("posthumous"), default=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.NOMINATED)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=rules.OTHER) | ~Q(title_text=""), name="honour_local_title_in_words"
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(title__in=rules.PERSON_TITLES), name="honour_person_title"
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=True) | ~Q(title__in=rules.ORGANIZATION_TITLES),
                name="honour_organization_title",
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | Q(posthumous=False), name="honour_posthumous_person"
            ),
        ]

    def __str__(self):
        return f"{self.recipient_name} · {self.title_words} · {self.date:%Y-%m-%d}"

    @property
    def title_words(self) -> str:
        """The title as people read it: a local title in its own words."""
        return self.title_text if self.title == rules.OTHER else str(self.get_title_display())

    @property
    def recipient_name(self) -> str:
        return self.member.name if self.member_id else self.organization.name

    def clean(self):
        problems = rules.honour_problems(
            title=self.title,
            title_text=self.title_text,
            for_member=self.member_id is not None,
            posthumous=self.posthumous,
            approved=self.state == self.State.APPROVED,
            date=self.date,
            today=clock.today(),
        )
        if problems:
            raise ValidationError({problem.field: problem.message for problem in reversed(problems)})


class Representative(models.Model):
    """A member elected to a party congress, a people's congress or a CPPCC (代表、委员)."""

    class Body(models.TextChoices):
        PARTY_CONGRESS = "party_congress", _("Party congress")  # 党代会
        PEOPLES_CONGRESS = "peoples_congress", _("People's congress")  # 人大
        CPPCC = "cppcc", _("CPPCC")  # 政协

    class Level(models.TextChoices):
        COUNTY = "county", _("County or district level")
        CITY = "city", _("City level")
        PROVINCE = "province", _("Province level")
        NATIONAL = "national", _("National level")

    # The member's organization when the term was recorded: whose record it is.
    organization = models.ForeignKey(
        Organization, verbose_name=_("party organization"), on_delete=models.PROTECT, related_name="representatives"
    )
    member = models.ForeignKey(
        "registry.Member", verbose_name=_("party member"), on_delete=models.PROTECT, related_name="representatives"
    )
    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["-term_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="representative_term_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.member.name} · {self.get_level_display()}{self.get_body_display()}"

    def clean(self):
        problems = rules.representative_problems(term_start=self.term_start, term_end=self.term_end)
        if problems:
            raise ValidationError({problem.field: problem.message for problem in problems})
