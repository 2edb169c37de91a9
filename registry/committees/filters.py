"""The committee lists' filters (django-filter), used inside the selectors; every choice offered is
already scoped to the user."""

import django_filters
from django.utils.translation import gettext_lazy as _

from branches import access, clock
from branches.filtering import NamedChoiceFilter, YearFilter
from branches.models import Organization
from registry.members.filters import search_members
from registry.models import CommitteeMembership, Election, Member

# The figures a list of organizations may be narrowed to (selectors.FIGURE_KEYS), in words.
STATE_CHOICES = [
    ("with_committee", _("With a committee in office")),
    ("should_have_committee", _("Should set up a committee")),
    ("terms_ending_6_months", _("Term ending within 6 months")),
    ("terms_over", _("Term over")),
    ("postponed", _("Term postponed")),
]


class _Scoped(django_filters.FilterSet):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")

    def filter_organization(self, queryset, name, value):
        return queryset.filter(access.subtree_filter(value, prefix="organization__"))


class CommitteeFilter(django_filters.FilterSet):
    """The organizations' committees: by figure (`state`, applied by the selector to the rows it
    computes), by organization (it and everything below it), by level, by name."""

    state = django_filters.ChoiceFilter(label=_("Committee and term"), choices=STATE_CHOICES, method="keep")
    organization = NamedChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=[c for c in Organization.Level.choices if c[0] != Organization.Level.PARTY_GROUP]
    )
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Organization
        fields = ["state", "organization", "level", "q"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")

    def keep(self, queryset, name, value):
        return queryset  # the rows' states are computed from the records: selectors.committee_list

    def filter_organization(self, queryset, name, value):
        return queryset.filter(access.subtree_filter(value))


class MembershipFilter(_Scoped):
    """Committee posts: in office (default), left, or all; by organization, post and name."""

    OFFICE_CHOICES = [("current", _("In office")), ("ended", _("Left office")), ("all", _("All"))]

    office = django_filters.ChoiceFilter(
        label=_("In office"), choices=OFFICE_CHOICES, method="filter_office", empty_label=None
    )
    organization = NamedChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )
    post = django_filters.ChoiceFilter(label=_("Post"), choices=CommitteeMembership.Post.choices)
    secretary_pool = django_filters.ChoiceFilter(
        label=_("Secretary drawn from"), choices=CommitteeMembership.SecretaryPool.choices
    )
    q = django_filters.CharFilter(label=_("Name or ID number"), method="filter_search")

    sort_columns = {
        "organization": ("organization__path", "post"),
        "name": "member__name",
        "post": ("post", "organization__path"),
        "started": "started_on",
        "ended": "ended_on",
        "pool": "secretary_pool",
    }

    class Meta:
        model = CommitteeMembership
        fields = ["office", "organization", "post", "secretary_pool", "q"]

    def filter_office(self, queryset, name, value):
        if value == "current":
            return queryset.filter(CommitteeMembership.in_office(clock.today()))
        if value == "ended":
            return queryset.exclude(CommitteeMembership.in_office(clock.today()))
        return queryset

    def filter_search(self, queryset, name, value):
        matching = search_members(Member.all_members.all(), value, user=self.user)
        return queryset.filter(member__in=matching.values("pk"))


class ElectionFilter(_Scoped):
    organization = NamedChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )
    year = YearFilter(label=_("Year"), field_name="held_on", lookup_expr="year")

    sort_columns = {
        "organization": ("organization__path", "-held_on"),
        "number": "number",
        "held_on": "held_on",
        "years": "term_years",
        "ends": "ends_on",
        "expected": "voters_expected",
        "present": "voters_present",
    }

    class Meta:
        model = Election
        fields = ["organization", "year"]
