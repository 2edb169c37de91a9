"""Every read of lost contact a page, export or section needs, already scoped to the user: a case
belongs to the member's organization (a secretary sees their subtree's). The two work lists of
docs/lifecycle.md#lost-contact:

- lost 6 months or more and searched: the branch decides on 停止党籍 (a member whose membership is
  held elsewhere: we report to their home organization);
- suspended 2 years or more and still not found: the branch decides on 自行脱党除名 (of which lost
  contact).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from branches import access
from branches.filtering import filtered, without_page
from registry.development.rules import latest_start
from registry.lostcontact import rules
from registry.lostcontact.filters import CaseFilter
from registry.models import LostContactCase, LostContactSearch, Member, Movement

SCOPE = "member__organization__"
OPEN = Q(outcome=LostContactCase.Outcome.OPEN)


def cases_visible_to(user) -> QuerySet[LostContactCase]:
    return LostContactCase.objects.filter(access.organization_scope(user, prefix=SCOPE))


def case_list(user, params) -> tuple[CaseFilter, QuerySet[LostContactCase]]:
    """Every case the user sees, the longest lost first, with the number of searches; the export
    writes exactly these rows."""
    cases = (
        cases_visible_to(user)
        .select_related("member", "member__organization")
        .annotate(search_count=Count("searches"))
        .order_by("lost_on", "id")
    )
    return filtered(CaseFilter(without_page(params) or None, queryset=cases, user=user))


def case_detail(user, pk) -> LostContactCase:
    return get_object_or_404(cases_visible_to(user).select_related("member", "member__organization"), pk=pk)


def case_to_change(user, pk) -> LostContactCase:
    case = case_detail(user, pk)
    if not access.may_change_organization(user, case.member.organization):
        raise PermissionDenied
    return case


def searches_of(case: LostContactCase) -> list[LostContactSearch]:
    return list(case.searches.select_related("recorded_by").order_by("date", "id"))


def open_case_of(member: Member) -> LostContactCase | None:
    return member.lost_contact_cases.filter(OPEN).annotate(search_count=Count("searches")).first()


# --- the two work lists --------------------------------------------------------------------------


def to_suspend(user, today: datetime.date) -> QuerySet[LostContactCase]:
    """Open cases of members on the roster lost 6 months or more (settled abroad, ⑤: at once), with
    at least one search: the branch decides on 停止党籍, or reports to the home organization."""
    searched = Exists(LostContactSearch.objects.filter(case=OuterRef("pk")))
    lost_long = Q(lost_on__lte=latest_start(today, rules.suspend_after_months())) | Q(
        reason=LostContactCase.Reason.ABROAD
    )
    return (
        cases_visible_to(user)
        .filter(OPEN, lost_long, searched, member__left_on__isnull=True)
        .select_related("member", "member__organization")
        .annotate(
            search_count=Count("searches"),
            # where membership is held here the branch decides; elsewhere we report home
            held_here=ExpressionWrapper(Q(member__category=Member.Category.SELF_MANAGED), BooleanField()),
        )
        .order_by("lost_on", "id")
    )


def to_remove(user, today: datetime.date) -> QuerySet[Member]:
    """Former members whose membership was suspended 2 years or more ago and who were not found
    (still suspended): the branch decides on 自行脱党除名."""
    return (
        Member.all_members.filter(access.organization_scope(user))
        .filter(left_as=Movement.Kind.SUSPENDED, left_on__lte=latest_start(today, 12 * rules.lapse_after_years()))
        .select_related("organization")
        .order_by("left_on", "id")
    )
