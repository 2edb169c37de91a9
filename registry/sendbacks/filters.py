"""The filter of the committee's list of records sent back: state (open by default on the page),
kind, organization among those the user sees."""

import django_filters
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.filtering import NamedChoiceFilter
from branches.models import Organization
from registry.models import SendBack


class SendBackFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=SendBack.State.choices)
    kind = django_filters.ChoiceFilter(label=_("Record"), choices=SendBack.Kind.choices)
    organization = NamedChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )

    sort_columns = {
        "asked": "asked_at",
        "organization": ("organization__path",),
        "state": "state",
        "answered": "answered_at",
    }

    class Meta:
        model = SendBack
        fields = ["state", "kind", "organization"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")

    def filter_organization(self, queryset, name, value):
        return queryset.filter(access.subtree_filter(value, prefix="organization__"))
