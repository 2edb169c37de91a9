"""The filters of the keeping-in-touch lists (django-filter): each query parameter read through a
form field, so that a value the page cannot use is said on the page instead of reaching the
database. Organization choices are already scoped to the user."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.models import Organization
from outreach.contacts.quarters import Quarter
from outreach.filtering import FIRST_YEAR, LAST_YEAR, YearFilter, cleaned_value
from outreach.models import Activity, ServiceCase, Visit, VisitOccasion
from registry.models import Member

QUARTER_MESSAGE = _("Enter a quarter as the year and its number, for example 2026-4.")
MAX_LOST_TOUCH_DAYS = 3650  # ten years: the longest silence the lost-touch list asks about
DAYS_MESSAGE = _("Enter a number of days from 1 to 3650.")


class QuarterField(forms.CharField):
    """`2026-4` → Quarter(2026, 4): a year from 2000 to 2100 and a quarter from 1 to 4."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        year, _dash, number = text.partition("-")
        if not (year.isascii() and year.isdigit() and number.isascii() and number.isdigit()):
            raise forms.ValidationError(QUARTER_MESSAGE, code="invalid")
        year, number = int(year), int(number)
        if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= number <= 4):
            raise forms.ValidationError(QUARTER_MESSAGE, code="invalid")
        return Quarter(year, number)


class DaysField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_LOST_TOUCH_DAYS)
        kwargs.setdefault(
            "error_messages", {"invalid": DAYS_MESSAGE, "min_value": DAYS_MESSAGE, "max_value": DAYS_MESSAGE}
        )
        super().__init__(**kwargs)


class DaysFilter(django_filters.Filter):
    field_class = DaysField


class QuarterFilter(django_filters.Filter):
    field_class = QuarterField

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(
            **{f"{self.field_name}__gte": value.first_day, f"{self.field_name}__lte": value.last_day}
        )


class OrganizationFilter(django_filters.ModelChoiceFilter):
    """An organization the user sees (the FilterSet scopes the choices); it means it and everything
    below it."""

    def __init__(self, *, prefix: str, **kwargs):
        kwargs.setdefault("label", _("Party organization"))
        kwargs.setdefault("queryset", Organization.objects.none())
        kwargs.setdefault("empty_label", _("All I can see"))
        super().__init__(**kwargs)
        self.prefix = prefix

    def filter(self, queryset, value):
        if value is None:
            return queryset
        return queryset.filter(access.subtree_filter(value, prefix=self.prefix))


class _ScopedFilterSet(django_filters.FilterSet):
    """A FilterSet whose organization choices are those the user sees."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if "organization" in self.filters:
            self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")


class ActivityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Activity.Kind.choices)
    year = YearFilter(label=_("Year"), field_name="date", lookup_expr="year")

    # The columns a person may sort by (branches.filtering); an export of the list follows.
    sort_columns = {
        "date": "date",
        "kind": "kind",
        "title": "title",
        "organizer": "organizer__name",
        "place": "place",
        "attendees": "attendee_count",
    }

    class Meta:
        model = Activity
        fields = ["kind", "year"]


class CaseFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[("open", _("Open")), ("closed", _("Closed"))],
        method="filter_state",
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ServiceCase.Kind.choices)
    year = YearFilter(label=_("Year opened"), field_name="opened", lookup_expr="year")

    # The columns a person may sort by (branches.filtering); an export of the list follows.
    sort_columns = {
        "opened": "opened",
        "kind": "kind",
        "summary": "summary",
        "organization": ("organization__path",),
        "closed": "closed",
        "amount": "amount",
        "people": "people_served",
    }

    class Meta:
        model = ServiceCase
        fields = ["state", "kind", "year"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(closed__isnull=(value == "open"))


class VisitFilter(django_filters.FilterSet):
    """The visits list of the six must-visits page (the page's `year` is that of its counts, read
    apart: it does not filter this list)."""

    quarter = QuarterFilter(label=_("Quarter"), field_name="date")
    kind = django_filters.ChoiceFilter(label=_("Occasion"), choices=VisitOccasion.choices)

    # The columns a person may sort by (branches.filtering); an export of the list follows.
    sort_columns = {
        "date": "date",
        "kind": "kind",
        "member": "member__name",
        "organization": ("member__organization__path", "member__name"),
    }

    class Meta:
        model = Visit
        fields = ["quarter", "kind"]


class LostTouchFilter(_ScopedFilterSet):
    """How long without contact, and under which organization. The lost-touch list is two
    index-driven parts rather than one queryset (selectors.LostTouchList): the selector builds it
    from these cleaned values instead of filtering a queryset."""

    days = DaysFilter(label=_("Days without contact"), method="keep")
    organization = OrganizationFilter(prefix="organization__")

    class Meta:
        model = Member
        fields = ["days", "organization"]

    def __init__(self, *args, default_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_days = default_days

    @property
    def days_shown(self) -> int:
        return cleaned_value(self, "days", self.default_days)

    @property
    def organization_shown(self) -> Organization | None:
        return cleaned_value(self, "organization")

    def keep(self, queryset, name, value):
        return queryset


class AbsenteeFilter(_ScopedFilterSet):
    """Members who attended no activity in a year (this year unless one is asked for)."""

    year = YearFilter(label=_("Year"), method="keep")
    organization = OrganizationFilter(prefix="organization__")

    class Meta:
        model = Member
        fields = ["year", "organization"]

    def __init__(self, *args, default_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_year = default_year

    @property
    def year_shown(self) -> int:
        return cleaned_value(self, "year", self.default_year)

    @property
    def organization_shown(self) -> Organization | None:
        return cleaned_value(self, "organization")

    def keep(self, queryset, name, value):
        return queryset
