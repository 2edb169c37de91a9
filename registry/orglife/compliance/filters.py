"""The filters of the compliance and participation lists (django-filter), each query parameter read
through a form field; the organizations offered are those the user sees. A kind or a year that the
grid is *about* (not a filter of its rows) is read the same way and shown by `kind_shown`/`year_shown`."""

import django_filters
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.filtering import NamedChoiceFilter, YearFilter
from branches.models import Organization
from registry.models import Exemption, GatheringKind, Member
from registry.orglife.compliance import rules

Kind = GatheringKind.Kind
OWED_KIND_CHOICES = [(kind, Kind(kind).label) for kind in rules.OWED_KINDS]
BEHIND_KIND_CHOICES = [(kind, Kind(kind).label) for kind in rules.BEHIND_KINDS]


class _Scoped(django_filters.FilterSet):
    organization = NamedChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")

    def keep(self, queryset, name, value):
        return queryset  # read by the selector, not a filter of the rows

    def cleaned(self, name: str, default=None):
        if not self.is_bound or not self.is_valid():
            return default
        value = self.form.cleaned_data.get(name)
        return default if value in (None, "") else value


class _OrganizationRows(_Scoped):
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Organization.Level.choices)
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains")

    def filter_organization(self, queryset, name, value):
        return queryset.filter(access.subtree_filter(value))


class GridFilter(_OrganizationRows):
    """The compliance grid: which kind, which year (`kind_shown`, `year_shown`: the branch general
    meeting and the year of the day shown unless asked), which organizations, and `state=not_held` for
    those with a period not held."""

    STATE_CHOICES = [(rules.NOT_HELD, _("With a period not held")), (rules.EXEMPT, _("With a period exempt"))]

    kind = django_filters.ChoiceFilter(label=_("Kind of meeting"), choices=OWED_KIND_CHOICES, method="keep")
    year = YearFilter(label=_("Year"), method="keep")
    state = django_filters.ChoiceFilter(label=_("Show"), choices=STATE_CHOICES, method="keep")

    class Meta:
        model = Organization
        fields = ["kind", "year", "organization", "level", "state", "q"]

    def __init__(self, *args, as_of, **kwargs):
        super().__init__(*args, **kwargs)
        self.as_of = as_of

    @property
    def kind_shown(self) -> str:
        return self.cleaned("kind", Kind.GENERAL_MEETING)

    @property
    def year_shown(self) -> int:
        return self.cleaned("year", self.as_of.year)


class BehindFilter(_OrganizationRows):
    """The organizations behind: one kind or all five, by organization (its subtree) and level."""

    kind = django_filters.ChoiceFilter(label=_("Kind of meeting"), choices=BEHIND_KIND_CHOICES, method="keep")

    class Meta:
        model = Organization
        fields = ["kind", "organization", "level", "q"]


class WithoutLifeFilter(_Scoped):
    """Members without organizational life for six months: by organization (its subtree), category, name."""

    category = django_filters.ChoiceFilter(label=_("Category"), choices=Member.Category.choices)
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains")

    sort_columns = {
        "name": "name",
        "organization": ("organization__path", "name"),
        "category": "category",
        "last_life": "last_life",
        "registered": "registered_on",
    }

    class Meta:
        model = Member
        fields = ["organization", "category", "q"]

    def filter_organization(self, queryset, name, value):
        return queryset.filter(access.subtree_filter(value, prefix="organization__"))


class ExemptionFilter(_Scoped):
    kind = django_filters.ChoiceFilter(label=_("Kind of meeting"), choices=OWED_KIND_CHOICES)
    year = YearFilter(label=_("Year"), field_name="period_start", lookup_expr="year")

    sort_columns = {
        "organization": ("organization__path", "kind", "-period_start"),
        "kind": ("kind", "organization__path"),
        "period": ("period_start", "organization__path"),
        "granted_on": "granted_on",
    }

    class Meta:
        model = Exemption
        fields = ["organization", "kind", "year"]

    def filter_organization(self, queryset, name, value):
        return queryset.filter(access.subtree_filter(value, prefix="organization__"))
