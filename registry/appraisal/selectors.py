"""Every read of the annual appraisal a page, an export, a section or another room needs, scoped to
the user (branches.access: a round belongs to its organization, a result to its round's) and with
a bounded number of queries.

Other rooms ask here: `letter_results(members, start, end)` (the half-yearly liaison letter: a
mobile member's result goes to their home organization) and registry/appraisal/figures.py the
figures of `registry_stats`.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from branches import access, clock
from branches.filtering import filtered, without_page
from branches.models import Organization
from registry.appraisal import rules
from registry.appraisal.filters import ResultFilter, RoundFilter
from registry.members import rules as member_rules
from registry.models import AppraisalResult, AppraisalRound, Member

Grade = AppraisalResult.Grade


def grade_counts(prefix: str = "results__") -> dict:
    """Count annotations for a round's (or a group's) results: one per grade, the members not graded
    and everyone taking part."""
    counts = {grade: Count(f"{prefix}pk", filter=Q(**{f"{prefix}grade": grade})) for grade in rules.GRADES}
    counts[rules.NOT_GRADED] = Count(f"{prefix}pk", filter=Q(**{f"{prefix}grade": ""}))
    counts["participants"] = Count(f"{prefix}pk")
    return counts


# --- rounds ---------------------------------------------------------------------------------------


def rounds_visible_to(user) -> QuerySet[AppraisalRound]:
    return AppraisalRound.objects.filter(access.organization_scope(user)).select_related("organization")


def round_list(user, params) -> tuple[RoundFilter, QuerySet[AppraisalRound]]:
    """The rounds the user sees, the latest year first, each with its counts per grade (one query
    for the page, whatever the number of rounds)."""
    rounds = rounds_visible_to(user).annotate(**grade_counts()).order_by("-year", "organization__path", "id")
    return filtered(RoundFilter(without_page(params) or None, queryset=rounds, user=user))


def round_detail(user, pk) -> AppraisalRound:
    """404 outside what the user sees (as for a guessed URL); with its counts per grade."""
    return get_object_or_404(rounds_visible_to(user).annotate(**grade_counts()), pk=pk)


def round_to_change(user, pk) -> AppraisalRound:
    """404 outside what the user sees; 403 where they see it but may not change it (a reviewer, or a
    secretary of an organization above the round's)."""
    appraisal_round = round_detail(user, pk)
    if not access.may_change_organization(user, appraisal_round.organization):
        raise PermissionDenied
    return appraisal_round


def organizations_for_rounds(user) -> QuerySet[Organization]:
    """Where this user may hold a round: the organizations they may change, but party groups."""
    return access.changeable_organizations(user).exclude(level=Organization.Level.PARTY_GROUP).order_by("path", "name")


def members_of(organization: Organization) -> QuerySet[Member]:
    """The members appraised in `organization`'s round (on the roster): its own, and those of the party
    groups directly under it (a party group's members are its branch's, ORGLIFE.md §1). A branch
    below it holds a round of its own."""
    return Member.objects.filter(
        Q(organization=organization)
        | Q(organization__parent=organization, organization__level=Organization.Level.PARTY_GROUP)
    )


@dataclass
class Participant:
    """A row of the grading page: a member of the round's organization, or one with a result in it."""

    member: Member
    result: AppraisalResult | None
    probationary: bool
    held_here: bool
    on_roster: bool

    @property
    def fixed(self) -> bool:
        """A result whose departure was recorded (the member left): no longer changed here."""
        return self.result is not None and self.result.movement_id is not None


def participants(appraisal_round: AppraisalRound, *, today: datetime.date | None = None) -> list[Participant]:
    """Everyone the grading page lists, by name: the members of the round's organization on the roster
    (those with a result first among equals is no matter: by name), and the members with a result
    in the round who have since left or moved (their result stays). Two queries."""
    day = rules.round_day(
        year=appraisal_round.year, decided_on=appraisal_round.decided_on, today=today or clock.today()
    )
    results = {
        result.member_id: result
        for result in AppraisalResult.objects.filter(appraisal_round=appraisal_round).select_related(
            "member", "member__organization", "movement"
        )
    }
    members = {
        member.pk: member
        for member in members_of(appraisal_round.organization)
        .select_related("organization")
        .order_by("name_sort", "id")
    }
    for member_id, result in results.items():
        members.setdefault(member_id, result.member)
    found = [
        Participant(
            member=member,
            result=results.get(pk),
            probationary=rules.probationary_on(status=member.status, made_full=member.made_full, day=day),
            held_here=member_rules.held_here(member),
            on_roster=member.left_on is None,
        )
        for pk, member in members.items()
    ]
    return sorted(found, key=lambda row: (row.member.name, row.member.pk))


def person_of(member: Member, day: datetime.date) -> rules.Person:
    """The facts the rules need of one member, on the round's day."""
    return rules.Person(
        name=member.name,
        probationary=rules.probationary_on(status=member.status, made_full=member.made_full, day=day),
        held_here=member_rules.held_here(member),
        category_label=str(Member.Category(member.category).label),
        origin_organization=member.origin_organization,
    )


# --- results --------------------------------------------------------------------------------------


def results_visible_to(user) -> QuerySet[AppraisalResult]:
    """Every result in the user's scope (former members' too: a result is history)."""
    return AppraisalResult.objects.filter(
        access.organization_scope(user, prefix="appraisal_round__organization__")
    ).select_related("appraisal_round", "appraisal_round__organization", "member", "member__organization")


def result_list(user, params) -> tuple[ResultFilter, QuerySet[AppraisalResult]]:
    """The results the user sees, the latest year first, as the filter says; the export writes exactly
    these rows."""
    results = results_visible_to(user).order_by(
        "-appraisal_round__year", "appraisal_round__organization__path", "member__name", "id"
    )
    return filtered(ResultFilter(without_page(params) or None, queryset=results, user=user))


def member_results(member: Member) -> list[AppraisalResult]:
    """The member's results, the latest year first (one query): their page's section."""
    return list(
        AppraisalResult.objects.filter(member=member)
        .select_related("appraisal_round", "appraisal_round__organization")
        .order_by("-appraisal_round__year", "-id")
    )


def letter_results(members: QuerySet[Member], start: datetime.date, end: datetime.date) -> dict[int, list]:
    """For the half-yearly liaison letter (ORGLIFE.md §3: a mobile member's result goes to their home
    organization with it): per member, the results of the rounds decided from `start` to `end`,
    graded or not (one query)."""
    found: dict[int, list] = {}
    rows = (
        AppraisalResult.objects.filter(member__in=members, appraisal_round__decided_on__range=(start, end))
        .select_related("appraisal_round", "appraisal_round__organization")
        .order_by("appraisal_round__year", "appraisal_round__decided_on", "id")
    )
    for result in rows:
        found.setdefault(result.member_id, []).append(result)
    return found
