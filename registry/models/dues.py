"""The dues ledger (党费): one entry per member and month, and what each member's dues are
computed from (docs/lifecycle.md#dues).

党费交至 (Member.dues_paid_through) is the latest month of a member's ledger. It is kept on the
member as a denormalized column, written only by registry.dues.services, so that the roster,
the six knowns and the figures read it without a join — and it can never disagree with the
ledger, because nothing else writes it.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.historical_records import HistoricalRecords
from branches.models import Organization
from registry.models.members import Member


class DuesEntry(models.Model):
    """One month of one member's dues (docs/lifecycle.md#dues-ledger).

    A *paid* entry has an amount (exact yuan, two decimals); a *declared* entry has none: it keeps
    a 党费交至 typed on the member form or imported with the roster (docs/lifecycle.md#dues-paid-through)."""

    # No index of their own, on the ledger or in its history: the unique (member, month) and the index
    # (received_by, month) begin with them. One index less to write per entry and history row: the
    # roster import writes a declared entry for every new member (issue 27 §4).
    member = models.ForeignKey(
        Member,
        verbose_name=_("party member"),
        on_delete=models.CASCADE,
        related_name="dues_entries",
        db_index=False,
    )
    month = models.DateField(_("month paid for"), help_text=_("The first day of the month."))
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2, null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    received_by = models.ForeignKey(
        Organization,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dues_received",
        db_index=False,
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords(no_db_index=["member", "received_by"])  # the history too (read by `id`)

    class Meta:
        verbose_name = _("dues entry")
        verbose_name_plural = _("dues ledger")
        ordering = ["member", "month"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_entry_one_per_member_and_month"),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="dues_entry_amount_not_negative"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="dues_entry_month_is_first_day"),
        ]
        indexes = [models.Index(fields=["month"]), models.Index(fields=["received_by", "month"])]

    def __str__(self):
        return f"{self.member_id} {self.month:%Y-%m} {self.amount if self.amount is not None else '-'}"

    @property
    def declared(self) -> bool:
        return self.amount is None


class DuesBasis(models.Model):
    """What a member's monthly dues are computed from, from a month on: their kind and their monthly
    base (税后月工资收入, 月工资基数; for the self-employed the last quarter's average monthly net income,
    for an annual salary the month's actual pay), by the table of docs/lifecycle.md#dues-due. A base
    holds from its month until the member's next one: pay that changes within a year is a new base
    from that month."""

    class Kind(models.TextChoices):
        IN_WORK = "in_work", _("In work")
        RETIRED = "retired", _("Retired")
        STUDENT = "student", _("Student")
        UNEMPLOYED = "unemployed", _("Unemployed")
        MINIMUM_ALLOWANCE = "minimum_allowance", _("On minimum living allowance")
        RELIEF = "relief", _("Living on a pension for the disabled or on relief")
        FARMER = "farmer", _("Farmer")
        SELF_EMPLOYED = "self_employed", _("Self-employed")
        ANNUAL_SALARY = "annual_salary", _("On an annual salary")

    member = models.ForeignKey(
        Member, verbose_name=_("party member"), on_delete=models.CASCADE, related_name="dues_bases"
    )
    month = models.DateField(_("valid from (month)"), help_text=_("The first day of the month the base holds from."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.IN_WORK)
    monthly_base = models.DecimalField(_("monthly base income"), max_digits=10, decimal_places=2, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dues basis")
        verbose_name_plural = _("dues bases")
        ordering = ["member", "month"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_basis_one_per_member_and_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="dues_basis_month_is_first_day"),
            models.CheckConstraint(
                condition=Q(monthly_base__isnull=True) | Q(monthly_base__gte=0), name="dues_basis_base_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.member_id} {self.month:%Y-%m} {self.kind} {self.monthly_base}"


class DuesReduction(models.Model):
    """Paying less or nothing with approval (少交、免交, docs/lifecycle.md#dues-reduction): the higher
    committee's decision for a member in economic difficulty, for the months from `first_month` to
    `last_month` [党费规定]. The months it covers are not underpaid (a reduction: its amount is what
    is due) or not unpaid (an exemption: nothing is due)."""

    class Kind(models.TextChoices):
        REDUCED = "reduced", _("Pays less")
        EXEMPT = "exempt", _("Exempt")

    member = models.ForeignKey(
        Member, verbose_name=_("party member"), on_delete=models.CASCADE, related_name="dues_reductions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    first_month = models.DateField(_("from (month)"))
    last_month = models.DateField(_("to (month)"))
    monthly_amount = models.DecimalField(
        _("amount due a month"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    approved_by = models.CharField(_("approved by"), max_length=150)
    approved_on = models.DateField(_("approved on"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dues reduction or exemption")
        verbose_name_plural = _("dues reductions and exemptions")
        ordering = ["member", "first_month"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_month__day=1, last_month__day=1), name="dues_reduction_months_are_first_days"
            ),
            models.CheckConstraint(
                condition=Q(last_month__gte=models.F("first_month")), name="dues_reduction_months_in_order"
            ),
            models.CheckConstraint(
                condition=Q(kind="exempt", monthly_amount__isnull=True)
                | Q(kind="reduced", monthly_amount__isnull=False, monthly_amount__gte=0),
                name="dues_reduction_amount_by_kind",
            ),
        ]
        indexes = [models.Index(fields=["member", "first_month"])]

    def __str__(self):
        return f"{self.member_id} {self.kind} {self.first_month:%Y-%m}—{self.last_month:%Y-%m}"
