"""What the outreach lists' FilterSets share (django-filter), so that every list reads its query
string through form fields the way the roster does (registry.members.selectors.filtered_members):

- a year is a whole number from 2000 to 2100 (branches.filtering's YearFilter within the
  outreach's years), said in one sentence when it is not (`?year=abc`, `?year=²`, `?year=0` used
  to reach the database and fail there);
- `filtered(filterset)`: no filter → the whole (scoped) list; an invalid filter → nothing, with its
  errors on the form for the page to show; valid → the filtered list;
- `refuse_unseen_organization`: an organization the user cannot see is answered as a guessed URL
  is (404), as the keeping-in-touch lists always did;
- `OrganizationFilter` and `ScopedFilterSet`: an organization among those the user sees, meaning
  it and everything below it.
"""

import django_filters
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from branches import access
from branches import filtering as registry_filtering
from branches.filtering import filtered, id_from, sorted_rows, without_page  # noqa: F401 (the lists call them through this module)
from branches.models import Organization

# The years the outreach lists and pages take (narrower than the registry's FIRST_YEAR..LAST_YEAR).
FIRST_YEAR, LAST_YEAR = 2000, 2100


class YearFilter(registry_filtering.YearFilter):
    """`?year=2026` on a date (lookup_expr="year") or on a year column (the default, exact), within
    the outreach's years."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("first", FIRST_YEAR)
        kwargs.setdefault("last", LAST_YEAR)
        super().__init__(*args, **kwargs)


def cleaned_value(filterset: django_filters.FilterSet, name: str, default=None):
    """One filter's value as its form field cleaned it; `default` when absent or invalid."""
    if not filterset.is_bound:
        return default
    filterset.is_valid()
    value = filterset.form.cleaned_data.get(name)
    return default if value in (None, "") else value


def refuse_unseen_organization(filterset: django_filters.FilterSet, name: str = "organization") -> None:
    """An organization id that is not among those the user sees is a 404, as for a guessed URL (a
    secretary learns nothing of other branches); what is not an id at all stays a form error."""
    if not filterset.is_bound or filterset.is_valid() or name not in filterset.form.errors:
        return
    if id_from(filterset.data.get(name)) is not None:
        raise Http404


class OrganizationFilter(django_filters.ModelChoiceFilter):
    """An organization the user sees (the FilterSet scopes the choices); it means it and everything
    below it."""

    def __init__(self, *, prefix: str, **kwargs):
        kwargs.setdefault("label", _("Party organization"))
        kwargs.setdefault("queryset", Organization.objects.none())
        kwargs.setdefault("empty_label", _("All I can see"))
        super().__init__(**kwargs)
        self.prefix = prefix

    def filter(self, queryset, value):
        if value is None:
            return queryset
        return queryset.filter(access.subtree_filter(value, prefix=self.prefix))


class ScopedFilterSet(django_filters.FilterSet):
    """A FilterSet whose organization choices are those the user sees."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if "organization" in self.filters:
            self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")
