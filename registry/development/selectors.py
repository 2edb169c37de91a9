"""Every read of candidates that a view, export or figure needs, already scoped to the user:
a secretary sees their subtree's candidates, the committee and reviewers all of them."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from branches import access
from branches.filtering import filtered, without_page
from registry.development.filters import CandidateFilter
from registry.members import rules as member_rules
from registry.members import selectors as member_selectors
from registry.models import Candidate, Member, Notice


def candidates_visible_to(user) -> QuerySet[Candidate]:
    return Candidate.objects.filter(access.organization_scope(user))


def candidate_list(user) -> QuerySet[Candidate]:
    return candidates_visible_to(user).select_related("organization").order_by("organization__path", "applied", "id")


def filtered_candidates(user, params) -> tuple[CandidateFilter, QuerySet[Candidate]]:
    """The candidates as the list (and its export) shows them: scoped, then filtered through the
    FilterSet's form fields; an invalid filter shows nothing (its errors are on the form)."""
    return filtered(CandidateFilter(without_page(params) or None, queryset=candidate_list(user), user=user))


def _with_path(queryset: QuerySet[Candidate]) -> QuerySet[Candidate]:
    return queryset.select_related("organization", "member").prefetch_related(
        "assessments",
        "introducer_members",
        Prefetch("notices", queryset=Notice.objects.prefetch_related("objections").order_by("starts_on", "id")),
    )


def candidate_detail(user, pk) -> Candidate:
    """The candidate with their whole path; 404 outside the user's scope (as for a guessed URL)."""
    return get_object_or_404(_with_path(candidates_visible_to(user)), pk=pk)


def candidate_to_change(user, pk) -> Candidate:
    """The candidate to advance: 404 outside what the user sees, 403 where they see but may not change."""
    candidate = get_object_or_404(_with_path(candidates_visible_to(user)), pk=pk)
    if not access.may_change_organization(user, candidate.organization):
        raise PermissionDenied
    return candidate


def suggested_introducers(user, candidate: Candidate, limit: int = 50) -> list[Member]:
    """Full members of the candidate's own organization: the usual introducers, offered as suggestions."""
    return list(
        member_selectors.members_visible_to(user)
        .filter(organization_id=candidate.organization_id, status=Member.Status.FULL)
        .only("id", "name", "id_number")
        .order_by("name_sort", "id")[:limit]
    )


def voters_on(organization, day: datetime.date) -> list[Member]:
    """Who has a vote at the meeting of `organization` on `day` (docs/lifecycle.md#the-vote): the full
    members on the roster of the organization and those below it (its party groups), full on that day,
    whose membership is held here — self-managed (registry.members.rules.held_here): a registered
    mobile member votes where their membership is held — and not under 留党察看 on that day
    [党章 art. 41; registry.members.rules.under_probation_of_rights]. Probationary members have no
    vote [党章 art. 7]. Not scoped to a user: the rule counts the whole organization."""
    members = (
        Member.objects.filter(access.subtree_filter(organization, prefix="organization__"))
        .filter(status=Member.Status.FULL, category=Member.Category.SELF_MANAGED)
        .filter(Q(made_full__isnull=True) | Q(made_full__lte=day), Q(joined__isnull=True) | Q(joined__lte=day))
        .prefetch_related("disciplines")
        .order_by("id")
    )
    return [member for member in members if not member_rules.under_probation_of_rights(member, day)]


def notice_to_print(user, pk) -> Notice:
    """A notice with its candidate, for the printable A4 page; 404 outside the user's scope."""
    return get_object_or_404(
        Notice.objects.filter(access.organization_scope(user, prefix="candidate__organization__")).select_related(
            "candidate__organization"
        ),
        pk=pk,
    )
