"""What every keeping-in-touch record checks about its dates."""

from django.utils.translation import gettext_lazy as _

from branches import clock


def not_in_future(value, field: str, errors: dict) -> None:
    """Records describe what happened: a date after today is a typing mistake."""
    if value and value > clock.today():
        errors[field] = _("The date cannot be in the future: enter the day it happened (today at the latest).")
