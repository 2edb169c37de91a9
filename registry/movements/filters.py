"""The movement lists' filters (django-filter); every choice offered is already scoped to the user."""

import django_filters
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.filtering import NamedChoiceFilter, YearFilter
from branches.models import Organization
from registry.members.filters import search_members
from registry.models import Member, Movement


class FormerMemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or ID number"), method="filter_search")
    organization = NamedChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )
    left_as = django_filters.ChoiceFilter(
        label=_("Reason for leaving"), choices=[(kind.value, kind.label) for kind in Movement.DEPARTURES]
    )
    year = YearFilter(label=_("Year left"), field_name="left_on", lookup_expr="year")

    # The columns a person may sort by (branches.filtering); an export of the list follows.
    sort_columns = {
        "name": "name",
        "id_number": "id_number",
        "organization": ("organization__path", "name"),
        "reason": "left_as",
        "left_on": "left_on",
        "left_to": "left_to",
    }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")

    def filter_search(self, queryset, name, value):
        return search_members(queryset, value, user=self.user)

    def filter_organization(self, queryset, name, value):
        return queryset.filter(access.subtree_filter(value, prefix="organization__"))


class MovementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or ID number"), method="filter_search")
    kind = django_filters.ChoiceFilter(label=_("Event"), choices=Movement.Kind.choices)
    organization = NamedChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )
    year = YearFilter(label=_("Year"), field_name="date", lookup_expr="year")

    # The columns a person may sort by (branches.filtering); an export of the list follows.
    sort_columns = {
        "date": "date",
        "kind": "kind",
        "name": "member__name",
        "organization": ("organization__path",),
        "other_side": "other_side",
        "letter_number": "letter_number",
        "reason": "reason",
    }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")

    def filter_search(self, queryset, name, value):
        matching = search_members(Member.all_members.all(), value, user=self.user).values("pk")
        return queryset.filter(member__in=matching)

    def filter_organization(self, queryset, name, value):
        return queryset.filter(access.subtree_filter(value, prefix="organization__"))
