"""The dues lists' filters (django-filter), used inside the selectors: every choice offered is
already scoped to the user."""

import django_filters
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.filtering import NamedChoiceFilter
from branches.models import Organization
from registry.members.filters import search_members
from registry.models import Member


class UnpaidFilter(django_filters.FilterSet):
    """The reminder list and the list to decide on: by organization (it and everything below it)
    and by name, ID number or phone."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    organization = NamedChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )

    # The columns a person may sort by (branches.filtering); an export of the list follows.
    sort_columns = {
        "name": "name",
        "organization": ("organization__path", "name"),
        "paid_through": "dues_paid_through",
        "months": "dues_paid_through",
    }

    class Meta:
        model = Member
        fields = ["q", "organization"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")

    def filter_search(self, queryset, name, value):
        return search_members(queryset, value, user=self.user)

    def filter_organization(self, queryset, name, value):
        return queryset.filter(access.subtree_filter(value, prefix="organization__"))
