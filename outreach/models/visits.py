"""The six must-visits — occasions that call for a visit, and visits — and the committee's visits to
branches (outreach/visits)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.historical_records import HistoricalRecords
from branches.models import Organization
from outreach.models.dates import not_in_future
from registry.models import Member

__all__ = [
    "VisitOccasion",
    "Occasion",
    "Visit",
    "BranchVisit",
]


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
        not_in_future(self.date, "date", errors)
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
        not_in_future(self.date, "date", errors)
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
        not_in_future(self.date, "date", errors)
        if errors:
            raise ValidationError(errors)
