"""The year's two balances (docs/lifecycle.md#yearly-balance), per organization and in total, each
adding up: start + in − out = end.

- **The roster's** (who takes part here): members on the roster on 1 January + arrivals − departures
  = members on the roster on 31 December (today, for the current year), by kind.
- **Where membership is held** (党内统计, STATISTICS.md T1; docs/lifecycle.md#held-balance): the
  self-managed members only — in: 发展 (admitted here), 恢复党籍, 转入 (a membership transferred here:
  a registered mobile member's transfer in, or a self-managed member registering with us); out:
  出党 (in its kinds, probation cancelled among them), 停止党籍, 死亡, 转出 (the receipt came back), and
  anything else that took a self-managed member off the roster (left the area: should not happen).

Counted from stays. A stay is a time on the roster: it begins with an arrival (the member's
登记时间) and ends with a departure, or is still open. The current stay of every member on the roster
begins on their `registered_on`; every ended stay is a departure row (`Movement.departed_on`),
which keeps the 登记时间 it began with. A move to another of our organizations splits a stay into
segments, each held by one organization: for that organization the segment begins with "moved in"
or ends with "moved out" — in the total both are equal and leave the sum as it is. Because every
segment adds itself to exactly one side of each equation, the balance always adds up.

A stay is held here while the member is self-managed: from the stay's beginning, or from the day of
the transfer in that made them self-managed (a registered mobile member before it is on the roster,
not held here). Whether a stay is self-managed is read from the member's category (a former member's
is the one they left with). So each held segment is part of a roster segment and adds itself to
each side of the held equation once: that balance adds up too.

Every figure keeps the ids of its people, so that every number on the page links to them.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches import clock
from branches.models import Organization
from registry.models import Member, Movement
from registry.movements import stays as stay_queries

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
# The balance where membership is held (self-managed members): how a held stay began and ended.
HELD_ARRIVAL_KINDS = {
    "admitted": _("Admitted (发展党员)"),
    "restored": _("Membership restored (恢复党籍)"),
    "transferred_in": _("Membership transferred in (转入)"),
    "moved_in": _("Moved in from another of our organizations"),
}
HELD_DEPARTURE_KINDS = {
    "left_party": _("Left the party (出党)"),
    "suspended": _("Membership suspended (停止党籍)"),
    "died": _("Died (死亡)"),
    "transferred_out": _("Membership transferred out (转出)"),
    "left_otherwise": _("Left the roster otherwise"),
    "moved_out": _("Moved to another of our organizations"),
}
HELD_DEPARTURE_OF = {
    Kind.TRANSFER_OUT: "transferred_out",
    Kind.DIED: "died",
    Kind.SUSPENDED: "suspended",
    Kind.PROBATION_CANCELLED: "left_party",  # 出党 counts it (STATISTICS.md T1 row 10)
    **dict.fromkeys(Movement.LEFT_PARTY, "left_party"),
    "moved_out": "moved_out",
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
    # Held here (self-managed) from this day, arriving as a key of HELD_ARRIVAL_KINDS (None: not held).
    held_began: datetime.date | None = None
    held_arrival: str = ""

    @property
    def held_departure(self) -> str:
        """A key of HELD_DEPARTURE_KINDS ("" while open)."""
        if not self.departure:
            return ""
        return HELD_DEPARTURE_OF.get(self.departure, "left_otherwise")


class People(list):
    """The ids of the people behind a figure, and (`unnamed`) how many more were counted without their
    ids (year_balances without `people`: the plain stays counted by the database). Its length is both."""

    unnamed = 0

    def __len__(self) -> int:
        return super().__len__() + self.unnamed

    def add(self, people: list | int) -> None:
        if isinstance(people, int):
            self.unnamed += people
        else:
            self.extend(people)

    def ids(self) -> set:
        if self.unnamed:
            raise ValueError("a balance counted without its people's ids (year_balances(people=False)) names none")
        return set(self)


@dataclass
class Row:
    """One organization's balance, or the total: each figure as the ids of its people."""

    organization: object = None
    # Lists, not sets: someone who left twice in a year counts twice, as the equation needs.
    start: People = field(default_factory=People)
    arrived: dict = field(default_factory=lambda: defaultdict(People))
    left: dict = field(default_factory=lambda: defaultdict(People))
    end: People = field(default_factory=People)
    arrival_kinds: dict = field(default_factory=lambda: ARRIVAL_KINDS)
    departure_kinds: dict = field(default_factory=lambda: DEPARTURE_KINDS)

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
            return value.ids()
        if kind:
            return value[kind].ids() if kind in value else set()
        return set().union(*(ids.ids() for ids in value.values()))

    def arrived_count(self, *, moves: bool = True) -> int:
        return sum(len(ids) for kind, ids in self.arrived.items() if moves or kind != "moved_in")

    def left_count(self, *, moves: bool = True) -> int:
        return sum(len(ids) for kind, ids in self.left.items() if moves or kind != "moved_out")

    def arrivals_by_kind(self) -> list[tuple[str, int]]:
        return [(kind, len(self.arrived.get(kind, ()))) for kind in self.arrival_kinds]

    def departures_by_kind(self) -> list[tuple[str, int]]:
        return [(kind, len(self.left.get(kind, ()))) for kind in self.departure_kinds]

    @property
    def adds_up(self) -> bool:
        """Start + in − out = end: checked on every row the page shows (docs/lifecycle.md#yearly-balance)."""
        return len(self.start) + self.arrived_count() - self.left_count() == len(self.end)


@dataclass
class Balance:
    year: int
    first_day: datetime.date
    last_day: datetime.date  # 31 December, or today for the current year
    rows: list[Row]
    total: Row
    held: bool = False  # the balance where membership is held (self-managed members), not the roster's

    @property
    def adds_up(self) -> bool:
        return all(row.adds_up for row in [*self.rows, self.total])

    def figures(self) -> dict:
        """`registry_stats --json`'s `balance`, and `held_here` with one key more per kind
        (docs/lifecycle.md#registry-stats): moves between our own organizations are neither
        arrivals nor departures of the whole."""
        figures = {
            "year": self.year,
            "start": len(self.total.start),
            "arrived": self.total.arrived_count(moves=False),
            "left": self.total.left_count(moves=False),
            "end": len(self.total.end),
        }
        if self.held:
            figures |= {kind: count for kind, count in self.total.arrivals_by_kind() if kind != "moved_in"}
            figures |= {kind: count for kind, count in self.total.departures_by_kind() if kind != "moved_out"}
        return figures


def _arrival_kind(admitted: bool, restored: bool) -> str:
    if restored:
        return "restored"
    return "admitted" if admitted else "registered"


def segments(
    *, until: datetime.date, since: datetime.date, organization_ids: set | None = None, plain_apart: bool = False
) -> list[Segment]:
    """Every segment of a stay that touches [since, until], in the organizations given (None: all),
    each with the part of it held here (self-managed) if any. Five queries, whatever the number of
    members. For some organizations, only the stays that can touch them are read: those that end in
    one of them, and those of members who moved between our organizations into or out of one of them.
    `plain_apart`: without the plain stays (see plain_groups), which the caller counts by group."""
    restorations = {
        (member_id, day): kind
        for member_id, day, kind in Movement.objects.filter(kind__in=(Kind.ARRIVAL, Kind.RESTORED)).values_list(
            "member_id", "date", "kind"
        )
    }
    moves = defaultdict(list)
    for member_id, day, from_id, to_id in (
        Movement.objects.filter(kind=Kind.TRANSFER_OUT, to_organization__isnull=False)
        .order_by("date", "id")
        .values_list("member_id", "date", "organization_id", "to_organization_id")
    ):
        moves[member_id].append((day, from_id, to_id))
    transfers_in = defaultdict(list)
    for member_id, day in (
        Movement.objects.filter(kind=Kind.TRANSFER_IN).order_by("date").values_list("member_id", "date")
    ):
        transfers_in[member_id].append(day)
    current = Member.objects.filter(registered_on__lte=until)
    if plain_apart:
        current = current.filter(id__in=stay_queries.eventful())
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
    # (member_id, organization_id at the end, began, ended, departure kind, category, admitted here)
    stays = [
        (member_id, organization_id, stay_queries.as_date(began), None, "", category, admitted)
        for member_id, organization_id, began, category, admitted in stay_queries.raw_rows(
            current.order_by()
            .annotate(admitted=stay_queries.admitted())
            .values_list("id", "organization_id", "registered_on", "category", "admitted")
        )
    ]
    stays.extend(
        departures.annotate(admitted=stay_queries.admitted("member__joined", "registered_on")).values_list(
            "member_id", "organization_id", "registered_on", "departed_on", "kind", "member__category", "admitted"
        )
    )
    found = []
    self_managed = Member.Category.SELF_MANAGED
    for member_id, organization_id, began, ended, departure, category, admitted in stays:
        restored = restorations.get((member_id, began))
        arrival = _arrival_kind(admitted, restored is not None)
        held_from, held_kind = (
            _held_from(category, began, ended, arrival, restored, transfers_in.get(member_id, ()))
            if category == self_managed
            else (None, "")
        )
        member_moves = moves.get(member_id)
        if member_moves is None:  # most members never moved between our organizations: one segment
            if organization_ids is None or organization_id in organization_ids:
                found.append(
                    _held(Segment(member_id, organization_id, began, ended, arrival, departure), held_from, held_kind)
                )
            continue
        inside = [move for move in member_moves if began <= move[0] and (ended is None or move[0] <= ended)]
        pieces = []
        start, start_kind = began, arrival
        for day, from_id, _to_id in inside:
            pieces.append(Segment(member_id, from_id, start, day, start_kind, "moved_out"))
            start, start_kind = day, "moved_in"
        pieces.append(Segment(member_id, organization_id, start, ended, start_kind, departure))
        found.extend(
            _held(piece, held_from, held_kind)
            for piece in pieces
            if organization_ids is None or piece.organization_id in organization_ids
        )
    return found


def _held_from(category, began, ended, arrival, restored, transfers_in) -> tuple[datetime.date | None, str]:
    """The day a stay became held here and how (a key of HELD_ARRIVAL_KINDS), or (None, "") for a
    member who is not self-managed: a transfer in during the stay (after its first day) made them
    self-managed that day; otherwise they were from the stay's first day — admitted here (发展),
    their membership restored (恢复党籍), or their membership came with them (转入)."""
    if category != Member.Category.SELF_MANAGED:
        return None, ""
    during = [day for day in transfers_in if began < day and (ended is None or day <= ended)]
    if during:
        return during[0], "transferred_in"
    if arrival == "admitted":
        return began, "admitted"
    if restored == Kind.RESTORED:
        return began, "restored"
    return began, "transferred_in"


def _held(segment: Segment, held_from: datetime.date | None, held_kind: str) -> Segment:
    """The part of `segment` held here: from the segment's beginning when it began held (a move
    between our organizations stays a move), from `held_from` when that falls inside it."""
    if held_from is None or segment.ended is not None and segment.ended < held_from:
        return segment
    if segment.began >= held_from:
        segment.held_began = segment.began
        segment.held_arrival = "moved_in" if segment.arrival == "moved_in" else held_kind
    else:
        segment.held_began, segment.held_arrival = held_from, held_kind
    return segment


def last_day_of(year: int, today: datetime.date | None = None) -> datetime.date:
    """The day the balance of `year` runs to: 31 December, or today for the current year."""
    today = today or clock.today()
    return min(datetime.date(year, 12, 31), today) if year >= today.year else datetime.date(year, 12, 31)


def year_balance(year: int, *, organizations: list | None = None, today: datetime.date | None = None) -> Balance:
    """The roster's balance of `year` for `organizations` (Organization objects; None: the whole registry)."""
    return year_balances(year, organizations=organizations, today=today)[0]


def year_balances(
    year: int, *, organizations: list | None = None, today: datetime.date | None = None, people: bool = True
) -> tuple[Balance, Balance]:
    """(the roster's balance, the balance where membership is held) of `year` for `organizations`
    (None: the whole registry), from one reading of the stays. Without `people`, the figures only: the
    plain stays (most of the roster) are counted by the database, and Row.people names nobody."""
    today = today or clock.today()
    first_day = datetime.date(year, 1, 1)
    last_day = last_day_of(year, today)
    ids = None if organizations is None else {organization.pk for organization in organizations}
    found = segments(until=last_day, since=first_day, organization_ids=ids, plain_apart=True)
    roster = _count(
        [(segment, segment.began, segment.arrival, segment.departure) for segment in found],
        first_day,
        last_day,
        lambda: Row(),
    )
    held = _count(
        [
            (segment, segment.held_began, segment.held_arrival, segment.held_departure)
            for segment in found
            if segment.held_began is not None
        ],
        first_day,
        last_day,
        lambda: Row(arrival_kinds=HELD_ARRIVAL_KINDS, departure_kinds=HELD_DEPARTURE_KINDS),
    )
    for organization_id, before, admitted, self_managed, group in stay_queries.plain_groups(
        until=last_day, since=first_day, organization_ids=ids, narrowed_up_to=NARROWED_UP_TO, ids=people
    ):
        _add_plain(roster, organization_id, before, "admitted" if admitted else "registered", group)
        if self_managed:
            _add_plain(held, organization_id, before, "admitted" if admitted else "transferred_in", group)
    all_ids = set(roster[0]) | set(held[0])
    if organizations is not None:
        ordered = [organization for organization in organizations if organization.pk in all_ids]
    else:
        ordered = list(Organization.objects.filter(pk__in=all_ids).order_by("path"))
    return tuple(
        Balance(
            year=year,
            first_day=first_day,
            last_day=last_day,
            rows=_ordered_rows(rows, ordered),
            total=total,
            held=is_held,
        )
        for (rows, total), is_held in ((roster, False), (held, True))
    )


def _count(items, first_day: datetime.date, last_day: datetime.date, new_row) -> tuple[dict, Row]:
    """Rows per organization and the total from (segment, began, arrival kind, departure kind)."""
    rows: dict[int, Row] = {}
    total = new_row()
    for segment, began, arrival, departure in items:
        row = rows.get(segment.organization_id)
        if row is None:
            row = rows[segment.organization_id] = new_row()
        ended = segment.ended
        if ended is not None and ended < first_day or began > last_day:
            continue
        person = segment.member_id
        if began < first_day:
            row.start.append(person)
            total.start.append(person)
        else:
            row.arrived[arrival].append(person)
            total.arrived[arrival].append(person)
        if ended is not None and ended <= last_day:
            row.left[departure].append(person)
            total.left[departure].append(person)
        else:
            row.end.append(person)
            total.end.append(person)
    return rows, total


def _add_plain(counted: tuple[dict, Row], organization_id: int, before: bool, arrival: str, people: list | int) -> None:
    """Counts a group of plain stays (plain_groups: their ids, or their number) as _count counts each:
    open, so at the end."""
    rows, total = counted
    row = rows.get(organization_id)
    if row is None:
        row = rows[organization_id] = Row(arrival_kinds=total.arrival_kinds, departure_kinds=total.departure_kinds)
    for counting in (row, total):
        if before:
            counting.start.add(people)
        else:
            counting.arrived[arrival].add(people)
        counting.end.add(people)


def _ordered_rows(rows: dict[int, Row], organizations: list) -> list[Row]:
    result = []
    for organization in organizations:
        row = rows.get(organization.pk)
        if row is not None:
            row.organization = organization
            result.append(row)
    return result


@dataclass
class Cell:
    value: int
    figure: str
    kind: str = ""
    organization_id: int | None = None
    total: bool = False  # a sum over kinds


def headers(held: bool = False) -> list[tuple[str, str, bool]]:
    """(figure, kind, is a sum) for each figure column of the table, in order."""
    arrivals, departures = (HELD_ARRIVAL_KINDS, HELD_DEPARTURE_KINDS) if held else (ARRIVAL_KINDS, DEPARTURE_KINDS)
    columns = [("start", "", False)]
    columns += [("arrived", kind, False) for kind in arrivals] + [("arrived", "", True)]
    columns += [("left", kind, False) for kind in departures] + [("left", "", True)]
    return columns + [("end", "", False)]


def table_rows(balance: Balance, rows=None) -> list[tuple[object, list[Cell]]]:
    """(organization or None for the total, its cells in the order of `headers()`): of every
    organization's row, or of `rows` (a page of them), then the total."""
    result = []
    shown = balance.rows if rows is None else rows
    for organization, row in [(row.organization, row) for row in shown] + [(None, balance.total)]:
        pk = organization.pk if organization is not None else None
        result.append(
            (
                organization,
                [
                    Cell(row.count(figure, kind), figure, kind, pk, total)
                    for figure, kind, total in headers(balance.held)
                ],
            )
        )
    return result
