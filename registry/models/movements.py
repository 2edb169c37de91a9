"""Movements (docs/lifecycle.md#movement): every event that adds to the roster, takes from it or
changes how a member is held here — flow out and return, transfers in and out with their
introduction letters, leaving the area, death, leaving the party in its kinds, 停止党籍 and 恢复党籍,
lost contact and found again, a report to a member's home organization, probation cancelled — each a
dated row. A lost-contact case (registry.models.lost_contact) keeps the search behind its two rows.

Arrivals are not rows of their own: a member's arrival is dated by their 登记时间
(`Member.registered_on`, docs/lifecycle.md#events). Only a former member brought back onto the
roster leaves an `ARRIVAL` row, so that their timeline shows it. A row that takes the member off
the roster keeps the 登记时间 and the organization of the stay it ends (`registered_on`,
`organization`), so that the year's balance of any year can be counted again from the rows
(docs/lifecycle.md#yearly-balance) after the member came back.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.historical_records import HistoricalRecords
from branches.models import Organization


class Movement(models.Model):
    class Kind(models.TextChoices):
        FLOW_OUT = "flow_out", _("Flowed out")
        RETURN = "return", _("Returned")
        TRANSFER_IN = "transfer_in", _("Membership transferred in")
        TRANSFER_OUT = "transfer_out", _("Membership transferred out")
        LEFT_AREA = "left_area", _("Left the area")
        DIED = "died", _("Died")
        # 除名 as registers wrote it before the kinds of leaving the party were kept: its kind is
        # still to be said (a work list, docs/lifecycle.md#left-the-party).
        REMOVED = "removed", _("Removed (kind not stated)")
        PROBATION_CANCELLED = "probation_cancelled", _("Probationary membership cancelled")
        ARRIVAL = "arrival", _("Back on the roster")
        # Leaving the party (出党), in its kinds (docs/lifecycle.md#left-the-party).
        EXPELLED = "expelled", _("Expelled from the party")
        WITHDREW = "withdrew", _("Removed on withdrawing from the party")
        PERSUADED = "persuaded", _("Persuaded to withdraw")
        PERSUASION_REFUSED = "persuasion_refused", _("Removed after refusing to withdraw")
        LAPSED = "lapsed", _("Removed for lapsing from the party")
        NOT_RECOGNIZED = "not_recognized", _("Membership not recognized")
        # Membership status (docs/lifecycle.md#membership-status).
        SUSPENDED = "suspended", _("Membership suspended")
        RESTORED = "restored", _("Membership restored")
        LOST_CONTACT = "lost_contact", _("Lost contact")
        CONTACT_FOUND = "contact_found", _("Contact restored")
        # A member whose membership is held elsewhere: what we report to their home organization.
        REPORTED_HOME = "reported_home", _("Reported to the home organization")

    # Leaving the party (出党): decided where membership is held, for self-managed members only.
    LEFT_PARTY = (
        Kind.EXPELLED,
        Kind.WITHDREW,
        Kind.PERSUADED,
        Kind.PERSUASION_REFUSED,
        Kind.LAPSED,
        Kind.NOT_RECOGNIZED,
        Kind.REMOVED,
    )
    # The events that take a member off the roster (a transfer out only when its receipt is back).
    DEPARTURES = (Kind.TRANSFER_OUT, Kind.LEFT_AREA, Kind.DIED, *LEFT_PARTY, Kind.SUSPENDED, Kind.PROBATION_CANCELLED)
    # The events recorded for a former member: 恢复党籍 after 停止党籍, and the decision on a
    # suspended member never found (自行脱党除名).
    FOR_FORMER = (Kind.RESTORED, Kind.LAPSED)
    # The events a secretary records on a member's page (an arrival is the roster's own business).
    RECORDED = (
        Kind.FLOW_OUT,
        Kind.RETURN,
        Kind.TRANSFER_IN,
        Kind.TRANSFER_OUT,
        Kind.LEFT_AREA,
        Kind.DIED,
        Kind.REMOVED,
        Kind.PROBATION_CANCELLED,
        Kind.EXPELLED,
        Kind.WITHDREW,
        Kind.PERSUADED,
        Kind.PERSUASION_REFUSED,
        Kind.LAPSED,
        Kind.NOT_RECOGNIZED,
        Kind.SUSPENDED,
        Kind.RESTORED,
        Kind.LOST_CONTACT,
        Kind.CONTACT_FOUND,
        Kind.REPORTED_HOME,
    )

    member = models.ForeignKey(
        "registry.Member", verbose_name=_("party member"), on_delete=models.CASCADE, related_name="movements"
    )
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"), db_index=True)
    # The member's organization when the event happened: the stay a departure ends belongs to it.
    organization = models.ForeignKey(
        Organization, verbose_name=_("party organization"), on_delete=models.PROTECT, related_name="movements"
    )
    # 去向或来源: where they went (a place, an organization) or, for a transfer in, where from.
    other_side = models.CharField(_("to or from"), max_length=150, blank=True)
    # A transfer out to another of our own organizations: a move between branches, not a departure.
    to_organization = models.ForeignKey(
        Organization,
        verbose_name=_("to our organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements_in",
    )
    letter_number = models.CharField(_("introduction letter number"), max_length=40, blank=True)
    valid_days = models.PositiveSmallIntegerField(_("valid for (days)"), null=True, blank=True)
    # The letter's last valid day: `date` (or the day it was re-issued) + `valid_days` (kept, so that
    # lists can sort and filter by it).
    expires_on = models.DateField(_("valid until"), null=True, blank=True, editable=False)
    # An expired letter re-issued (docs/lifecycle.md#transfer-letters): the day the letter now in
    # force was issued, and the number it replaced (earlier ones are in the history).
    reissued_on = models.DateField(_("letter re-issued on"), null=True, blank=True)
    replaced_letter_number = models.CharField(_("replaced letter number"), max_length=40, blank=True)
    # Transfer out: the day the receipt (回执) came back. Transfer in: the day we sent ours.
    receipt_on = models.DateField(_("receipt"), null=True, blank=True)
    cancelled_on = models.DateField(_("letter cancelled"), null=True, blank=True)
    # 党费交至 as the letter states it (the member's value on the day it was issued).
    dues_paid_through = models.DateField(_("dues paid through"), null=True, blank=True)
    certificate_number = models.CharField(_("activity certificate number"), max_length=40, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # 整建制: a transfer in or out that is part of a whole organization's (STATISTICS.md T1 rows 8 and 14).
    whole_unit = models.BooleanField(_("whole-unit transfer"), default=False)
    # The member's 登记时间 when the event happened: a departure's stay began on it.
    registered_on = models.DateField(_("registered here"), null=True, blank=True, editable=False)
    # The day this event took the member off the roster (a transfer out: its receipt's day); the
    # year's balance counts departures by it (docs/lifecycle.md#yearly-balance).
    departed_on = models.DateField(_("left the roster"), null=True, blank=True, editable=False, db_index=True)
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
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "flow_out",
                        "return",
                        "transfer_in",
                        "transfer_out",
                        "left_area",
                        "died",
                        "removed",
                        "probation_cancelled",
                        "arrival",
                        "expelled",
                        "withdrew",
                        "persuaded",
                        "persuasion_refused",
                        "lapsed",
                        "not_recognized",
                        "suspended",
                        "restored",
                        "lost_contact",
                        "contact_found",
                        "reported_home",
                    ]
                ),
                name="movement_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(whole_unit=False) | Q(kind__in=["transfer_in", "transfer_out"]),
                name="movement_whole_unit_only_for_transfers",
            ),
            models.UniqueConstraint(
                fields=["letter_number"],
                condition=~Q(letter_number=""),
                name="movement_letter_number_unique",
                violation_error_message=_("Another transfer already uses this introduction letter number."),
            ),
            models.CheckConstraint(
                condition=Q(receipt_on__isnull=True) | Q(receipt_on__gte=models.F("date")),
                name="movement_receipt_not_before_date",
            ),
            models.CheckConstraint(
                condition=Q(letter_number="") | Q(kind__in=["transfer_in", "transfer_out"]),
                name="movement_letter_only_for_transfers",
            ),
        ]
        indexes = [models.Index(fields=["member", "date"]), models.Index(fields=["kind", "date"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        self.expires_on = (
            (self.reissued_on or self.date) + datetime.timedelta(days=self.valid_days)
            if self.kind == self.Kind.TRANSFER_OUT and self.valid_days and self.to_organization_id is None
            else None
        )
        super().save(*args, **kwargs)

    @property
    def is_branch_move(self) -> bool:
        """A transfer out to another of our own organizations (docs/lifecycle.md#events)."""
        return self.kind == self.Kind.TRANSFER_OUT and self.to_organization_id is not None

    def days_left(self, today: datetime.date) -> int | None:
        """Days until the letter expires (negative: expired), or until our receipt is due (transfers in)."""
        due = self.expires_on if self.kind == self.Kind.TRANSFER_OUT else self.receipt_due_on
        return None if due is None else (due - today).days

    @property
    def receipt_due_on(self) -> datetime.date | None:
        """Transfer in: our receipt is due within one month of receiving the letter."""
        if self.kind != self.Kind.TRANSFER_IN:
            return None
        return add_months(self.date, 1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it has no such day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)
