"""A committee's own frequencies of meetings and terms (issue 27 §1: what is the committee's own
belongs to the committee): each committee of a deployment may set them for its subtree, else the
deployment's settings hold (REGISTRY_MEETING_FREQUENCIES, REGISTRY_TERM_YEARS: the national defaults).

One row per committee organization, with the overrides as two small maps rather than a field per kind
and level: the kinds and levels are the settings' keys (a deployment may add one), and every page reads
all rows once (registry/committees/own_settings.py), so the shape costs nothing to look up.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from branches.historical_records import HistoricalRecords
from branches.models import Organization


class CommitteeSettings(models.Model):
    """`meeting_frequencies`: meeting kind → "month" | "quarter" | "year"; `term_years`: organization
    level → years. A kind or level left out follows the deployment's setting."""

    organization = models.OneToOneField(
        Organization, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="own_settings"
    )
    meeting_frequencies = models.JSONField(_("meeting frequencies"), default=dict, blank=True)
    term_years = models.JSONField(_("terms (years)"), default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee's own settings")
        verbose_name_plural = _("committees' own settings")

    def __str__(self):
        return str(self.organization)
