"""Each member's organizational life (ORGLIFE.md §1, participation; docs/orglife.md#participation):
the attendance that counts as taking part — present, or took part elsewhere (外地参加), at a gathering of
one of the eight meeting kinds — its last day, the six-month work list (党章 art. 9), and a half
year's meetings attended and expected per member for the liaison letter (outreach/letters reads it).

A gathering of the committee's other activities (a lecture by a speaker, a study trip) is no
organizational life; a meeting without attendance gives nobody any. A member who took part elsewhere
took part on the day recorded with it (the meeting's day when none is).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from branches import access
from branches.filtering import filtered, without_page
from branches.models import Organization
from registry.models import MEETING_KINDS, Attendance, GatheringKind, Member
from registry.orglife.compliance import rules
from registry.orglife.compliance.filters import WithoutLifeFilter


def life_records() -> QuerySet[Attendance]:
    """Attendance that is organizational life, each with `life_day`: the day the member took part."""
    meeting = GatheringKind.objects.filter(gathering=OuterRef("gathering"), kind__in=MEETING_KINDS)
    return (
        Attendance.objects.filter(status__in=Attendance.TOOK_PART)
        .filter(Exists(meeting))
        .annotate(life_day=Coalesce("elsewhere_date", "gathering__date"))
    )


def _last(as_of: datetime.date, value: str) -> Subquery:
    return Subquery(
        life_records().filter(member=OuterRef("pk"), life_day__lte=as_of).order_by("-life_day", "-pk").values(value)[:1]
    )


def with_last_life(members: QuerySet[Member], as_of: datetime.date) -> QuerySet[Member]:
    """`members` with `last_life` (the day of their last organizational life on or before `as_of`),
    `last_gathering` (its gathering's id) and `last_elsewhere` (the organization where, when elsewhere)."""
    return members.annotate(
        last_life=_last(as_of, "life_day"),
        last_gathering=_last(as_of, "gathering_id"),
        last_elsewhere=_last(as_of, "elsewhere_organization"),
    )


def without_life_q(as_of: datetime.date) -> Q:
    """Members on the six-month work list on `as_of` (rules.without_life: their last organizational
    life, or without one their registration here, on or before the cutoff), said as no life after the
    cutoff, and either registered by the cutoff or with a life before it. The database answers that
    with two scans of the attendance (semi- and anti-joins), where comparing each member's last day
    ran one ordered subquery a member: 230 ms for the demo's 430 members on PostgreSQL. The registration
    (or earlier life) is asked first: SQLite evaluates the terms in order, and a member registered within the
    six months and without earlier life needs no look at the recent attendance (100,000 members just
    registered: 63 -> 41 ms)."""
    cutoff = rules.life_cutoff(as_of)
    member = OuterRef("pk")
    since = life_records().filter(member=member, life_day__gt=cutoff, life_day__lte=as_of)
    before = life_records().filter(member=member, life_day__lte=cutoff)
    return (Q(registered_on__lte=cutoff) | Exists(before)) & ~Exists(since)


def members_without_life(members: QuerySet[Member], as_of: datetime.date) -> QuerySet[Member]:
    """Those of `members` (on the roster) without organizational life for six months on `as_of`, with
    their last organizational life (with_last_life)."""
    return with_last_life(members, as_of).filter(without_life_q(as_of))


def without_life_count(as_of: datetime.date, user=None) -> int:
    """The six-month work list's length over the whole roster (user None) or what the user sees: one
    query (the same condition as members_without_life)."""
    members = Member.objects.all() if user is None else Member.objects.filter(access.organization_scope(user))
    return members.filter(without_life_q(as_of)).count()


def without_life_list(user, params, as_of: datetime.date) -> tuple[WithoutLifeFilter, QuerySet[Member]]:
    """The six-month work list as the page shows it: members the user sees on the roster, narrowed by
    organization (its subtree), category and name; the longest without first unless a column is clicked."""
    members = members_without_life(Member.objects.filter(access.organization_scope(user)), as_of)
    members = members.select_related("organization").order_by(
        Coalesce("last_life", "registered_on").asc(), "organization__path", "name", "pk"
    )
    return filtered(WithoutLifeFilter(without_page(params) or None, queryset=members, user=user))


# --- one member -----------------------------------------------------------------------------------

RECENT_SHOWN = 5


def member_life(member: Member, as_of: datetime.date) -> dict:
    """What the member's page shows: the last RECENT_SHOWN times they took part (the meeting, where
    when elsewhere), the last day, and whether they are on the six-month work list. One query."""
    recent = list(
        life_records()
        .filter(member=member, life_day__lte=as_of)
        .select_related("gathering", "gathering__organization")
        .order_by("-life_day", "-pk")[:RECENT_SHOWN]
    )
    last = recent[0].life_day if recent else None
    return {
        "recent": recent,
        "last": last,
        "without": rules.without_life(last=last, registered_on=member.registered_on, as_of=as_of),
        "months": rules.WITHOUT_MONTHS,
    }


# --- a half year, for the liaison letter -----------------------------------------------------------


@dataclass
class HalfYear:
    """One member's meetings in a half year: those that expected them, those they took part in (here
    or elsewhere), of which elsewhere, and the day of the last."""

    expected: int = 0
    attended: int = 0
    elsewhere: int = 0
    last: datetime.date | None = None


def _organizations_of(member: Member) -> set[int]:
    """The organizations whose all-member meetings expect the member: their own, and a party group's branch."""
    own = {member.organization_id}
    if member.organization.level == Organization.Level.PARTY_GROUP and member.organization.parent_id:
        own.add(member.organization.parent_id)
    return own


def half_year_participation(members: list[Member], start: datetime.date, end: datetime.date) -> dict[int, HalfYear]:
    """Per member (by id), the meetings dated from `start` to `end` that expected them — those whose
    sheet lists them, and those of the kinds every member attends (rules.ALL_MEMBER_KINDS) held by
    their organization (a party group's members: and by its branch) since they registered here — and
    those they took part in. `members` carry their organization (select_related). Two queries."""
    ids = [member.pk for member in members]
    organization_ids = set().union(*(_organizations_of(member) for member in members)) if members else set()
    sheets = defaultdict(dict)  # member id → {gathering id: attendance}
    for attendance in (
        Attendance.objects.filter(member_id__in=ids, gathering__date__gte=start, gathering__date__lte=end)
        .filter(Exists(GatheringKind.objects.filter(gathering=OuterRef("gathering"), kind__in=MEETING_KINDS)))
        .select_related("gathering")
        .only("member_id", "status", "elsewhere_date", "gathering__date")
    ):
        sheets[attendance.member_id][attendance.gathering_id] = attendance
    held = defaultdict(set)  # organization id → {(gathering id, day)}
    for gathering_id, organization_id, day in GatheringKind.objects.filter(
        kind__in=rules.ALL_MEMBER_KINDS,
        gathering__organization_id__in=organization_ids,
        gathering__date__gte=start,
        gathering__date__lte=end,
    ).values_list("gathering_id", "gathering__organization_id", "gathering__date"):
        held[organization_id].add((gathering_id, day))
    found = {}
    for member in members:
        own = sheets[member.pk]
        expected = set(own)
        for organization_id in _organizations_of(member):
            expected |= {pk for pk, day in held[organization_id] if day >= member.registered_on}
        took_part = [attendance for attendance in own.values() if attendance.status in Attendance.TOOK_PART]
        days = [attendance.elsewhere_date or attendance.gathering.date for attendance in took_part]
        found[member.pk] = HalfYear(
            expected=len(expected),
            attended=len(took_part),
            elsewhere=sum(1 for attendance in took_part if attendance.status == Attendance.Status.ELSEWHERE),
            last=max(days) if days else None,
        )
    return found
