"""A record's id as a query string, a form or a URL gives it: a whole number from 1 to MAX_ID, or
nothing. Apart from branches.filtering (which gives these to the lists) so that branches.access can
read an id without the lists' machinery, which itself asks for remembered counts
(branches.remembered → branches.access)."""

from django import forms
from django.utils.translation import gettext_lazy as _

# The largest id a record can have (a 64-bit integer); anything larger is no id at all.
MAX_ID = 2**63 - 1
ID_MESSAGE = _("This is not the number of a record: choose one from the list.")


class IdField(forms.IntegerField):
    """A record's id as a query string or a form gives it: a whole number from 1 to MAX_ID."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        kwargs.setdefault("required", False)
        kwargs.setdefault("error_messages", {"invalid": ID_MESSAGE, "min_value": ID_MESSAGE, "max_value": ID_MESSAGE})
        super().__init__(**kwargs)


def cleaned(field: forms.Field, value, default=None):
    """`value` as `field` cleans it; `default` when it is empty or not valid."""
    try:
        result = field.clean(value)
    except forms.ValidationError:
        return default
    return default if result in (None, "") else result


def id_from(value) -> int | None:
    """A record's id (a query string's, a posted one, a URL's); None for anything that cannot be one."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1 <= value <= MAX_ID else None
    return cleaned(IdField(), value)
