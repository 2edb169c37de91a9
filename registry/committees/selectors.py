"""Every read of committees, terms and elections a page, an export, a figure or another room needs,
scoped to the user (branches.access) and with a bounded number of queries.

Other rooms ask here: `committee_members_on(organization, day)` (organizational life: who is
expected at a committee meeting), `secretary_of(organization)` (the secretary every page and paper
shows: the committee's 书记 where one is recorded, else the organization's typed fallback).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from branches import access, clock
from branches.filtering import filtered, sorted_items, without_page
from branches.formation import CommitteeFacts, subtree_totals
from branches.models import Organization
from registry.committees import rules
from registry.committees.filters import CommitteeFilter, ElectionFilter, MembershipFilter
from registry.members import rules as member_rules
from registry.models import CommitteeMembership, Discipline, Election, Member, Postponement

Post = CommitteeMembership.Post


# --- in office on a day ---------------------------------------------------------------------------


in_office_on = CommitteeMembership.in_office  # posts held on a day (from the first day until the day left)


def committee_posts_on(organization: Organization, day: datetime.date | None = None) -> QuerySet[CommitteeMembership]:
    """The posts of `organization`'s committee held on `day` (default today), secretary first."""
    day = day or clock.today()
    return (
        CommitteeMembership.objects.filter(in_office_on(day), organization=organization)
        .select_related("member", "member__organization")
        .order_by("post", "started_on", "id")
    )


def committee_members_on(organization: Organization, day: datetime.date | None = None) -> QuerySet[Member]:
    """The members who sit on `organization`'s committee on `day` (default today): those expected at a
    committee meeting (支部委员会会议, ORGLIFE.md §1). Members on the roster only; one query when read."""
    day = day or clock.today()
    posts = CommitteeMembership.objects.filter(in_office_on(day), organization=organization)
    return Member.objects.filter(pk__in=posts.values("member_id")).order_by("name_sort", "id")


@dataclass(frozen=True)
class ShownSecretary:
    """The secretary the registry shows for an organization: `from_committee` when it is the 书记 in
    office on its committee (then `member` is that member), else the organization's typed fallback
    (Organization.secretary_name and secretary_phone, which the organization form and import fill)."""

    name: str
    phone: str
    from_committee: bool
    member: Member | None = None


def secretary_of(organization: Organization, day: datetime.date | None = None) -> ShownSecretary:
    """The committee's 书记 in office on `day` wins; without one, the typed name and phone (one query)."""
    post = (
        CommitteeMembership.objects.filter(in_office_on(day or clock.today()), organization=organization)
        .filter(post=Post.SECRETARY)
        .select_related("member")
        .order_by("-started_on", "-id")
        .first()
    )
    if post is not None:
        return ShownSecretary(post.member.name, post.member.phone, True, post.member)
    return ShownSecretary(organization.secretary_name, organization.secretary_phone, False)


# --- who has a vote, who may sit ------------------------------------------------------------------


def under_probation_q(day: datetime.date) -> Q:
    """Members under 留党察看 on `day` (as registry.members.rules.probation_on decides one member)."""
    return Q(
        Exists(
            Discipline.objects.filter(member=OuterRef("pk"), kind=Discipline.Kind.PROBATION, date__lte=day).filter(
                Q(ends_on__isnull=True) | Q(ends_on__gt=day)
            )
        )
    )


def in_line_q(organization: Organization, prefix: str = "organization__") -> Q:
    """Members of the organization, of one below it, or of one above it (rules.in_line)."""
    ancestors = [int(part) for part in organization.path.rstrip("/").split("/")[:-1] if part.isdigit()]
    return access.subtree_filter(organization, prefix=prefix) | Q(**{f"{prefix[:-2]}_id__in": ancestors})


def voters_count(organization: Organization, day: datetime.date) -> int:
    """Members with a vote in `organization`'s election on `day`: full members whose membership is held
    here (self-managed), in the organization or below it, not under 留党察看 (rules.has_a_vote)."""
    return (
        Member.objects.filter(access.subtree_filter(organization, prefix="organization__"))
        .filter(status=Member.Status.FULL, category=Member.Category.SELF_MANAGED)
        .exclude(under_probation_q(day))
        .count()
    )


def members_in_line(organization: Organization) -> QuerySet[Member]:
    """The full members on the roster who may sit on `organization`'s committee (rules.in_line); the
    day's 留党察看 is the rules' to check."""
    return Member.objects.filter(in_line_q(organization), status=Member.Status.FULL)


def eligible_members(user, organization: Organization) -> QuerySet[Member]:
    """members_in_line that the user sees, for the forms' choices."""
    return (
        members_in_line(organization)
        .filter(access.organization_scope(user))
        .select_related("organization")
        .order_by("organization__path", "name_sort", "id")
    )


def person_of(member: Member, day: datetime.date) -> rules.Person:
    """The facts the rules need of one member on `day` (reads `member.disciplines`: prefetch them for many)."""
    probation = member_rules.probation_on(member, day)
    return rules.Person(
        name=member.name,
        full=member.status == Member.Status.FULL,
        held_here=member_rules.held_here(member),
        organization_path=member.organization.path,
        organization_name=member.organization.name,
        under_probation=probation is not None,
        rights_back_on=probation.ends_on if probation is not None else None,
    )


# --- terms ----------------------------------------------------------------------------------------


def current_elections(organization_ids, as_of: datetime.date) -> dict[int, Election]:
    """Per organization, its latest election held on or before `as_of` (a later one replaces an
    earlier one), with `postponed_until` (its latest postponement's day, or None): one query."""
    elections = (
        Election.objects.filter(organization_id__in=organization_ids, held_on__lte=as_of)
        .annotate(postponed_until=Max("postponements__until"))
        .order_by("organization_id", "-held_on", "-id")
    )
    latest: dict[int, Election] = {}
    for election in elections:
        latest.setdefault(election.organization_id, election)
    return latest


def term_state_of(election: Election | None, as_of: datetime.date) -> str:
    if election is None:
        return ""
    return rules.term_state(ends_on=election.ends_on, postponed_until=election.postponed_until, as_of=as_of)


@dataclass
class CommitteeRow:
    """One organization on the committee office's list: its committee, its term, what is due."""

    organization: Organization
    posts: int = 0  # committee posts held on the day
    secretary: str = ""  # the 书记 in office, or ""
    held_here_full: int = 0  # full members held here, in it and below it
    election: Election | None = None
    state: str = ""  # rules.TERM_STATES, or "" without an election
    flags: set = field(default_factory=set)

    @property
    def state_label(self):
        return rules.TERM_STATES.get(self.state, "")


# The list's `?state=` values: each a figure of the home page and of registry_stats --json.
WITH_COMMITTEE, SHOULD_HAVE, ENDING, OVER, POSTPONED = (
    "with_committee",
    "should_have_committee",
    "terms_ending_6_months",
    "terms_over",
    "postponed",
)
FIGURE_KEYS = (WITH_COMMITTEE, SHOULD_HAVE, ENDING, OVER, POSTPONED)
STATE_FIGURE = {rules.ENDING: ENDING, rules.OVER: OVER, rules.POSTPONED: POSTPONED}


def held_here_full_counts(organizations: list[Organization], members: QuerySet[Member]) -> dict[int, int]:
    """Per organization, the full members whose membership is held here (self-managed) in it and below
    it (a branch's party groups hold no membership: theirs is the branch's). One grouped query."""
    own = dict(
        members.filter(status=Member.Status.FULL, category=Member.Category.SELF_MANAGED)
        .order_by()
        .values("organization_id")
        .annotate(count=Count("id"))
        .values_list("organization_id", "count")
    )
    return subtree_totals(organizations, own)


def committee_rows(organizations: list[Organization], as_of: datetime.date) -> list[CommitteeRow]:
    """Every organization that may have a committee (not a party group), in the order given, with its
    committee on `as_of`, its term's state and the figures' flags. Three queries whatever the size."""
    ids = [organization.pk for organization in organizations]
    counts = held_here_full_counts(organizations, Member.objects.filter(organization_id__in=ids))
    posts: dict[int, int] = defaultdict(int)
    secretaries: dict[int, str] = {}
    for organization_id, post, name in (
        CommitteeMembership.objects.filter(in_office_on(as_of), organization_id__in=ids)
        .order_by("started_on", "id")
        .values_list("organization_id", "post", "member__name")
    ):
        posts[organization_id] += 1
        if post == Post.SECRETARY:
            secretaries[organization_id] = name
    elections = current_elections(ids, as_of)
    minimum = settings.REGISTRY_COMMITTEE_MIN_FULL_MEMBERS
    rows = []
    for organization in organizations:
        if organization.level in rules.NO_COMMITTEE_LEVELS:
            continue
        row = CommitteeRow(
            organization,
            posts=posts[organization.pk],
            secretary=secretaries.get(organization.pk, ""),
            held_here_full=counts.get(organization.pk, 0),
            election=elections.get(organization.pk),
        )
        row.state = term_state_of(row.election, as_of)
        if row.posts:
            row.flags.add(WITH_COMMITTEE)
        elif row.held_here_full >= minimum:
            row.flags.add(SHOULD_HAVE)
        if row.state in STATE_FIGURE:
            row.flags.add(STATE_FIGURE[row.state])
        rows.append(row)
    return rows


def _annotated(organizations: QuerySet[Organization], as_of: datetime.date) -> list[Organization]:
    """The organizations in tree order, each with what the figures and the advice need, in one query:
    `in_office` (someone on its committee), `own_held_here` (its own full members held here),
    `term_ends` and `postponed_until` (of its latest election held on or before `as_of`)."""

    def latest(outer):
        return Election.objects.filter(organization=outer, held_on__lte=as_of).order_by("-held_on", "-id")

    return list(
        organizations.only("id", "name", "level", "path")
        .order_by("path")
        .annotate(
            in_office=Exists(CommitteeMembership.objects.filter(in_office_on(as_of), organization=OuterRef("pk"))),
            own_held_here=Subquery(
                Member.objects.filter(
                    organization=OuterRef("pk"), status=Member.Status.FULL, category=Member.Category.SELF_MANAGED
                )
                .order_by()
                .values("organization")
                # COUNT(*), not COUNT(id): the member index (organization, category, status, left_on) answers alone.
                .annotate(count=Count("*"))
                .values("count")
            ),
            term_ends=Subquery(latest(OuterRef("pk")).values("ends_on")[:1]),
            postponed_until=Subquery(
                Postponement.objects.filter(election=Subquery(latest(OuterRef(OuterRef("pk"))).values("pk")[:1]))
                .order_by("-until")
                .values("until")[:1]
            ),
        )
    )


def _flags(organizations: list[Organization], as_of: datetime.date) -> list[tuple[Organization, int, set]]:
    """(organization, full members held here in it and below it, its FIGURE_KEYS) for each that may
    have a committee: the same flags as committee_rows."""
    held_here = subtree_totals(organizations, {row.pk: row.own_held_here or 0 for row in organizations})
    minimum = settings.REGISTRY_COMMITTEE_MIN_FULL_MEMBERS
    found = []
    for row in organizations:
        if row.level in rules.NO_COMMITTEE_LEVELS:
            continue
        flags = set()
        if row.in_office:
            flags.add(WITH_COMMITTEE)
        elif held_here[row.pk] >= minimum:
            flags.add(SHOULD_HAVE)
        if row.term_ends is not None:
            state = rules.term_state(ends_on=row.term_ends, postponed_until=row.postponed_until, as_of=as_of)
            if state in STATE_FIGURE:
                flags.add(STATE_FIGURE[state])
        found.append((row, held_here[row.pk], flags))
    return found


def committee_figures(as_of: datetime.date, user=None) -> dict[str, int]:
    """The five figures over the whole registry (user None) or what the user sees (the home page's card
    and registry_stats --json), in one query."""
    organizations = access.visible_organizations(user) if user is not None else Organization.objects.all()
    flagged = _flags(_annotated(organizations, as_of), as_of)
    return {key: sum(1 for _row, _held, flags in flagged if key in flags) for key in FIGURE_KEYS}


def formation_facts(user, as_of: datetime.date | None = None) -> CommitteeFacts:
    """The committee rules' facts for the formation advice (branches.formation), over what the user
    sees, in one query."""
    as_of = as_of or clock.today()
    annotated = _annotated(access.visible_organizations(user), as_of)
    flagged = _flags(annotated, as_of)
    return CommitteeFacts(
        organizations=[row for row, _held, _flags in flagged],
        held_here_full={row.pk: held for row, held, _flags in flagged},
        with_committee={row.pk for row, _held, flags in flagged if WITH_COMMITTEE in flags},
        terms_over={row.pk: row.term_ends for row, _held, flags in flagged if OVER in flags},
        minimum=settings.REGISTRY_COMMITTEE_MIN_FULL_MEMBERS,
    )


# --- the lists ------------------------------------------------------------------------------------

COMMITTEE_SORT = {
    "organization": lambda row: row.organization.path,
    "level": lambda row: row.organization.level,
    "secretary": lambda row: row.secretary,
    "posts": lambda row: row.posts,
    "held_here": lambda row: row.held_here_full,
    "elected": lambda row: row.election.held_on if row.election else datetime.date.min,
    "ends": lambda row: row.election.ends_on if row.election else datetime.date.max,
}


def committee_list(user, params, as_of: datetime.date | None = None) -> tuple[CommitteeFilter, list[CommitteeRow]]:
    """The organizations the user sees with their committees and terms, through the list's filters;
    `?state=` keeps the rows of one figure (FIGURE_KEYS), so that each figure lists exactly its count."""
    as_of = as_of or clock.today()
    organizations = access.visible_organizations(user).select_related("parent").order_by("path")
    committee_filter, organizations = filtered(
        CommitteeFilter(without_page(params) or None, queryset=organizations, user=user)
    )
    rows = committee_rows(list(organizations), as_of)
    state = committee_filter.form.cleaned_data.get("state") if committee_filter.is_bound else ""
    if committee_filter.is_bound and not committee_filter.is_valid():
        rows = []
    elif state:
        rows = [row for row in rows if state in row.flags]
    return committee_filter, sorted_items(rows, params, COMMITTEE_SORT)


def membership_list(user, params) -> tuple[MembershipFilter, QuerySet[CommitteeMembership]]:
    """Committee posts in the organizations the user sees (in office on today by default), filtered."""
    posts = (
        CommitteeMembership.objects.filter(access.organization_scope(user))
        .select_related("organization", "member", "member__organization", "election")
        .order_by("organization__path", "post", "started_on", "id")
    )
    data = without_page(params)
    if not data.get("office"):  # the list opens on the posts held today
        data["office"] = "current"
    return filtered(MembershipFilter(data, queryset=posts, user=user))


def election_list(user, params) -> tuple[ElectionFilter, QuerySet[Election]]:
    elections = (
        Election.objects.filter(access.organization_scope(user))
        .select_related("organization")
        .annotate(postponed_until=Max("postponements__until"), candidate_count=Count("candidates", distinct=True))
        .order_by("organization__path", "-held_on", "-id")
    )
    return filtered(ElectionFilter(without_page(params) or None, queryset=elections, user=user))


# --- one record -----------------------------------------------------------------------------------


def organization_to_see(user, pk) -> Organization:
    return get_object_or_404(access.visible_organizations(user), pk=pk)


def organization_to_change(user, pk) -> Organization:
    """404 outside what the user sees, 403 where they see but may not change (a reviewer)."""
    organization = organization_to_see(user, pk)
    if not access.may_change_organization(user, organization):
        raise PermissionDenied
    return organization


def next_term_number(organization: Organization) -> int:
    """The number the organization's next term takes: one after its highest, 1 for its first."""
    highest = Election.objects.filter(organization=organization).aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


def election_detail(user, pk) -> Election:
    return get_object_or_404(
        Election.objects.filter(access.organization_scope(user))
        .select_related("organization", "recorded_by")
        .prefetch_related("candidates__member__organization", "postponements")
        .annotate(postponed_until=Max("postponements__until")),
        pk=pk,
    )


def election_to_change(user, pk) -> Election:
    election = election_detail(user, pk)
    if not access.may_change_organization(user, election.organization):
        raise PermissionDenied
    return election


def membership_to_change(user, pk) -> CommitteeMembership:
    post = get_object_or_404(
        CommitteeMembership.objects.filter(access.organization_scope(user)).select_related("organization", "member"),
        pk=pk,
    )
    if not access.may_change_organization(user, post.organization):
        raise PermissionDenied
    return post


def organization_committee(organization: Organization, as_of: datetime.date | None = None) -> dict:
    """What the organization's page shows of its committee: the posts held today, the current term
    with its state and postponement. Two queries."""
    as_of = as_of or clock.today()
    election = current_elections([organization.pk], as_of).get(organization.pk)
    return {
        "posts": list(committee_posts_on(organization, as_of)),
        "election": election,
        "state": term_state_of(election, as_of),
        "state_label": rules.TERM_STATES.get(term_state_of(election, as_of), ""),
    }


def committee_to_set(user, pk) -> Organization:
    """A party committee whose own frequencies and terms the user may set: one the committee office
    changes (staff bound to it or to one above it, unbound staff). 404 otherwise."""
    organization = access.changeable_organizations(user).filter(pk=pk, level=Organization.Level.COMMITTEE).first()
    if organization is None:
        raise Http404
    return organization
