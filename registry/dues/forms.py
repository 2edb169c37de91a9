"""The dues forms: months and amounts typed the way the spreadsheets take them (2026-03,
2026年1-3月; 12.5, 12.50元), read by the same parsers as the import, so the two cannot disagree."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import clock, filtering
from registry.dues import months as dues_months
from registry.dues.amounts import AmountError, parse_amount
from registry.models import DuesBasis

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
    """What a member's dues are computed from in one year."""

    year = filtering.YearField(label=gettext_lazy("Year"), first=FIRST_YEAR, last=LAST_YEAR)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=DuesBasis.Kind.choices)
    monthly_base = AmountField(
        label=gettext_lazy("Monthly base income (yuan)"),
        required=False,
        help_text=gettext_lazy(
            "After tax (税后月工资收入). Not needed for students, the unemployed and those on minimum living allowance."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if (
            kind in (DuesBasis.Kind.IN_WORK, DuesBasis.Kind.RETIRED)
            and cleaned.get("monthly_base") is None
            and not self.has_error("monthly_base")
        ):
            self.add_error(
                "monthly_base",
                _("Write the monthly base income: the dues of members in work or retired are a share of it."),
            )
        return cleaned


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
