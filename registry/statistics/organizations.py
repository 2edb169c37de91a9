"""The organizations' tables of the annual statistics (docs/statistics.md): T8 the appraisal (民主评议), T14
the commendations (and its supplement), T24 the grassroots organizations and their terms — one query or two each."""

from collections import Counter

from django.db.models import Count, Exists, OuterRef, Q

from branches.models import Chamber, Enterprise, Organization
from registry.models import AppraisalResult, CommitteeMembership, Election, Honour, Member
from registry.statistics import layouts
from registry.statistics.buckets import T8_OUTCOMES, T14_LEVELS, T14_ROWS, T24_LEVELS
from registry.statistics.cells import Table, in_organizations
from registry.statistics.rules import Period


def _unit_column(chamber_id, enterprise_hosts: int) -> str:
    """The kind of unit hosting an organization: a member enterprise (非公有经济控制企业) or a chamber
    (社会组织); anything else has no column of its own."""
    if enterprise_hosts:
        return "H"
    return "I" if chamber_id else ""


def t8(period: Period, ids: set | None) -> "Table":
    """民主评议 [ORGLIFE.md §3]: the rounds of the year, and last year's that ended this year (B)."""
    table = Table(layouts.T8)
    year = period.year
    results = AppraisalResult.objects.filter(
        in_organizations(ids, "appraisal_round__organization_id"),
        Q(appraisal_round__year=year) | Q(appraisal_round__year=year - 1, appraisal_round__decided_on__year=year),
    ).values_list(
        "member_id",
        "grade",
        "outcome",
        "appraisal_round__year",
        "appraisal_round__decided_on",
        "appraisal_round__organization_id",
        "appraisal_round__organization__chamber_id",
    )
    hosts = _enterprise_hosts(ids)
    rounds_seen = set()
    for member_id, grade, outcome, round_year, decided_on, organization_id, chamber_id in results:
        if decided_on is not None and decided_on > period.cutoff:
            decided_on = None
        columns = ["A", "B" if round_year < year else "", _unit_column(chamber_id, hosts.get(organization_id, 0))]
        rows = ["3", "4" if decided_on else ""]
        if grade == AppraisalResult.Grade.EXCELLENT:
            rows.append("5")
        if grade == "unqualified":
            rows.append("6")
        if outcome in T8_OUTCOMES:
            rows += ["7", T8_OUTCOMES[outcome]]
        for row in filter(None, rows):
            for column in filter(None, columns):
                table.add(row, column, member_id)
        if organization_id not in rounds_seen:
            rounds_seen.add(organization_id)
            for row in ("1", "2" if decided_on else ""):
                for column in filter(None, columns):
                    if row:
                        table.add(row, column, organization_id)
    return table


def _enterprise_hosts(ids: set | None) -> dict:
    through = Organization.host_enterprises.through.objects.all()
    if ids is not None:
        through = through.filter(organization_id__in=ids)
    return Counter(through.values_list("organization_id", flat=True))


def t14(period: Period, ids: set | None) -> "Table":
    """Commendations approved in the period [STATISTICS.md T14]: organizations in row 1, people in 2 and 3;
    the supplement on those people (each in the columns of their commendation): 4 a party organization's
    secretary on the day of the commendation (CommitteeMembership), 6 commended posthumously; 5 (living
    in hardship) is not recorded (layouts.T14.unrecorded). One query."""
    table = Table(layouts.T14)
    secretary = CommitteeMembership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef("date")),
        member_id=OuterRef("member_id"),
        post=CommitteeMembership.Post.SECRETARY,
        started_on__lte=OuterRef("date"),
    )
    for title, level, member_id, organization_id, reason, posthumous, was_secretary in (
        Honour.objects.filter(
            in_organizations(ids), state=Honour.State.APPROVED, date__gte=period.first_day, date__lte=period.cutoff
        )
        .annotate(was_secretary=Exists(secretary))
        .values_list("title", "body_level", "member_id", "organization_id", "reason", "posthumous", "was_secretary")
    ):
        row = T14_ROWS.get(title)
        if row is None:
            continue
        record = organization_id if row == "1" else member_id
        columns = ["A", T14_LEVELS.get(level)]
        if "抗灾" in reason or "救灾" in reason:
            columns.append("B")  # 抗灾救灾: read from the reason *(ours)*
        rows = [row]
        if row != "1":
            rows += ["4"] if was_secretary else []
            rows += ["6"] if posthumous else []
        for each in rows:
            for column in filter(None, columns):
                table.add(each, column, record)
    return table


def t24(period: Period, ids: set | None) -> "Table":
    """基层组织 [STATISTICS.md T24]: committees, general branches and branches (temporary branches and
    party groups left out); a term that ends in the period, and an election held in it."""
    table = Table(layouts.T24)
    organizations = Organization.objects.filter(in_organizations(ids, "pk"), level__in=list(T24_LEVELS)).values_list(
        "pk", "level", "chamber_id"
    )
    hosts = _enterprise_hosts(ids)
    due, elected = set(), set()
    for organization_id, ends_on, held_on in Election.objects.filter(in_organizations(ids)).values_list(
        "organization_id", "ends_on", "held_on"
    ):
        if period.holds(ends_on):
            due.add(organization_id)
        if period.holds(held_on):
            elected.add(organization_id)
            due.add(organization_id)
    for organization_id, level, chamber_id in organizations:
        unit = _unit_column(chamber_id, hosts.get(organization_id, 0))
        rows = ["1", {"H": "4", "I": "5"}.get(unit, "6")]
        if organization_id in due:
            rows.append("2")
        if organization_id in elected:
            rows.append("3")
        for row in rows:
            for column in ("A", T24_LEVELS[level]):
                table.add(row, column, organization_id)
    return table


# --- T-C: member enterprises and chambers as legal units ----------------------------------------

STANDALONE_LEVEL_COLUMN = {
    Organization.Level.COMMITTEE: "C",
    Organization.Level.GENERAL_BRANCH: "D",
    Organization.Level.BRANCH: "E",
}
ENOUGH_FULL_MEMBERS = 3  # 应建尚未建立: three full members or more [党章 art. 30]


def _is_joint(level: str, formation: str) -> bool:
    return level == Organization.Level.JOINT_BRANCH or formation == Organization.Formation.JOINT


def t_c(ids: set | None) -> Table:
    """法人单位建立党组织 [STATISTICS.md T-C]: each member enterprise and chamber by how it is covered — its
    own (standalone) organization (by its highest level), a joint branch, or none (by its members: full
    members ≥ 3 should have one, a few, none). An organization of another formation (office-based, not
    stated) covers a unit in none of the form's columns: the check A = B + F + I names it."""
    table = Table(layouts.T_C)
    organizations = Organization.objects.filter(in_organizations(ids, "pk"))
    units = {"1": {}, "2": {}}  # {row: {unit id: [(organization id, level, formation)]}}
    chambers_of_subtree = set()
    for organization_id, level, formation, chamber_id in organizations.values_list(
        "pk", "level", "formation", "chamber_id"
    ):
        if chamber_id:
            chambers_of_subtree.add(chamber_id)
            units["2"].setdefault(chamber_id, []).append((organization_id, level, formation))
    hosting = Organization.host_enterprises.through.objects.filter(in_organizations(ids)).values_list(
        "enterprise_id", "organization_id", "organization__level", "organization__formation"
    )
    for enterprise_id, organization_id, level, formation in hosting:
        units["1"].setdefault(enterprise_id, []).append((organization_id, level, formation))
    enterprises = (
        Enterprise.objects.all()
        if ids is None
        else Enterprise.objects.filter(Q(pk__in=list(units["1"])) | Q(chamber_id__in=chambers_of_subtree))
    )
    enterprise_chambers = dict(enterprises.values_list("pk", "chamber_id"))
    for enterprise_id in enterprise_chambers:
        units["1"].setdefault(enterprise_id, [])
    for chamber_id in Chamber.objects.values_list("pk", flat=True) if ids is None else chambers_of_subtree:
        units["2"].setdefault(chamber_id, [])
    members = {"1": Counter(), "2": Counter()}
    full = {"1": Counter(), "2": Counter()}
    counted = (
        Member.objects.filter(enterprise__isnull=False)
        .values("enterprise_id", "enterprise__chamber_id")
        .annotate(members=Count("pk"), full=Count("pk", filter=Q(status=Member.Status.FULL)))
        .order_by()
    )
    for unit_counts in counted:  # one row an enterprise, counted in the database
        for row, unit in (("1", unit_counts["enterprise_id"]), ("2", unit_counts["enterprise__chamber_id"])):
            members[row][unit] += unit_counts["members"]
            full[row][unit] += unit_counts["full"]
    for row, found in units.items():
        for unit, hosted in found.items():
            columns = ["A"]
            standalone = [
                level
                for _pk, level, formation in hosted
                if not _is_joint(level, formation) and (formation == Organization.Formation.STANDALONE or row == "2")
            ]
            joint = [pk for pk, level, formation in hosted if _is_joint(level, formation)]
            if standalone:
                columns.append("B")
                known = [level for level in standalone if level in STANDALONE_LEVEL_COLUMN]
                if known:
                    columns.append(STANDALONE_LEVEL_COLUMN[min(known, key=list(STANDALONE_LEVEL_COLUMN).index)])
            elif joint:
                columns.append("F")
                if full[row][unit] >= ENOUGH_FULL_MEMBERS:
                    columns.append("G")
            elif not hosted:
                columns.append("I")
                if full[row][unit] >= ENOUGH_FULL_MEMBERS:
                    columns.append("J")
                else:
                    columns.append("K" if members[row][unit] else "L")
            for column in filter(None, columns):
                table.add(row, column, unit)
            for organization_id in joint:
                table.add(row, "H", organization_id)
        table[row]["H"].ids = sorted(set(table[row]["H"].ids))  # a joint branch covers several units
    return table
