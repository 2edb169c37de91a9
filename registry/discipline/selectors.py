"""Every read of discipline a view, export or section needs, already scoped to the user: a decision
belongs to the member's organization (a secretary sees their subtree's, docs/domain.md#roles-and-scope);
former members' decisions (开除党籍) stay in the register."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from branches import access
from branches.filtering import filtered, without_page
from registry.discipline.filters import DisciplineFilter
from registry.models import Discipline, Member

SCOPE = "member__organization__"


def disciplines_visible_to(user) -> QuerySet[Discipline]:
    return Discipline.objects.filter(access.organization_scope(user, prefix=SCOPE))


def discipline_list(user, params) -> tuple[DisciplineFilter, QuerySet[Discipline]]:
    """The register: every decision the user sees, newest first, filtered as the page's form says;
    the export writes exactly these rows."""
    records = disciplines_visible_to(user).select_related("member", "member__organization").order_by("-date", "-id")
    return filtered(DisciplineFilter(without_page(params) or None, queryset=records, user=user))


def disciplines_of(member: Member) -> list[Discipline]:
    """The member's decisions, newest first (one query)."""
    return list(member.disciplines.order_by("-date", "-id"))


def member_for_discipline(user, pk) -> Member:
    """The member to record a decision for: on the roster, 404 outside what the user sees, 403 where
    they see but may not change (a reviewer)."""
    member = get_object_or_404(
        Member.objects.filter(access.organization_scope(user)).select_related("organization"), pk=pk
    )
    if not access.may_change_organization(user, member.organization):
        raise PermissionDenied
    return member
