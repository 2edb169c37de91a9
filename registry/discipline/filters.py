"""The discipline register's filter (django-filter); every choice offered is already scoped to the user."""

import django_filters
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.filtering import NamedChoiceFilter, YearFilter
from branches.models import Organization
from registry.members.filters import search_members
from registry.models import Discipline, Member


class DisciplineFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or ID number"), method="filter_search")
    kind = django_filters.ChoiceFilter(label=_("Discipline"), choices=Discipline.Kind.choices)
    breach = django_filters.ChoiceFilter(label=_("Kind of breach"), choices=Discipline.Breach.choices)
    organization = NamedChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )
    year = YearFilter(label=_("Year"), field_name="date", lookup_expr="year")

    # The columns a person may sort by (branches.filtering); the export follows the list.
    sort_columns = {
        "date": "date",
        "kind": "kind",
        "name": "member__name",
        "organization": ("member__organization__path",),
        "deciding_organization": "deciding_organization",
        "breach": "breach",
        "ends_on": "ends_on",
    }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")

    def filter_search(self, queryset, name, value):
        matching = search_members(Member.all_members.all(), value, user=self.user).values("pk")
        return queryset.filter(member__in=matching)

    def filter_organization(self, queryset, name, value):
        return queryset.filter(access.subtree_filter(value, prefix="member__organization__"))
