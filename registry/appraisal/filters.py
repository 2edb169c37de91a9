"""The filters of the appraisal's lists (django-filter): every value read through a form field, every
organization and round offered already scoped to the user (branches.filtering)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.filtering import NamedChoiceFilter, YearFilter
from branches.models import Organization
from registry.appraisal import rules
from registry.members.filters import search_members
from registry.models import AppraisalResult, AppraisalRound, Member

GRADE_CHOICES = [*AppraisalResult.Grade.choices, (rules.NOT_GRADED, _("Not graded"))]


class _OrganizationFilterSet(django_filters.FilterSet):
    organization = NamedChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )
    ORGANIZATION_PATH = "organization__"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")

    def filter_organization(self, queryset, name, value):
        return queryset.filter(access.subtree_filter(value, prefix=self.ORGANIZATION_PATH))


class RoundFilter(_OrganizationFilterSet):
    year = YearFilter(label=_("Year"), field_name="year")

    sort_columns = {
        "organization": "organization__path",
        "year": "year",
        "decided_on": "decided_on",
        "participants": "participants",
        **{grade: grade for grade in rules.GRADES},
        rules.NOT_GRADED: rules.NOT_GRADED,
    }


class ResultFilter(_OrganizationFilterSet):
    ORGANIZATION_PATH = "appraisal_round__organization__"

    q = django_filters.CharFilter(label=_("Name or ID number"), method="filter_search")
    year = YearFilter(label=_("Year"), field_name="appraisal_round__year")
    grade = django_filters.ChoiceFilter(label=_("Grade"), choices=GRADE_CHOICES, method="filter_grade")
    outcome = django_filters.ChoiceFilter(label=_("Action taken"), choices=AppraisalResult.Outcome.choices)
    appraisal_round = django_filters.ModelChoiceFilter(
        label=_("Round"), queryset=AppraisalRound.objects.none(), field_name="appraisal_round"
    )

    sort_columns = {
        "name": "member__name",
        "organization": "appraisal_round__organization__path",
        "year": "appraisal_round__year",
        "grade": "grade",
        "outcome": "outcome",
        "deadline": "correction_deadline",
    }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["appraisal_round"].queryset = AppraisalRound.objects.filter(access.organization_scope(user))

    def filter_search(self, queryset, name, value):
        # Former members too: a result is history.
        return queryset.filter(member__in=search_members(Member.all_members.all(), value, user=self.user).values("pk"))

    def filter_grade(self, queryset, name, value):
        return queryset.filter(Q(grade="") if value == rules.NOT_GRADED else Q(grade=value))
