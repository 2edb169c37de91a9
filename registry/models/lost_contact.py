"""Lost contact (失联) as a case (docs/lifecycle.md#lost-contact): the day contact was lost (the last
contact, organizational life or dues payment), the reason ① to ⑦, each search made, and the outcome.

The case opens with the member's "lost contact" event and closes with "contact restored", 停止党籍
or the member leaving the roster (registry/lostcontact/services.py); `Member.lost_contact` is the
flag of an open case, kept by those services, so that the roster's lists and figures read it as
before.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from branches.historical_records import HistoricalRecords
from registry.models.members import Member


class LostContactCase(models.Model):
    class Reason(models.TextChoices):
        WORK = "1", _("① Gone out to work or do business")
        RESTRUCTURED = "2", _("② Employer restructured or bankrupt")
        GRADUATED = "3", _("③ Whereabouts unknown after graduating")
        JOB_CHANGE = "4", _("④ Change of job")
        ABROAD = "5", _("⑤ Gone abroad")
        MOVED = "6", _("⑥ Moved house")
        OTHER = "7", _("⑦ Other")

    class Outcome(models.TextChoices):
        OPEN = "open", _("Still searching")
        FOUND = "found", _("Found")
        SUSPENDED = "suspended", _("Membership suspended")
        LEFT = "left", _("Left the roster")

    member = models.ForeignKey(
        Member, verbose_name=_("party member"), on_delete=models.CASCADE, related_name="lost_contact_cases"
    )
    lost_on = models.DateField(_("contact lost on"), db_index=True)
    reason = models.CharField(_("reason"), max_length=1, choices=Reason.choices, default=Reason.OTHER)
    reason_detail = models.CharField(_("reason in words"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lost-contact case")
        verbose_name_plural = _("lost-contact cases")
        ordering = ["lost_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(outcome="open"), name="lost_contact_one_open_case_per_member"
            ),
            models.CheckConstraint(
                condition=Q(outcome="open", closed_on__isnull=True)
                | (~Q(outcome="open") & Q(closed_on__gte=F("lost_on"))),
                name="lost_contact_closed_with_a_day",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=["1", "2", "3", "4", "5", "6", "7"]), name="lost_contact_reason_valid"
            ),
        ]

    def __str__(self):
        return f"{self.member_id} {self.lost_on:%Y-%m-%d} {self.outcome}"

    @property
    def is_open(self) -> bool:
        return self.outcome == self.Outcome.OPEN


class LostContactSearch(models.Model):
    """One search made (寻找): the day, how (a phone call, a visit, a letter to the home organization,
    a public notice), and what came of it."""

    case = models.ForeignKey(
        LostContactCase, verbose_name=_("lost-contact case"), on_delete=models.CASCADE, related_name="searches"
    )
    date = models.DateField(_("searched on"))
    method = models.CharField(_("how"), max_length=100)
    result = models.CharField(_("result"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("search")
        verbose_name_plural = _("searches")
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.case_id} {self.date:%Y-%m-%d} {self.method}"
