"""The tables of the annual statistics filled from the records (docs/statistics.md): for an organization
and everything below it (None: the whole registry) and a period (registry/statistics/rules.py Period),
every cell as the ids of the records it counts, so that every figure links to them.

A bounded number of queries whatever the size: the stays where membership is held come from the year's
balance (registry/movements/balance.py `segments`, five queries), then one query each for the
candidates, the members' values, the discipline records, the appraisal results, the honours and the
organizations; the buckets are worked out here from those value lists.
"""

import datetime
from collections import Counter, defaultdict

from django.db.models import Q

from branches.models import Organization
from registry.development.rules import add_months, end_of_probation
from registry.members.post_categories import T2_ROWS, PostCategory
from registry.models import Candidate, Discipline, Member, Movement
from registry.movements import balance
from registry.statistics import layouts, mobile, organizations, rules
from registry.statistics.buckets import (
    AGE_BANDS_T2,
    AGE_BANDS_T10,
    AGE_BANDS_T16,
    EDUCATION_T4,
    EDUCATION_T16,
    JOINED_BANDS_T3,
    JOINED_BANDS_T10,
    T10_COLUMNS,
    T12_COLUMNS,
)
from registry.statistics.cells import NARROWED_UP_TO, Report, Table, in_organizations, subtree_ids
from registry.statistics.rules import Period

Kind = Movement.Kind

# The member's values the buckets read, in this order.
MEMBER_VALUES = (
    "id",
    "id_number",
    "birth_date",
    "gender",
    "ethnicity",
    "native_place",
    "joined",
    "made_full",
    "status",
    "education",
    "post_category",
)


def build(period: Period, organization: Organization | None = None, *, previous_row_16: list | None = None) -> Report:
    """Every table for `organization` and below (None: the whole registry) in `period`. `previous_row_16`:
    last year's row 16 as filed (its members' ids); without it, row 1 counts from the records."""
    ids = subtree_ids(organization)
    report = Report(period, organization, {})
    held = _held_stays(period, ids)
    candidates = _candidates(period, ids)
    disciplines = list(
        Discipline.objects.filter(
            in_organizations(ids, "member__organization_id"),
            date__gte=period.first_day,
            date__lte=period.cutoff,
            member__category=Member.Category.SELF_MANAGED,
        ).values_list("member_id", "kind")
    )
    wanted = set(held["end"]) | {segment.member_id for segment in held["left_party"]}
    others = {member_id for member_id, _kind in disciplines} | {row["member_id"] for row in candidates}
    values = _member_values(wanted | others, others)
    report.tables["T1"] = _t1(period, held, values, previous_row_16)
    # Last year's row 16 as the registry holds it on last year's cut-off day (the stays then open: the same
    # reading as row 1's without a filed report), which row 1 as filed is checked against.
    report.tables["T1"].last_year_16 = held["start"]
    population = [values[member_id] for member_id in held["end"] if member_id in values]
    report.tables["T2"], report.tables["T3"], report.tables["T4"] = _t2_t3_t4(period, population, report)
    lapsed_lost = set(
        Movement.objects.filter(
            kind=Kind.LOST_CONTACT,
            member_id__in=[s.member_id for s in held["left_party"] if s.departure == Kind.LAPSED],
        ).values_list("member_id", flat=True)
    )
    report.tables["T10"] = _t10(period, held["left_party"], values, lapsed_lost)
    report.tables["T12"] = _t12(period, disciplines, values)
    report.tables["T8"] = organizations.t8(period, ids)
    report.tables["T14"] = organizations.t14(period, ids)
    report.tables["T15"] = _t15(period, candidates)
    report.tables["T16"] = _t16(period, candidates, values)
    report.tables["T24"] = organizations.t24(period, ids)
    report.tables["T-C"] = organizations.t_c(ids)
    report.tables["T-F"], report.tables["T-F2"] = mobile.t_f(period, held)
    return report


# --- T1: the stays where membership is held ---------------------------------------------------


def _held_stays(period: Period, ids: set | None) -> dict:
    """The held stays of the period, each arrival and departure by the form's row, moves between two
    organizations of the subtree left out (the subtree's total is unchanged by them). An admission
    counts from the higher committee's approval [STATISTICS.md "Who counts whom"]."""
    first_day, cutoff = period.first_day, period.cutoff
    found, stays = [], defaultdict(list)
    for segment in balance.segments(until=cutoff, since=first_day, organization_ids=ids):
        if segment.held_began is not None and segment.held_began <= cutoff:
            found.append(segment)
        elif segment.began <= cutoff and (segment.ended is None or segment.ended > cutoff):
            stays["inflow"].append(segment.member_id)  # on the roster, membership held elsewhere (T-F)
    # {member id: (admitted, approved)}: those admitted by one of our organizations (all of them: few).
    admissions = {
        member_id: (admitted, approved)
        for member_id, admitted, approved in Candidate.objects.filter(
            member__isnull=False, admitted__isnull=False
        ).values_list("member_id", "admitted", "approved")
    }
    moved_out = {(s.member_id, s.ended) for s in found if s.departure == "moved_out"}
    moved_in = {(s.member_id, s.held_began) for s in found if s.held_arrival == "moved_in"}
    internal = moved_out & moved_in
    for segment in found:
        began = segment.held_began
        admission = admissions.get(segment.member_id)
        if admission is not None and _admitted_here(segment, admission):
            segment.held_arrival = "admitted"
            if admission[1] is None:
                continue  # admitted by the branch, not yet approved: not yet a member the report counts
            began = max(began, admission[1])
        ended = segment.ended
        if ended is not None and (ended < first_day or ended < began) or began > cutoff:
            continue
        if began < first_day:
            stays["start"].append(segment.member_id)
        elif (segment.member_id, segment.held_began) not in internal:
            stays[f"in:{segment.held_arrival}"].append(segment.member_id)
            stays["in"].append(segment.member_id)
            stays["in_days"].append((segment.member_id, began))
        if ended is not None and ended <= cutoff:
            if (segment.member_id, ended) not in internal:
                stays[f"out:{segment.held_departure}"].append(segment.member_id)
                stays["out"].append(segment.member_id)
                stays["out_days"].append((segment.member_id, ended))
                if segment.held_departure == "left_party":
                    stays["left_party"].append(segment)
        else:
            stays["end"].append(segment.member_id)
    return stays


def _admitted_here(segment, admission: tuple) -> bool:
    """A held stay that began with the admission of one of our candidates (发展党员): marked so by the
    balance (入党时间 = 登记时间), or begun on or after the admission as the stay's first day (a roster
    that registered the member later than the branch admitted them). A stay that began otherwise
    (restored, moved in, a transfer in during the stay) is not an admission."""
    if segment.held_arrival == "admitted":
        return True
    return (
        segment.held_arrival == "transferred_in"
        and segment.held_began == segment.began
        and admission[0] <= segment.began
    )


def _t1(period: Period, held: dict, values: dict, previous_row_16: list | None) -> "Table":
    table = Table(layouts.T1)

    def put(row: str, ids) -> None:
        table[row]["A"].ids.extend(ids)

    put("1", held["start"] if previous_row_16 is None else previous_row_16)
    put("2", held["in"])
    admitted = held["in:admitted"]
    put("3", admitted)
    events = defaultdict(list)  # {member id: [(kind, day, whole unit)]}
    for member_id, kind, day, whole in Movement.objects.filter(
        member_id__in=set(held["in"]) | set(held["out"]),
        kind__in=[*Movement.LEFT_PARTY, Kind.PROBATION_CANCELLED, Kind.SUSPENDED, Kind.TRANSFER_IN, Kind.TRANSFER_OUT],
    ).values_list("member_id", "kind", "date", "whole_unit"):
        events[member_id].append((kind, day, whole))
    in_days = dict(held["in_days"])
    left_party = {*Movement.LEFT_PARTY, Kind.PROBATION_CANCELLED}
    # 重新入党: someone admitted who had left the party (or whose probation was cancelled) before.
    put("4", [m for m in admitted if any(k in left_party and d < in_days[m] for k, d, _w in events[m])])
    restored = held["in:restored"]
    put("5", restored)
    put("6", [m for m in restored if any(k == Kind.SUSPENDED and d < in_days[m] for k, d, _w in events[m])])
    transferred_in = held["in:transferred_in"] + held["in:moved_in"]
    put("7", transferred_in)
    # 整建制: the transfer (its letter dated up to a year before the day it took effect) was a whole unit's.
    put("8", [m for m in transferred_in if _whole_unit(events[m], Kind.TRANSFER_IN, in_days[m])])
    put("9", held["out"])
    put("10", held["out:left_party"])
    put("11", held["out:suspended"])
    put("12", held["out:died"])
    transferred_out = held["out:transferred_out"] + held["out:moved_out"]
    put("13", transferred_out)
    out_days = dict(held["out_days"])
    put("14", [m for m in transferred_out if _whole_unit(events[m], Kind.TRANSFER_OUT, out_days[m])])
    expected = Counter(table["1"]["A"].ids) + Counter(table["2"]["A"].ids)
    expected.subtract(Counter(table["9"]["A"].ids))
    put("15", sorted(expected.elements()))
    table["15"]["A"].value = sum(expected.values())
    put("16", held["end"])
    actual = Counter(held["end"])
    difference = (actual - +expected) + (+expected - actual)
    put("17", sorted(difference))
    table["17"]["A"].value = len(held["end"]) - table["15"]["A"].count
    return table


def _whole_unit(events: list, kind: str, day: datetime.date) -> bool:
    return any(k == kind and whole and add_months(day, -12) <= d <= day for k, d, whole in events)


# --- T2, T3, T4: the members held here on the cut-off day -------------------------------------


def _member_values(ids: set, others: set) -> dict:
    """{member id: {field: value}} for `ids`: one query — an IN list when short, else every self-managed
    member (nearly all the tables count) and `others` (the few members of candidates and discipline who
    may not be), narrowed here."""
    rows = Member.all_members.all()
    if len(ids) <= NARROWED_UP_TO:
        rows = rows.filter(pk__in=ids)
    else:
        rows = rows.filter(Q(category=Member.Category.SELF_MANAGED) | Q(pk__in=others))
    found = {}
    for row in rows.values_list(*MEMBER_VALUES).iterator(chunk_size=5000):
        if row[0] in ids:
            found[row[0]] = dict(zip(MEMBER_VALUES, row, strict=True))
    return found


def post_rows(category: str) -> list[str]:
    """The rows (after row 1) a post category counts in: its leaf, its groups and its "of which" row."""
    return [str(number) for number, _label, categories in T2_ROWS[1:] if category in categories]


def _t2_t3_t4(period: Period, population: list, report: Report) -> tuple:
    t2, t3, t4 = Table(layouts.T2), Table(layouts.T3), Table(layouts.T4)
    cutoff = period.cutoff
    missing = defaultdict(list)
    rows_of = {category: ["1", *post_rows(category)] for category in ("", *PostCategory.values)}
    for member in population:
        member_id = member["id"]
        rows = rows_of.get(member["post_category"] or "", ["1"])
        if len(rows) == 1:
            missing["post_category"].append(member_id)
        age = rules.age_on(rules.birth_of(member["birth_date"], member["id_number"]), cutoff)
        t2_columns = ["A", rules.bucket(age, AGE_BANDS_T2)]
        if rules.probationary_on(member["status"], member["joined"], member["made_full"], cutoff):
            t2_columns.append("B")
        if member["gender"] == "female" or not member["gender"] and _female_by_id(member["id_number"]):
            t2_columns.append("C")
        if rules.is_minority(member["ethnicity"]):
            t2_columns.append("D")
        if rules.is_taiwanese(member["native_place"]):
            t2_columns.append("E")
        joined_column = rules.bucket(member["joined"], JOINED_BANDS_T3)
        if joined_column is None:
            missing["joined"].append(member_id)
        education_column = EDUCATION_T4.get(member["education"])
        if education_column is None:
            missing["education"].append(member_id)
        cells = [(t2, column) for column in t2_columns if column is not None] + [
            (table, column) for table, column in ((t3, "A"), (t3, joined_column), (t4, "A"), (t4, education_column))
        ]
        for row in rows:
            for table, column in cells:
                if column is not None:
                    table[row][column].ids.append(member_id)  # Table.add without the call: 600,000 a year
    report.missing.update(missing)
    return t2, t3, t4


def _female_by_id(id_number: str) -> bool:
    """The 17th character of the ID number is even for a woman (GB 11643)."""
    return len(id_number) == 18 and id_number[16].isdigit() and int(id_number[16]) % 2 == 0


# --- T10, T12: leaving the party and discipline ------------------------------------------------


def _age_and_joined_rows(member: dict | None, cutoff: datetime.date) -> list[str]:
    if member is None:
        return ["1"]
    age = rules.age_on(rules.birth_of(member["birth_date"], member["id_number"]), cutoff)
    return [
        row for row in ("1", rules.bucket(age, AGE_BANDS_T10), rules.bucket(member["joined"], JOINED_BANDS_T10)) if row
    ]


def _t10(period: Period, left_party: list, values: dict, lapsed_lost: set) -> "Table":
    table = Table(layouts.T10)
    for segment in left_party:
        member_id = segment.member_id
        columns = ["A", T10_COLUMNS.get(segment.departure)]
        if segment.departure == Kind.LAPSED and member_id in lapsed_lost:
            columns.append("G")
        for row in _age_and_joined_rows(values.get(member_id), period.cutoff):
            for column in columns:
                if column:
                    table.add(row, column, member_id)
    return table


def _t12(period: Period, disciplines: list, values: dict) -> "Table":
    table = Table(layouts.T12)
    for member_id, kind in disciplines:
        for row in _age_and_joined_rows(values.get(member_id), period.cutoff):
            for column in ("A", T12_COLUMNS.get(kind)):
                if column:
                    table.add(row, column, member_id)
    return table


# --- T15, T16: development and making full, in the year of the higher committee's approval ------

CANDIDATE_VALUES = (
    "member_id",
    "id_number",
    "admitted",
    "approved",
    "made_full",
    "full_decided",
    "full_approved",
    "probation_extended_on",
    "probation_extension_months",
    "extension_approved",
    "cancelled_on",
)


def _candidates(period: Period, ids: set | None) -> list[dict]:
    """The candidates admitted here whose admission or probation the period can count (one query)."""
    return list(
        Candidate.objects.filter(in_organizations(ids), admitted__isnull=False, member__isnull=False)
        .filter(
            Q(approved__gte=period.first_day, approved__lte=period.cutoff)
            | Q(admitted__lte=period.cutoff, made_full__isnull=True, cancelled_on__isnull=True)
            | Q(full_approved__gte=period.first_day)
            | Q(extension_approved__gte=period.first_day)
            | Q(cancelled_on__gte=period.first_day)
        )
        .values(*CANDIDATE_VALUES)
    )


def _t15(period: Period, candidates: list[dict]) -> "Table":
    """转正 [党章 art. 7; 细则 art. 32–34], in the year of the higher committee's approval: A those whose
    probation ended, B those decided and approved (C on time, D after an extension, E after a late
    discussion *(ours)*, F extended, G cancelled at the end), H not yet decided or approved, I cancelled
    before the end."""
    table = Table(layouts.T15)
    cutoff = period.cutoff
    for candidate in candidates:
        member_id = candidate["member_id"]
        admitted = candidate["admitted"]
        if candidate["approved"] is None or candidate["approved"] > cutoff:
            continue
        first_end = end_of_probation(admitted)
        extended = candidate["extension_approved"] is not None and candidate["extension_approved"] <= cutoff
        end = end_of_probation(admitted, candidate["probation_extension_months"] if extended else None)
        columns = []
        if period.holds(candidate["full_approved"]):
            columns.append("B")
            if candidate["made_full"] is not None:
                late = candidate["full_decided"] and candidate["full_decided"] > add_months(
                    candidate["made_full"], rules.LATE_DISCUSSION_MONTHS
                )
                columns.append("D" if candidate["probation_extended_on"] else "E" if late else "C")
        elif period.holds(candidate["extension_approved"]):
            columns += ["B", "F"]
        cancelled = candidate["cancelled_on"]
        if period.holds(cancelled):
            columns += ["B", "G"] if cancelled >= first_end else ["I"]
        decided = (candidate["full_approved"] is not None and candidate["full_approved"] <= cutoff) or (
            cancelled is not None and cancelled <= cutoff
        )
        if end <= cutoff and not decided and "B" not in columns:
            # Extended this year with the extension also ending this year: counted once, with this year's
            # decision (the extension, F); its 转正 is next year's figure.
            columns.append("H")
        if "B" in columns or "H" in columns:
            columns.append("A")
        for column in dict.fromkeys(columns):
            table.add("1", column, member_id)
    return table


def _t16(period: Period, candidates: list[dict], values: dict) -> "Table":
    table = Table(layouts.T16)
    for candidate in candidates:
        if not period.holds(candidate["approved"]):
            continue
        member_id = candidate["member_id"]
        member = values.get(member_id) or {}
        age = rules.age_on(rules.birth_of(None, candidate["id_number"]), candidate["admitted"])
        columns = ["A", rules.bucket(age, AGE_BANDS_T16), EDUCATION_T16.get(member.get("education"))]
        if member.get("gender") == "female" or _female_by_id(candidate["id_number"]) and not member.get("gender"):
            columns.append("B")
        if rules.is_minority(member.get("ethnicity")):
            columns.append("C")
        for row in ["1", *post_rows(member.get("post_category") or "")]:
            for column in columns:
                if column:
                    table.add(row, column, member_id)
    return table
