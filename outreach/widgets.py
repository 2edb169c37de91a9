"""What the keeping-in-touch forms share: a date picker that offers no day after today (the
records say what happened; the models' clean() refuses a date in the future)."""

from django import forms

from branches import clock


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"max": clock.today().isoformat(), **(attrs or {})}, format="%Y-%m-%d")


def date_widgets(*names) -> dict:
    """`Meta.widgets` for the named date fields."""
    return {name: DateInput() for name in names}
