"""The service ledger (服务台账): cases for members and enterprises (outreach/cases)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from branches.historical_records import HistoricalRecords
from branches.models import Enterprise, Organization
from outreach.models.dates import not_in_future
from registry.models import Member

__all__ = [
    "ServiceCase",
]


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
        not_in_future(self.opened, "opened", errors)
        not_in_future(self.closed, "closed", errors)
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
