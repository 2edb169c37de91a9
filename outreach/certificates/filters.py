"""Filters of the certificate register and of the reverse issuance list; choices already scoped."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.models import Organization
from outreach.certificates.reviews import review_filter
from outreach.filtering import YearFilter
from outreach.models import Certificate, ReverseIssuanceRequest
from registry.members.filters import search_members


def _search(queryset, text, *, user):
    """Name, ID number (or its last digits), phone — as on the roster — or the certificate number."""
    text = (text or "").strip()
    if not text:
        return queryset
    from registry.models import Member

    matching = search_members(Member.objects.all(), text, user=user).values("pk")
    condition = Q(member__in=matching)
    if hasattr(queryset.model, "number"):
        condition |= Q(number__iexact=text)
    return queryset.filter(condition)


class _ScopedFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    organization = django_filters.ModelChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")

    def filter_search(self, queryset, name, value):
        return _search(queryset, value, user=self.user)

    def filter_organization(self, queryset, name, value):
        """An organization means it and everything below it."""
        return queryset.filter(access.subtree_filter(value, prefix="member__organization__"))


class CertificateFilter(_ScopedFilter):
    state = django_filters.ChoiceFilter(
        label=_("State"),
        method="filter_state",
        choices=[("valid", _("Valid")), ("ended", _("Ended"))] + list(Certificate.EndReason.choices),
    )
    review = django_filters.ChoiceFilter(
        label=_("Yearly review"),
        method="filter_review",
        choices=[("due", _("due within 30 days")), ("overdue", _("overdue"))],
    )
    reason = django_filters.ChoiceFilter(label=_("Reason for going out"), choices=Certificate.Reason.choices)
    issuance = django_filters.ChoiceFilter(label=_("How issued"), choices=Certificate.Issuance.choices)
    issued_year = YearFilter(label=_("Year issued"), field_name="issued_on", lookup_expr="year")

    # The columns a person may sort by (branches.filtering); an export of the list follows.
    sort_columns = {
        "name": "member__name",
        "organization": ("member__organization__path", "member__name"),
        "issued_on": "issued_on",
        "reason": "reason",
        "destination": "destination",
        "left_on": "left_on",
        "number": "number",
        "review": "last_reviewed",
    }

    class Meta:
        model = Certificate
        fields = ["q", "organization", "state", "review", "reason", "issuance", "issued_year"]

    def filter_state(self, queryset, name, value):
        if value == "valid":
            return queryset.filter(ended_on__isnull=True)
        if value == "ended":
            return queryset.filter(ended_on__isnull=False)
        return queryset.filter(end_reason=value)

    def filter_review(self, queryset, name, value):
        return queryset.filter(review_filter(value))


class RequestFilter(_ScopedFilter):
    state = django_filters.ChoiceFilter(
        label=_("State"),
        method="filter_state",
        choices=[("open", _("Under way"))] + list(ReverseIssuanceRequest.State.choices),
    )

    # The columns a person may sort by (branches.filtering); an export of the list follows.
    sort_columns = {
        "member": "member__name",
        "organization": ("member__organization__path", "member__name"),
        "home_organization": "home_organization",
        "filed_on": "filed_on",
        "state": "state",
    }

    class Meta:
        model = ReverseIssuanceRequest
        fields = ["q", "organization", "state"]

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(state__in=ReverseIssuanceRequest.OPEN_STATES)
        return queryset.filter(state=value)
