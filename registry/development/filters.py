"""The candidate list's filters (django-filter). Every choice offered is already scoped to the user."""

import django_filters
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.filtering import NamedChoiceFilter, YearFilter
from branches.models import Organization
from registry.members.filters import search_members
from registry.models import Candidate, Stage, stage_q


class CandidateFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    organization = NamedChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices, method="filter_stage")

    admitted_year = YearFilter(field_name="admitted", lookup_expr="year", label=_("Admitted in (year)"))
    made_full_year = YearFilter(field_name="made_full", lookup_expr="year", label=_("Made full in (year)"))

    # The columns a person may sort by (branches.filtering); the export follows.
    sort_columns = {
        "name": "name",
        "organization": ("organization__path", "name"),
        "applied": "applied",
        "activist": "activist",
        "target": "target",
        "admitted": "admitted",
        "made_full": "made_full",
    }

    class Meta:
        model = Candidate
        fields = ["q", "organization", "stage", "admitted_year", "made_full_year"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")

    def filter_search(self, queryset, name, value):
        """Name, the full ID number, its last digits, or a phone number — as on the roster."""
        return search_members(queryset, value, user=self.user)

    def filter_organization(self, queryset, name, value):
        """An organization means it and everything below it."""
        return queryset.filter(access.subtree_filter(value, prefix="organization__"))

    def filter_stage(self, queryset, name, value):
        return queryset.filter(stage_q(value))
