"""The roster's filters (django-filter). Every choice offered is already scoped to the user."""

import operator
import re
from functools import reduce

import django_filters
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.utils.translation import gettext_lazy as _

from branches import access, pinyin
from branches.filtering import NamedChoiceFilter
from branches.models import Enterprise, Organization
from branches.phones import normalize_phone
from registry import sixknowns
from registry.dues import rules as dues_rules
from registry.idnumbers import normalize_id_number
from registry.models import Member

# A number typed into the search box as (part of) an ID number: digits, an X only at the end.
ID_DIGITS = re.compile(r"^(?=.{3,18}$)[0-9]+X?$")  # 3 to 18 characters of an ID number: its last 3 may be "63X"
WHOLE_ID_NUMBER = 18
SHORTEST_PART = 4  # digits of an ID number or a phone found anywhere in it; 3 only as its last digits
SPACES = re.compile(r"\s+")  # \s covers the full-width space (U+3000) too
UNKNOWN_POST_CATEGORY = "unknown"  # ?post_category=unknown: the members whose 工作岗位 is not known yet


def search_members(queryset, text: str, *, user):
    """People (members or candidates) by name, ID number or phone; `queryset` is already scoped to
    the user, and the search only narrows it.

    - A name without its spaces: "吴 海" finds 吴海, and 吴海 a name kept as "吴 海".
    - A name by its pinyin, as typed on a phone: the initials ("lxy" for 林秀英) or the
      full pinyin ("linxiuying", "Lin Xiuying"), any part of either (branches/pinyin.py).
    - A whole ID number, any 4 or more consecutive digits of one (its first digits 350203, the
      birth date 19731208, the last digits) and its last 3.
    - A whole phone number, or any 4 or more consecutive digits of one.

    For a user who sees ID numbers and phones masked (access.sees_personal_data), a number typed
    matches nothing, whole or in part: a search for part of one would tell them, one digit at a
    time, what the mask hides, and a whole one would confirm a guess made from what the page shows
    (the masked number's ends and the birth year leave a few thousand candidates; issue 20 §1).
    They find people by name.

    A number is not looked for in names (none holds digits), and a whole ID number is looked for
    in the ID numbers alone: found through their unique index. Parts of numbers and of names are
    found by reading the (scoped) rows."""
    text = (text or "").strip()
    if not text:
        return queryset
    masked = not access.sees_personal_data(user)
    id_text = normalize_id_number(text)
    digits = normalize_phone(text)
    is_id_number = bool(ID_DIGITS.match(id_text))
    is_whole_id_number = is_id_number and len(id_text) == WHOLE_ID_NUMBER
    is_phone = digits.isdigit() and len(digits) >= SHORTEST_PART and not is_whole_id_number
    if (is_id_number or is_phone) and masked:
        return queryset.none()
    conditions = []
    if is_whole_id_number:
        conditions.append(Q(id_number=id_text))
    elif is_id_number:
        part = "contains" if len(id_text) >= SHORTEST_PART else "endswith"
        conditions.append(Q(**{f"id_number__{part}": id_text}))
    if is_phone:
        conditions.append(Q(phone__contains=digits))
    if not (is_id_number or is_phone):
        conditions.append(Q(name_without_spaces__icontains=SPACES.sub("", text)))
        letters = pinyin.typed_as_pinyin(text)
        if letters and issubclass(queryset.model, pinyin.PinyinNamed):  # members and candidates
            conditions += [Q(name_pinyin__contains=letters), Q(name_initials__contains=letters)]
        # The names are read apart, in a subquery, and the (scoped, ordered) list then takes the rows
        # found: left in the list's query, SQLite walks the roster in the list's order, a row at a
        # time, to meet a handful of names (at 100,000 members 220 ms, apart 45 ms, from an index
        # holding the names alone).
        found = (
            queryset.model._base_manager.alias(
                name_without_spaces=Replace(Replace("name", Value(" ")), Value("\u3000"))
            )
            .filter(reduce(operator.or_, conditions))
            .values("pk")
        )
        return queryset.filter(pk__in=found)
    return queryset.filter(reduce(operator.or_, conditions))


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    organization = NamedChoiceFilter(
        label=_("Party organization"), queryset=Organization.objects.none(), method="filter_organization"
    )
    below = django_filters.ChoiceFilter(
        label=_("Organizations below"),
        choices=[("include", _("included")), ("exclude", _("this organization only"))],
        method="filter_below",
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Member.Category.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Member.Status.choices)
    enterprise = NamedChoiceFilter(label=_("Enterprise"), queryset=Enterprise.objects.none())
    six_knowns = django_filters.ChoiceFilter(
        label=_("Six knowns"),
        choices=[("complete", _("complete")), ("incomplete", _("incomplete"))],
        method="filter_six_knowns",
    )
    lost_contact = django_filters.BooleanFilter(label=_("Lost contact"))
    # 工作岗位 (the rows of the statistics' table T2); "unknown": the work list of those without one.
    post_category = django_filters.ChoiceFilter(
        label=_("Post category"),
        choices=[(UNKNOWN_POST_CATEGORY, _("not known yet")), *Member.PostCategory.choices],
        method="filter_post_category",
    )
    dues = django_filters.ChoiceFilter(
        label=_("Dues"),
        choices=[
            ("paid_up", _("paid up")),
            ("unpaid_3", _("3 or more months unpaid")),
            ("unpaid_6", _("6 or more months unpaid")),
            ("unknown", _("no ledger entry")),
            ("elsewhere", _("pays dues elsewhere")),
        ],
        method="filter_dues",
    )

    # The columns of the roster a person may sort by (branches.filtering): the export follows.
    sort_columns = {
        "name": "name",
        "id_number": "id_number",
        "organization": ("organization__path", "name"),
        "category": "category",
        "status": "status",
        "enterprise": "enterprise__name",
        "six_knowns": "six_knowns_count",
        "joined": "joined",
    }

    class Meta:
        model = Member
        fields = [
            "q",
            "organization",
            "below",
            "category",
            "status",
            "enterprise",
            "six_knowns",
            "lost_contact",
            "post_category",
            "dues",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["organization"].queryset = access.visible_organizations(user).order_by("path")
        self.filters["enterprise"].queryset = Enterprise.objects.order_by("name_sort")

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
            return queryset.filter(sixknowns.MET)
        if value == "incomplete":
            return queryset.filter(sixknowns.APPLICABLE & ~sixknowns.COMPLETE)
        return queryset

    def filter_post_category(self, queryset, name, value):
        return queryset.filter(post_category="" if value == UNKNOWN_POST_CATEGORY else value)

    def filter_dues(self, queryset, name, value):
        """Months unpaid as of today (docs/lifecycle.md#months-unpaid): the figures' drill-down."""
        return queryset.filter(dues_rules.dues_state(value)) if value else queryset
