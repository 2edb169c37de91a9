"""The filters of the activity lists (django-filter): each query parameter read through a form
field, so that a value the page cannot use is said on the page instead of reaching the database.
Organization choices are already scoped to the user."""

import django_filters
from django.utils.translation import gettext_lazy as _

from branches.models import Organization
from outreach.filtering import OrganizationFilter, ScopedFilterSet, YearFilter, cleaned_value
from registry.models import Gathering, GatheringKind, Member


class ActivityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=GatheringKind.Kind.choices, method="filter_kind")
    year = YearFilter(label=_("Year"), field_name="date", lookup_expr="year")

    # The columns a person may sort by (branches.filtering); an export of the list follows.
    sort_columns = {
        "date": "date",
        "kind": "first_kind",
        "title": "topic",
        "organizer": "organization__name",
        "place": "place",
        "attendees": "attendee_count",
    }

    class Meta:
        model = Gathering
        fields = ["kind", "year"]

    def filter_kind(self, queryset, name, value):
        return queryset.filter(kinds__kind=value)


class AbsenteeFilter(ScopedFilterSet):
    """Members who attended no activity in a year (this year unless one is asked for)."""

    year = YearFilter(label=_("Year"), method="keep")
    organization = OrganizationFilter(prefix="organization__")

    class Meta:
        model = Member
        fields = ["year", "organization"]

    def __init__(self, *args, default_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_year = default_year

    @property
    def year_shown(self) -> int:
        return cleaned_value(self, "year", self.default_year)

    @property
    def organization_shown(self) -> Organization | None:
        return cleaned_value(self, "organization")

    def keep(self, queryset, name, value):
        return queryset
