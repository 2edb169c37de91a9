"""The form field of every date a member's record may know to the day or to the month (the dates
of `Member.PARTIAL_DATES`, each with its `<name>_precision`): the member form, the administration's,
the check-in and the arrival forms all use it, so that the precision travels with the date both
ways — a month shows as 1995-10 and a day as 1995-10-04, and what is typed is kept at the precision
it was typed in (docs/spreadsheets.md#dates)."""

from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from registry.models import PARTIAL_DATES
from spreadsheets.dates import DAY, PartialDate, format_partial_date
from spreadsheets.errors import CellError
from spreadsheets.values import partial_date_parser


class PartialDateInput(forms.TextInput):
    """A text box (the day or the month, in any of the ways secretaries write them)."""

    def __init__(self, attrs=None):
        super().__init__({"placeholder": _("e.g. 2016-12-06 or 2016-12"), "inputmode": "numeric", **(attrs or {})})


class PartialDateField(forms.Field):
    """A date typed as 2016-12-06, 2016.12.6, 2016年12月6日 or 20161206 — or 2016-12, 201612 when only
    the month is known — read by the import's rules. Its value is a `PartialDate` (or None): the
    date with its precision. A date given as initial value shows at its precision."""

    widget = PartialDateInput

    def __init__(self, *, required=False, **kwargs):
        super().__init__(required=required, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, PartialDate):
            return format_partial_date(value.date, value.precision)
        if hasattr(value, "isoformat"):  # a date without its precision is known to the day
            return format_partial_date(value)
        return value

    def to_python(self, value):
        if isinstance(value, PartialDate):
            return value
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return partial_date_parser(value)
        except CellError as error:
            raise ValidationError(error.message, code=error.code) from None

    def has_changed(self, initial, data):
        """Changed when the date or its precision differs: 2016-12 typed over 2016-12-06 is a change."""
        try:
            return self.to_python(data) != self.to_python(initial)
        except ValidationError:
            return True


def stored(instance, name: str) -> PartialDate | None:
    """The record's date `name` with its precision."""
    value = getattr(instance, name)
    return PartialDate(value, getattr(instance, f"{name}_precision")) if value is not None else None


class PartialDatesForm:
    """For a ModelForm of `Member`: each of its dates in `PARTIAL_DATES` becomes a PartialDateField
    that shows the record's date at its precision. After cleaning, `cleaned_data` holds the date
    and its `<name>_precision` (in `changed_data` too when the date changed), as the services take
    them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        given = kwargs.get("initial") or {}
        for name in self.partial_dates():
            model_field = self._meta.model._meta.get_field(name)
            replaced = self.fields[name]
            self.fields[name] = PartialDateField(
                label=model_field.verbose_name,
                required=replaced.required,
                help_text=replaced.help_text,
            )
            if self.instance.pk is not None and name not in given:
                self.initial[name] = stored(self.instance, name)

    def partial_dates(self) -> list[str]:
        return [name for name in PARTIAL_DATES if name in self.fields]

    def clean(self):
        # Before the other clean()s, which may refuse the form (a stale version): the instance the
        # ModelForm then builds takes dates, not PartialDates.
        cleaned = self.cleaned_data
        for name in self.partial_dates():
            if name not in cleaned:  # refused: its error is on the field
                continue
            partial = cleaned[name]
            precision = partial.precision if partial else DAY
            cleaned[name] = partial.date if partial else None
            cleaned[f"{name}_precision"] = precision
            # The model's clean() compares a month-only birth date by month: it needs the precision now.
            setattr(self.instance, f"{name}_precision", precision)
        return super().clean()

    @cached_property
    def changed_data(self):
        changed = super().changed_data
        return changed + [f"{name}_precision" for name in changed if name in PARTIAL_DATES]
