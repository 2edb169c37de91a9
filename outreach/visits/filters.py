"""The filter of the visits list (django-filter): a quarter and an occasion, each read through a
form field, so that a value the page cannot use is said on the page instead of reaching the database."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.filtering import FIRST_YEAR, LAST_YEAR
from outreach.models import Visit, VisitOccasion
from outreach.visits.quarters import Quarter

QUARTER_MESSAGE = _("Enter a quarter as the year and its number, for example 2026-4.")


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


class QuarterFilter(django_filters.Filter):
    field_class = QuarterField

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(
            **{f"{self.field_name}__gte": value.first_day, f"{self.field_name}__lte": value.last_day}
        )


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
