"""The filters of the liaison letters' register (django-filter): each query parameter read through
a form field, so that a value the page cannot use is said on the page."""

import django_filters
from django.utils.translation import gettext_lazy as _

from outreach.filtering import YearFilter
from outreach.models import LiaisonLetter


class LetterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Home organization"), field_name="home_organization", lookup_expr="icontains")
    year = YearFilter(label=_("Year"))
    half = django_filters.ChoiceFilter(label=_("Half year"), choices=LiaisonLetter.Half.choices)
    state = django_filters.ChoiceFilter(label=_("State"), choices=LiaisonLetter.State.choices)

    # The columns a person may sort by (branches.filtering); an export of the list follows.
    sort_columns = {
        "home_organization": "home_organization",
        "period": ("year", "half"),
        "member_count": "member_count",
        "state": "state",
        "sent_on": "sent_on",
        "sent_via": "sent_via",
    }

    class Meta:
        model = LiaisonLetter
        fields = ["q", "year", "half", "state"]
