"""The year's assessment list's filter (django-filter), used inside the selectors; every organization
offered is already scoped to the user."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches import access
from branches.filtering import NamedChoiceFilter
from branches.models import Organization
from registry.assessment import rules

REPORT_CHOICES = [
    ("uploaded", _("Annual report uploaded")),
    ("missing", _("No annual report")),
    ("graded", _("Annual report graded")),
]


class AssessmentFilter(django_filters.FilterSet):
    """The branches of a year's assessment: by grade and by annual report (applied by the selector to
    the rows it computes or reads), by organization (it and everything below it), by name."""

    grade = django_filters.ChoiceFilter(label=pgettext_lazy("assessment", "Grade"), choices=[], method="keep")
    report = django_filters.ChoiceFilter(label=_("Annual report"), choices=REPORT_CHOICES, method="keep")
    organization = NamedChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Organization
        fields = ["grade", "report", "organization", "q"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")
        self.filters["grade"].extra["choices"] = [(name, name) for name in rules.grade_names()]

    def keep(self, queryset, name, value):
        return queryset  # the rows' grades are computed (or read from the closed year): selectors.year_list

    def filter_organization(self, queryset, name, value):
        return queryset.filter(access.subtree_filter(value))
