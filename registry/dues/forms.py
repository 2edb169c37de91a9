"""The dues forms: months and amounts typed the way the spreadsheets take them (2026-03,
2026年1-3月; 12.5, 12.50元), read by the same parsers as the import, so the two cannot disagree."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import clock
from registry.dues import months as dues_months
from registry.dues.amounts import AmountError, parse_amount
from registry.models import DuesBasis, DuesReduction

# The years the dues pages and forms take (`?year=`, `?dues_year=`, a basis's year).
FIRST_YEAR, LAST_YEAR = 1990, 2100


def amount_message(code: str) -> str:
    if code == "negative_amount":
        return _("The amount cannot be negative. Write the amount received, such as 12.50.")
    return _("This is not an amount of money. Write yuan with at most two decimals, such as 12.5 or 12.50元.")


def months_message(code: str) -> str:
    if code == "range_across_years":
        return _(
            "A range of months must stay within one year, such as 2026年1-3月: record each year's months separately."
        )
    if code == "range_order":
        return _("The last month of the range is before the first: swap them.")
    return _("This is not a month. Write it as 2026-03, 2026.3 or 2026年3月, or a range such as 2026年1-3月.")


class AmountField(forms.CharField):
    """Yuan to the fen, as a Decimal (never a float)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0.00"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            return parse_amount(value)
        except AmountError as error:
            raise ValidationError(amount_message(error.code), code=error.code) from None


class MonthField(forms.CharField):
    """One month: 2026-03, 2026.3, 2026年3月."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "2026-03", "inputmode": "numeric"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            first, last = dues_months.parse_months(value)
        except dues_months.MonthError as error:
            raise ValidationError(months_message(error.code), code=error.code) from None
        if first != last:
            raise ValidationError(_("Choose one month here, such as 2026-03."), code="one_month")
        return first


class PaymentForm(forms.Form):
    """One member, one month or a range within one year."""

    months = forms.CharField(
        label=gettext_lazy("Month or months paid for"),
        max_length=30,
        help_text=gettext_lazy(
            "2026-03, or a range within one year such as 2026年1-3月: the amount is split evenly over the months."
        ),
        widget=forms.TextInput(attrs={"placeholder": "2026年1-3月"}),
    )
    amount = AmountField(label=gettext_lazy("Amount received (yuan)"))
    paid_on = forms.DateField(
        label=gettext_lazy("Paid on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("补交 for a back payment, 代交 when someone else paid."),
        widget=forms.TextInput(attrs={"list": "dues-notes"}),
    )

    def clean_months(self):
        try:
            return dues_months.parse_months(self.cleaned_data["months"])
        except dues_months.MonthError as error:
            raise ValidationError(months_message(error.code), code=error.code) from None


class BasisForm(forms.Form):
    """What a member's dues are computed from, from a month on (rules.basis_problems, asked by the
    service: the same refusals as the import's)."""

    month = MonthField(
        label=gettext_lazy("Valid from (month)"),
        help_text=gettext_lazy(
            "The base holds from this month until the next one: pay that changes within a year is a new base "
            "from that month."
        ),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=DuesBasis.Kind.choices)
    monthly_base = AmountField(
        label=gettext_lazy("Monthly base (yuan)"),
        required=False,
        help_text=gettext_lazy(
            "In work: pay after tax (税后月工资收入); retired: the pension; self-employed: the last quarter's average "
            "monthly net income; annual salary: the month's actual pay. Not needed for students, the unemployed, "
            "those on minimum living allowance or on relief, and farmers."
        ),
    )


class ReductionForm(forms.Form):
    """Paying less or nothing with the higher committee's approval (rules.reduction_problems, asked by the service)."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=DuesReduction.Kind.choices)
    months = forms.CharField(
        label=gettext_lazy("Months covered"),
        max_length=40,
        help_text=gettext_lazy("2026-03, or a range such as 2026.1-2026.12 (within one year)."),
        widget=forms.TextInput(attrs={"placeholder": "2026年1-12月"}),
    )
    monthly_amount = AmountField(
        label=gettext_lazy("Amount due a month (yuan)"),
        required=False,
        help_text=gettext_lazy("For paying less: what the member pays a month instead. Empty for an exemption."),
    )
    approved_by = forms.CharField(
        label=gettext_lazy("Approved by"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("The higher party committee that approved it."),
    )
    approved_on = forms.DateField(
        label=gettext_lazy("Approved on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)

    def clean_months(self):
        try:
            return dues_months.parse_months(self.cleaned_data["months"])
        except dues_months.MonthError as error:
            raise ValidationError(months_message(error.code), code=error.code) from None


PAYS_HERE_CHOICES = [
    ("", gettext_lazy("By the category (self-managed here, others at home)")),
    ("yes", gettext_lazy("Pays here (arranged, with an activity certificate)")),
    ("no", gettext_lazy("Pays elsewhere (at home, or where a flowed-out member went)")),
]


class PaysHereForm(forms.Form):
    """Who pays the member's dues (rules.pays_here_problem, asked by the service)."""

    pays_dues_here = forms.ChoiceField(label=gettext_lazy("Who pays dues"), choices=PAYS_HERE_CHOICES, required=False)

    def value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("pays_dues_here") or "")


class SheetChoiceForm(forms.Form):
    """Which branch and which month the sheet is for."""

    organization = forms.ModelChoiceField(label=gettext_lazy("Party organization"), queryset=None)
    month = MonthField(label=gettext_lazy("Month"))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class MonthSheetForm(forms.Form):
    """A branch's month: one amount (and a note) per member, one date paid for all."""

    paid_on = forms.DateField(
        label=gettext_lazy("Paid on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, rows, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("paid_on", clock.today())
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            pk = row.member.pk
            self.fields[f"amount_{pk}"] = AmountField(label=row.member.name, required=False)
            self.fields[f"note_{pk}"] = forms.CharField(
                label=gettext_lazy("Note"),
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"list": "dues-notes"}),
            )
            if row.entry is not None and not self.is_bound:
                if row.entry.amount is not None:
                    self.initial[f"amount_{pk}"] = f"{row.entry.amount}"
                self.initial[f"note_{pk}"] = row.entry.note
            row.amount_field = self[f"amount_{pk}"]
            row.note_field = self[f"note_{pk}"]

    def lines(self) -> list[tuple]:
        """(member, amount or None, note) per row, after validation."""
        return [
            (
                row.member,
                self.cleaned_data.get(f"amount_{row.member.pk}"),
                self.cleaned_data.get(f"note_{row.member.pk}") or "",
            )
            for row in self.rows
        ]


def month_from(params) -> datetime.date | None:
    text = (params.get("month") or "").strip()
    if not text:
        return None
    try:
        first, last = dues_months.parse_months(text)
    except dues_months.MonthError:
        return None
    return first if first == last else None
