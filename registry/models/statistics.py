"""A filed annual report (党内统计年报, docs/statistics.md#filing): the tables of one organization (and
everything below it; none: the whole registry) for one period as they stood when the committee filed
them — a later correction of a record does not change it, and the next year's T1 row 1 reads its
row 16. Staff may re-open it, with a reason; the history keeps every filing and re-opening."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.historical_records import HistoricalRecords
from branches.models import Organization


class FiledReport(models.Model):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("party organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filed_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.BooleanField(_("half year"), default=False)
    # {"T1": {"1": {"A": n}, …}, …, "checks": […], "records": {"T1 16 A": [member ids]}}
    figures = models.JSONField(_("figures"), default=dict)
    filed_at = models.DateTimeField(_("filed at"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Re-opened by staff: the report no longer counts as filed (kept for its history).
    reopened_at = models.DateTimeField(_("re-opened at"), null=True, blank=True)
    reopen_reason = models.CharField(_("reason for re-opening"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("filed annual report")
        verbose_name_plural = _("filed annual reports")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "half"],
                condition=Q(reopened_at__isnull=True, organization__isnull=False),
                name="filed_report_one_in_force",
            ),
            models.UniqueConstraint(
                fields=["year", "half"],
                condition=Q(reopened_at__isnull=True, organization__isnull=True),
                name="filed_report_one_in_force_for_all",
            ),
        ]

    def __str__(self):
        return f"{self.organization or '—'} {self.year}{'h1' if self.half else ''}"
