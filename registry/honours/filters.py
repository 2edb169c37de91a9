"""The filters of the honours and representatives lists (django-filter): every value read through a
form field, every organization offered already scoped to the user (branches.filtering)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches import access, clock
from branches.filtering import AllSelect, NamedChoiceFilter, YearFilter
from branches.models import Organization
from registry.members.filters import search_members
from registry.models import BodyLevel, Honour, Member, Representative


class _ScopedFilterSet(django_filters.FilterSet):
    """A search by name or ID number, and an organization among those the user sees (it and below)."""

    q = django_filters.CharFilter(label=_("Name or ID number"), method="filter_search")
    organization = NamedChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")

    def filter_organization(self, queryset, name, value):
        return queryset.filter(access.subtree_filter(value, prefix="organization__"))

    def members_found(self, value):
        # Former members too: a commendation may be posthumous.
        return search_members(Member.all_members.all(), value, user=self.user).values("pk")


class HonourFilter(_ScopedFilterSet):
    year = YearFilter(label=_("Year"), field_name="date", lookup_expr="year")
    title = django_filters.ChoiceFilter(label=_("Title"), choices=Honour.Title.choices)
    level = django_filters.ChoiceFilter(label=_("Level"), field_name="body_level", choices=BodyLevel.choices)
    state = django_filters.ChoiceFilter(label=_("State"), choices=Honour.State.choices)
    recipient = django_filters.ChoiceFilter(
        label=_("Commended"),
        choices=[("member", _("Members")), ("organization", _("Organizations"))],
        method="filter_recipient",
    )

    # The columns a person may sort by (branches.filtering); the export follows the same order.
    sort_columns = {
        "date": "date",
        "title": ("title", "title_text"),
        "name": ("member__name", "organization__name"),
        "organization": ("organization__path",),
        "body": "body",
        "level": "body_level",
        "state": "state",
    }

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(member__in=self.members_found(value))
            | Q(member__isnull=True, organization__name__icontains=value.strip())
        )

    def filter_recipient(self, queryset, name, value):
        return queryset.filter(member__isnull=(value == "organization"))


class RepresentativeFilter(_ScopedFilterSet):
    body = django_filters.ChoiceFilter(label=_("Body"), choices=Representative.Body.choices)
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Representative.Level.choices)
    serving = django_filters.BooleanFilter(label=_("Serving today"), method="filter_serving", widget=AllSelect)

    sort_columns = {
        "name": "member__name",
        "organization": ("organization__path",),
        "body": "body",
        "level": "level",
        "term_start": "term_start",
        "term_end": "term_end",
    }

    def filter_search(self, queryset, name, value):
        return queryset.filter(member__in=self.members_found(value))

    def filter_serving(self, queryset, name, value):
        # registry/honours/rules.in_office, as a query: from the term's first day to its last.
        today = clock.today()
        serving = Q(term_start__lte=today) & (Q(term_end__isnull=True) | Q(term_end__gte=today))
        return queryset.filter(serving) if value else queryset.exclude(serving)
