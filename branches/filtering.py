"""How every list reads its query string (django-filter): through a FilterSet's form fields, so
that bad input is a message on the form and an empty list, never a query that fails.

    filterset, rows = filtered(SomeFilter(without_page(params) or None, queryset=scoped_rows))
"""

import django_filters
from django.db.models import QuerySet


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
