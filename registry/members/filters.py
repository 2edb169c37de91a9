"""The roster's filters (django-filter). Every choice offered is already scoped to the user."""

import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.models import Enterprise, Organization
from branches.phones import normalize_phone
from registry import sixknowns
from registry.dues import months as dues_months
from registry.idnumbers import normalize_id_number
from registry.models import Member

ID_FRAGMENT = re.compile(r"^[0-9]{3,17}X?$|^[0-9]{17}[0-9X]$")


def search_members(queryset, text: str, *, user):
    """Name, the full ID number, the last digits of the ID, or a phone number (or part of one).

    For a user who sees ID numbers and phones masked (access.sees_personal_data), an ID number or
    a phone matches only as a whole value: a search for its last digits would tell them, one digit
    at a time, what the mask hides."""
    text = (text or "").strip()
    if not text:
        return queryset
    condition = Q(name__icontains=text)
    whole_values_only = not access.sees_personal_data(user)
    id_text = normalize_id_number(text)
    if ID_FRAGMENT.match(id_text):
        if len(id_text) == 18:
            condition |= Q(id_number=id_text)
        elif not whole_values_only:
            condition |= Q(id_number__endswith=id_text)
    digits = normalize_phone(text)
    if digits.isdigit() and len(digits) >= 4:
        condition |= Q(phone=digits) if whole_values_only else Q(phone__contains=digits)
    return queryset.filter(condition)


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    organization = django_filters.ModelChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )
    below = django_filters.ChoiceFilter(
        label=_("Organizations below"),
        choices=[("include", _("included")), ("exclude", _("this organization only"))],
        method="filter_below",
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Member.Category.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Member.Status.choices)
    enterprise = django_filters.ModelChoiceFilter(label=_("Enterprise"), queryset=Enterprise.objects.none())
    six_knowns = django_filters.ChoiceFilter(
        label=_("Six knowns"),
        choices=[("complete", _("complete")), ("incomplete", _("incomplete"))],
        method="filter_six_knowns",
    )
    lost_contact = django_filters.BooleanFilter(label=_("Lost contact"))
    dues = django_filters.ChoiceFilter(
        label=_("Dues"),
        choices=[
            ("paid_up", _("paid up")), ("unpaid_3", _("3 or more months unpaid")),
            ("unpaid_6", _("6 or more months unpaid")), ("unknown", _("no ledger entry")),
        ],
        method="filter_dues",
    )

    # The columns of the roster a person may sort by (branches.filtering): the export follows.
    sort_columns = {
        "name": "name", "id_number": "id_number", "organization": ("organization__path", "name"),
        "category": "category", "status": "status", "enterprise": "enterprise__name",
        "six_knowns": "six_knowns_count", "joined": "joined",
    }

    class Meta:
        model = Member
        fields = ["q", "organization", "below", "category", "status", "enterprise", "six_knowns", "lost_contact", "dues"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")
        self.filters["enterprise"].queryset = Enterprise.objects.order_by("name")

    def filter_search(self, queryset, name, value):
        return search_members(queryset, value, user=self.user)

    def filter_organization(self, queryset, name, value):
        """An organization means it and everything below it: a general branch's roster is its branches'
        (unless `below=exclude` asks for its own members alone, as the organization list counts them)."""
        if self.form.cleaned_data.get("below") == "exclude":
            return queryset.filter(organization=value)
        return queryset.filter(access.subtree_filter(value, prefix="organization__"))

    def filter_below(self, queryset, name, value):
        return queryset  # read by filter_organization

    def filter_six_knowns(self, queryset, name, value):
        if value == "complete":
            return queryset.filter(sixknowns.APPLICABLE & sixknowns.COMPLETE)
        if value == "incomplete":
            return queryset.filter(sixknowns.APPLICABLE & ~sixknowns.COMPLETE)
        return queryset

    def filter_dues(self, queryset, name, value):
        """Months unpaid as of today (docs/lifecycle.md#months-unpaid): the figures' drill-down."""
        return queryset.filter(dues_months.dues_state(value)) if value else queryset
