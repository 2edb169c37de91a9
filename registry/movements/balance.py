"""The year's balance (docs/lifecycle.md#yearly-balance): members on the roster on 1 January +
arrivals − departures = members on the roster on 31 December (today, for the current year), by
kind, per organization and in total.

Counted from stays. A stay is a time on the roster: it begins with an arrival (the member's
登记时间) and ends with a departure, or is still open. The current stay of every member on the roster
begins on their `registered_on`; every ended stay is a departure row (`Movement.departed_on`),
which keeps the 登记时间 it began with. A move to another of our organizations splits a stay into
segments, each held by one organization: for that organization the segment begins with "moved in"
or ends with "moved out" — in the total both are equal and leave the sum as it is. Because every
segment adds itself to exactly one side of each equation, the balance always adds up.

Every figure keeps the ids of its people, so that every number on the page links to them.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.utils.translation import gettext_lazy as _

from branches import clock
from branches.models import Organization
from registry.models import DatePrecision, Member, Movement

Kind = Movement.Kind
# How a stay began (docs/lifecycle.md#events, arrival): admitted here (入党时间 = 登记时间, as the
# development pipeline writes it), a former member restored, anyone else registering with us.
ARRIVAL_KINDS = {
    "registered": _("Registered here"),
    "admitted": _("Admitted here"),
    "restored": _("Back on the roster"),
    "moved_in": _("Moved in from another of our organizations"),
}
DEPARTURE_KINDS = {
    **{kind.value: kind.label for kind in Movement.DEPARTURES},
    "moved_out": _("Moved to another of our organizations"),
}
FIGURES = ("start", "arrived", "left", "end")
# Up to this many organizations and moved members, the stays are narrowed in SQL (an IN list of
# their ids); beyond it every stay is read and narrowed here, as for the whole registry.
NARROWED_UP_TO = 2000


@dataclass
class Segment:
    member_id: int
    organization_id: int
    began: datetime.date
    ended: datetime.date | None
    arrival: str  # a key of ARRIVAL_KINDS
    departure: str = ""  # a key of DEPARTURE_KINDS ("" while open)


@dataclass
class Row:
    """One organization's balance, or the total: each figure as the ids of its people."""

    organization: object = None
    # Lists, not sets: someone who left twice in a year counts twice, as the equation needs.
    start: list = field(default_factory=list)
    arrived: dict = field(default_factory=lambda: defaultdict(list))
    left: dict = field(default_factory=lambda: defaultdict(list))
    end: list = field(default_factory=list)

    def count(self, figure: str, kind: str = "") -> int:
        value = getattr(self, figure)
        if isinstance(value, list):
            return len(value)
        if kind:
            return len(value.get(kind, ()))
        return sum(len(ids) for ids in value.values())

    def people(self, figure: str, kind: str = "") -> set:
        """The ids of the people behind a figure."""
        value = getattr(self, figure)
        if isinstance(value, list):
            return set(value)
        if kind:
            return set(value.get(kind, ()))
        return {person for ids in value.values() for person in ids}

    def arrived_count(self, *, moves: bool = True) -> int:
        return sum(len(ids) for kind, ids in self.arrived.items() if moves or kind != "moved_in")

    def left_count(self, *, moves: bool = True) -> int:
        return sum(len(ids) for kind, ids in self.left.items() if moves or kind != "moved_out")

    def arrivals_by_kind(self) -> list[tuple[str, int]]:
        return [(kind, len(self.arrived.get(kind, ()))) for kind in ARRIVAL_KINDS]

    def departures_by_kind(self) -> list[tuple[str, int]]:
        return [(kind, len(self.left.get(kind, ()))) for kind in DEPARTURE_KINDS]


@dataclass
class Balance:
    year: int
    first_day: datetime.date
    last_day: datetime.date  # 31 December, or today for the current year
    rows: list[Row]
    total: Row

    def figures(self) -> dict:
        """`registry_stats --json`'s `balance` (docs/lifecycle.md#registry-stats): moves between
        our own organizations are neither arrivals nor departures of the whole."""
        return {
            "year": self.year,
            "start": len(self.total.start),
            "arrived": self.total.arrived_count(moves=False),
            "left": self.total.left_count(moves=False),
            "end": len(self.total.end),
        }


def _admitted(joined: str = "joined", registered_on: str = "registered_on") -> ExpressionWrapper:
    """Admitted here: 入党时间 known to the day and the same as 登记时间 (worked out in SQL, which spares
    converting a date a row)."""
    return ExpressionWrapper(
        Q(**{joined: F(registered_on), f"{joined}_precision": DatePrecision.DAY}), output_field=BooleanField()
    )


def _arrival_kind(admitted: bool, restored: bool) -> str:
    if restored:
        return "restored"
    return "admitted" if admitted else "registered"


def segments(*, until: datetime.date, since: datetime.date, organization_ids: set | None = None) -> list[Segment]:
    """Every segment of a stay that touches [since, until], in the organizations given (None: all).
    Four queries, whatever the number of members. For some organizations, only the stays that can
    touch them are read: those that end in one of them, and those of members who moved between
    our organizations into or out of one of them."""
    restorations = set(Movement.objects.filter(kind__in=(Kind.ARRIVAL, Kind.RESTORED)).values_list("member_id", "date"))
    moves = defaultdict(list)
    for member_id, day, from_id, to_id in (
        Movement.objects.filter(kind=Kind.TRANSFER_OUT, to_organization__isnull=False)
        .order_by("date", "id")
        .values_list("member_id", "date", "organization_id", "to_organization_id")
    ):
        moves[member_id].append((day, from_id, to_id))
    current = Member.objects.filter(registered_on__lte=until)
    departures = Movement.objects.filter(departed_on__gte=since, registered_on__lte=until)
    moved = (
        set()
        if organization_ids is None
        else {
            member_id
            for member_id, member_moves in moves.items()
            if any(from_id in organization_ids or to_id in organization_ids for _day, from_id, to_id in member_moves)
        }
    )
    if organization_ids is not None and len(organization_ids) + len(moved) <= NARROWED_UP_TO:
        current = current.filter(Q(organization_id__in=organization_ids) | Q(id__in=moved))
        departures = departures.filter(Q(organization_id__in=organization_ids) | Q(member_id__in=moved))
    stays = []  # (member_id, organization_id at the end, began, ended, departure kind, admitted here)
    current = current.annotate(admitted=_admitted()).values_list("id", "organization_id", "registered_on", "admitted")
    for member_id, organization_id, began, admitted in current.iterator(chunk_size=5000):
        stays.append((member_id, organization_id, began, None, "", admitted))
    stays.extend(
        departures.annotate(admitted=_admitted("member__joined", "registered_on")).values_list(
            "member_id", "organization_id", "registered_on", "departed_on", "kind", "admitted"
        )
    )
    found = []
    for member_id, organization_id, began, ended, departure, admitted in stays:
        arrival = _arrival_kind(admitted, (member_id, began) in restorations)
        member_moves = moves.get(member_id)
        if member_moves is None:  # most members never moved between our organizations: one segment
            if organization_ids is None or organization_id in organization_ids:
                found.append(Segment(member_id, organization_id, began, ended, arrival, departure))
            continue
        inside = [move for move in member_moves if began <= move[0] and (ended is None or move[0] <= ended)]
        pieces = []
        start, start_kind = began, arrival
        for day, from_id, _to_id in inside:
            pieces.append(Segment(member_id, from_id, start, day, start_kind, "moved_out"))
            start, start_kind = day, "moved_in"
        pieces.append(Segment(member_id, organization_id, start, ended, start_kind, departure))
        found.extend(piece for piece in pieces if organization_ids is None or piece.organization_id in organization_ids)
    return found


def last_day_of(year: int, today: datetime.date | None = None) -> datetime.date:
    """The day the balance of `year` runs to: 31 December, or today for the current year."""
    today = today or clock.today()
    return min(datetime.date(year, 12, 31), today) if year >= today.year else datetime.date(year, 12, 31)


def year_balance(year: int, *, organizations: list | None = None, today: datetime.date | None = None) -> Balance:
    """The balance of `year` for `organizations` (Organization objects; None: the whole registry)."""
    today = today or clock.today()
    first_day = datetime.date(year, 1, 1)
    last_day = last_day_of(year, today)
    ids = None if organizations is None else {organization.pk for organization in organizations}
    rows: dict[int, Row] = {}
    total = Row()
    for segment in segments(until=last_day, since=first_day, organization_ids=ids):
        row = rows.get(segment.organization_id)
        if row is None:
            row = rows[segment.organization_id] = Row()
        began, ended = segment.began, segment.ended
        if ended is not None and ended < first_day or began > last_day:
            continue
        person = segment.member_id
        if began < first_day:
            row.start.append(person)
            total.start.append(person)
        else:
            row.arrived[segment.arrival].append(person)
            total.arrived[segment.arrival].append(person)
        if ended is not None and ended <= last_day:
            row.left[segment.departure].append(person)
            total.left[segment.departure].append(person)
        else:
            row.end.append(person)
            total.end.append(person)
    if organizations is not None:
        ordered = [organization for organization in organizations if organization.pk in rows]
    else:
        ordered = list(Organization.objects.filter(pk__in=rows).order_by("path"))
    result = []
    for organization in ordered:
        row = rows[organization.pk]
        row.organization = organization
        result.append(row)
    return Balance(year=year, first_day=first_day, last_day=last_day, rows=result, total=total)


@dataclass
class Cell:
    value: int
    figure: str
    kind: str = ""
    organization_id: int | None = None
    total: bool = False  # a sum over kinds


def headers() -> list[tuple[str, str, bool]]:
    """(figure, kind, is a sum) for each figure column of the table, in order."""
    columns = [("start", "", False)]
    columns += [("arrived", kind, False) for kind in ARRIVAL_KINDS] + [("arrived", "", True)]
    columns += [("left", kind, False) for kind in DEPARTURE_KINDS] + [("left", "", True)]
    return columns + [("end", "", False)]


def table_rows(balance: Balance) -> list[tuple[object, list[Cell]]]:
    """(organization or None for the total, its cells in the order of `headers()`)."""
    result = []
    for organization, row in [(row.organization, row) for row in balance.rows] + [(None, balance.total)]:
        pk = organization.pk if organization is not None else None
        result.append(
            (
                organization,
                [Cell(row.count(figure, kind), figure, kind, pk, total) for figure, kind, total in headers()],
            )
        )
    return result
