"""How every list reads its query string (django-filter): through a FilterSet's form fields, so
that bad input is a message on the form and an empty list, never a query that fails.

    filterset, rows = filtered(SomeFilter(without_page(params) or None, queryset=scoped_rows))

A single value outside a list (`?organization=` to open a form with, a posted id, `?year=`) is read
through the same kind of form field (`id_from`, `year_from`), never with int(): `²` passes
str.isdigit() and fails int(), and an id beyond 64 bits overflows SQLite.
"""

import django_filters
from django import forms
from django.db.models import QuerySet
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


class RecordsField(forms.ModelMultipleChoiceField):
    """Several records picked by id (checkboxes): what cannot be an id (`²`, one beyond 64 bits,
    which SQLite cannot even compare in `pk__in`) is refused as an unknown choice, before the query."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        if key == "pk":
            for each in value if isinstance(value, (list, tuple)) else [value]:
                if id_from(each) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": each},
                    )
        return super()._check_values(value)


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


def year_from(value, default: int, *, first: int, last: int) -> int:
    """A year from `first` to `last` as a query string gives it; `default` otherwise."""
    return cleaned(forms.IntegerField(required=False, min_value=first, max_value=last), value, default)


def without_page(params):
    """The query string without the page number: `?page=2` alone is no filter."""
    params = params.copy()
    params.pop("page", None)
    return params


def filtered(filterset: django_filters.FilterSet) -> tuple[django_filters.FilterSet, QuerySet]:
    """The list as a page shows it: unfiltered when nothing is asked; nothing when a filter is
    invalid (its errors are on `filterset.form`, for the page to show); otherwise filtered."""
    if not filterset.is_bound:
        return filterset, filterset.queryset
    if not filterset.is_valid():
        return filterset, filterset.queryset.none()
    return filterset, filterset.qs
