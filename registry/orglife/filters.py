"""The meeting list's filter (django-filter): organization (with the organizations below it), kind
and year, each read through a form field; the organizations offered are those the user sees."""

import django_filters
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.filtering import NamedChoiceFilter, YearFilter
from branches.models import Organization
from registry.models import Gathering, GatheringKind


class GatheringFilter(django_filters.FilterSet):
    organization = NamedChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=GatheringKind.Kind.choices, method="filter_kind")
    year = YearFilter(label=_("Year"), field_name="date", lookup_expr="year")

    # The columns a person may sort by (branches.filtering); the export follows.
    sort_columns = {
        "date": "date",
        "organization": ("organization__path",),
        "kind": "first_kind",
        "topic": "topic",
        "place": "place",
        "took_part": "took_part_count",
    }

    class Meta:
        model = Gathering
        fields = ["organization", "kind", "year"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")

    def filter_organization(self, queryset, name, value):
        return queryset.filter(access.subtree_filter(value, prefix="organization__"))

    def filter_kind(self, queryset, name, value):
        return queryset.filter(kinds__kind=value)
