"""The filter of the service ledger (django-filter): state, kind and year opened, each read through
a form field, so that a value the page cannot use is said on the page instead of reaching the database."""

import django_filters
from django.utils.translation import gettext_lazy as _

from outreach.filtering import YearFilter
from outreach.models import ServiceCase


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
