"""The mobile members' tables of the annual statistics (docs/statistics.md): T-F, inflow, outflow and lost
contact on the cut-off day, and T-F2, the inflow and the outflow by province *(our layouts)* — from the held
stays registry/statistics/tables.py works out, two queries."""

from collections import defaultdict

from django.db.models import Q, Value
from django.db.models.functions import Coalesce, NullIf, Substr

from registry.development.rules import add_months
from registry.models import Member, Movement
from registry.statistics import layouts, places
from registry.statistics.cells import NARROWED_UP_TO, Table
from registry.statistics.rules import Period

Kind = Movement.Kind

# --- T-F: mobile members and lost contact --------------------------------------------------------

SIX_MONTHS = 6


def t_f(period: Period, held: dict) -> tuple[Table, Table]:
    """流动党员 *(our layout)*: those on the roster whose membership is held elsewhere (with those of them
    out of touch), our own working elsewhere on the cut-off day (a flow-out not followed by a return;
    with an activity certificate; out of touch), and lost contact as the movements date it (one query);
    then T-F2, the inflow and the outflow by province."""
    table = Table(layouts.T_F)
    cutoff = period.cutoff
    inflow, own = held["inflow"], held["end"]
    latest = {}  # {(member id, "flow" or "contact"): (day, kind, certificate number, place)}
    found, suspended, ever_lost = [], [], set()
    members = set(inflow) | set(own) | set(held["out"])
    for member_id, kind, day, certificate, place in (
        Movement.objects.filter(
            Q(member_id__in=members) if len(members) <= NARROWED_UP_TO else Q(),
            kind__in=[Kind.FLOW_OUT, Kind.RETURN, Kind.LOST_CONTACT, Kind.CONTACT_FOUND, Kind.SUSPENDED, Kind.RESTORED],
            date__lte=cutoff,
        )
        .order_by("date", "id")
        .values_list("member_id", "kind", "date", "certificate_number", "other_side")
    ):
        if kind == Kind.SUSPENDED:
            if period.holds(day) and member_id in ever_lost and member_id in members:
                suspended.append(member_id)
            continue
        if kind == Kind.LOST_CONTACT:
            ever_lost.add(member_id)
        group = "flow" if kind in (Kind.FLOW_OUT, Kind.RETURN) else "contact"  # 恢复党籍 ends the case too
        latest[(member_id, group)] = (day, kind, certificate, place)
        if kind == Kind.CONTACT_FOUND and period.holds(day):
            found.append(member_id)

    def lost(member_id) -> tuple | None:
        event = latest.get((member_id, "contact"))
        return event if event is not None and event[1] == Kind.LOST_CONTACT else None

    for member_id in inflow:
        table.add("1", "A", member_id)
        if lost(member_id):
            table.add("2", "A", member_id)
    for member_id in own:
        event = latest.get((member_id, "flow"))
        if event is not None and event[1] == Kind.FLOW_OUT:
            table.add("3", "A", member_id)
            if event[2]:
                table.add("4", "A", member_id)
            if lost(member_id):
                table.add("5", "A", member_id)
    for member_id in [*inflow, *own]:
        event = lost(member_id)
        if event:
            table.add("6", "A", member_id)
            if add_months(event[0], SIX_MONTHS) <= cutoff:
                table.add("7", "A", member_id)
    table["8"]["A"].ids.extend(member_id for member_id in found if member_id in members)
    # 停止党籍 after losing contact [教育条例 art. 24]: the check T-F 9 = T1 11 names any other.
    table["9"]["A"].ids.extend(suspended)
    destinations = {member_id: latest[(member_id, "flow")][3] for member_id in table["3"]["A"].ids}
    return table, _t_f2(inflow, destinations)


def _t_f2(inflow: list, destinations: dict) -> Table:
    """T-F2 *(ours)*: the inflow by the province of the home organization (the origin address, where it is
    empty the home organization's name), the outflow by the province of the place they flowed out to (one query)."""
    table = Table(layouts.T_F2)
    row_of = {province: row for row, province in layouts.T_F2.rows[1:-1]}
    row_of[""] = layouts.T_F2.rows[-1][0]  # no province named
    members = Member.all_members.all()
    members = (
        members.filter(pk__in=inflow)
        if len(inflow) <= NARROWED_UP_TO
        else members.exclude(category=Member.Category.SELF_MANAGED)
    )
    wanted = set(inflow)
    by_province = {"A": defaultdict(list), "B": defaultdict(list)}
    _read_homes(members, wanted, by_province["A"])
    if wanted:  # beyond NARROWED_UP_TO: those self-managed since the cut-off day (a second query, if any)
        _read_homes(Member.all_members.filter(pk__in=list(wanted)), wanted, by_province["A"])
    for member_id, place in destinations.items():
        by_province["B"][places.province_of(place)].append(member_id)
    table["1"]["A"].ids.extend(inflow)
    table["1"]["B"].ids.extend(destinations)
    for column, found in by_province.items():
        for province, ids in found.items():
            table[row_of[province]][column].ids.extend(ids)
    return table


def _read_homes(members, wanted: set, by_province: dict) -> None:
    """Each of `members` that is `wanted` under the province of their home — the origin address, or where it
    is empty the home organization's name — taken out of `wanted`. Only the place's beginning is read (where
    a province is named), in one column, each beginning once: at 100,000 members the inflow is most of them,
    and their places repeat."""
    read = places.province_at_start
    home = Coalesce(
        NullIf(Substr("origin_address", 1, places.READ_CHARACTERS), Value("")),
        Substr("origin_organization", 1, places.READ_CHARACTERS),
    )
    for member_id, place in members.annotate(home=home).values_list("id", "home"):
        if member_id in wanted:
            wanted.discard(member_id)
            by_province[read(place or "")].append(member_id)
