"""The lost-contact case list's filter (django-filter); every choice offered is already scoped."""

import django_filters
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.filtering import NamedChoiceFilter
from branches.models import Organization
from registry.members.filters import search_members
from registry.models import LostContactCase, Member


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or ID number"), method="filter_search")
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=LostContactCase.Outcome.choices)
    reason = django_filters.ChoiceFilter(label=_("Reason"), choices=LostContactCase.Reason.choices)
    organization = NamedChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )

    # The columns a person may sort by (branches.filtering); the export follows the list.
    sort_columns = {
        "lost_on": "lost_on",
        "name": "member__name",
        "organization": ("member__organization__path",),
        "reason": "reason",
        "searches": "search_count",
        "outcome": "outcome",
        "closed_on": "closed_on",
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
