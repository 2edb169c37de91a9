"""Every read of compliance (ORGLIFE.md §1, docs/orglife.md#compliance): the grid of organizations ×
periods for one kind of meeting, the organizations behind in the last completed period, the
exemptions — scoped to what the user sees (branches.access), in a bounded number of queries.

Both the grid and the list of organizations behind decide each cell by `rules.cell_state` from the
same facts: the organization's level and founding day, the meetings of the kind it held in the
period, the committee's exemptions, and whether a committee sat (registry/committees: a post in office
on some day of the period, as `CommitteeMembership.in_office` reads a post held on a day).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from branches import access
from branches.filtering import filtered, sorted_items, without_page
from branches.models import Organization
from registry.committees.own_settings import OwnSettings, own_settings, own_settings_for, with_any_own
from registry.committees.selectors import in_office_on
from registry.models import CommitteeMembership, Exemption, GatheringKind
from registry.orglife.compliance import rules
from registry.orglife.compliance.filters import BehindFilter, ExemptionFilter, GridFilter

Kind = GatheringKind.Kind
# The yearly kinds' grid shows this many years, ending with the year asked for.
YEARS_SHOWN = 5


def sitting_q(start: datetime.date, end: datetime.date, prefix: str = "") -> Q:
    """Committee posts held on some day from `start` to `end` (begun by its end, not left before its
    start: a post is held up to the day before it was left, as CommitteeMembership.in_office says)."""
    return Q(**{f"{prefix}started_on__lte": end}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": start})
    )


def organizations_for(user) -> QuerySet[Organization]:
    return access.visible_organizations(user).select_related("parent").order_by("path")


def own_organization_id(user) -> int | None:
    """The organization a secretary keeps: their row comes first in the lists."""
    assignment = access.assignment_of(user)
    if assignment is None or assignment.role != access.Role.SECRETARY:
        return None
    return assignment.organization_id


def own_first(rows: list, user, key=lambda row: row.organization.pk) -> list:
    """The secretary's own organization's rows first, the others in the order given."""
    own = own_organization_id(user)
    if own is None:
        return rows
    return [row for row in rows if key(row) == own] + [row for row in rows if key(row) != own]


# --- facts over a span ----------------------------------------------------------------------------


@dataclass
class Facts:
    """What the records say of some organizations for one kind over a span of periods."""

    meetings: dict = field(default_factory=lambda: defaultdict(list))  # organization id → [(day, gathering id)]
    exemptions: dict = field(default_factory=lambda: defaultdict(list))  # organization id → [Exemption]
    posts: dict = field(default_factory=lambda: defaultdict(list))  # organization id → [(started, ended)]

    def held_in(self, organization_id: int, period: rules.Period) -> list[tuple[datetime.date, int]]:
        return [meeting for meeting in self.meetings[organization_id] if period.contains(meeting[0])]

    def exemption_in(self, organization_id: int, period: rules.Period) -> Exemption | None:
        return next((e for e in self.exemptions[organization_id] if period.contains(e.period_start)), None)

    def committee_sits(self, organization_id: int, period: rules.Period) -> bool:
        return any(
            started <= period.end and (ended is None or ended > period.start)
            for started, ended in self.posts[organization_id]
        )


def facts_for(organizations: QuerySet[Organization], kind: str, first: datetime.date, last: datetime.date) -> Facts:
    """The meetings of `kind`, its exemptions and (for committee meetings) the committee posts of the
    `organizations` from `first` to `last`: three queries (two for other kinds), whatever the size."""
    return facts_by_kind(organizations, (kind,), first, last)[kind]


def facts_by_kind(
    organizations: QuerySet[Organization], kinds, first: datetime.date, last: datetime.date
) -> dict[str, Facts]:
    """`facts_for` each of `kinds` over the same span, in the same three queries (the assessment's
    grids of the year, one for each kind owed)."""
    found = {kind: Facts() for kind in kinds}
    meetings = (
        GatheringKind.objects.filter(kind__in=kinds, gathering__organization__in=organizations.values("pk"))
        .filter(gathering__date__gte=first, gathering__date__lte=last)
        .order_by("gathering__date", "gathering_id")
        .values_list("kind", "gathering__organization_id", "gathering__date", "gathering_id")
    )
    for kind, organization_id, day, gathering_id in meetings:
        found[kind].meetings[organization_id].append((day, gathering_id))
    for exemption in Exemption.objects.filter(
        kind__in=kinds, organization__in=organizations.values("pk"), period_start__gte=first, period_start__lte=last
    ).select_related("granted_by"):
        found[exemption.kind].exemptions[exemption.organization_id].append(exemption)
    if Kind.COMMITTEE_MEETING in found:
        posts = CommitteeMembership.objects.filter(sitting_q(first, last), organization__in=organizations.values("pk"))
        for organization_id, started, ended in posts.values_list("organization_id", "started_on", "ended_on"):
            found[Kind.COMMITTEE_MEETING].posts[organization_id].append((started, ended))
    return found


# --- the grid -------------------------------------------------------------------------------------


@dataclass
class Cell:
    period: rules.Period
    state: str
    meetings: list  # [(day, gathering id)] of the kind in the period
    exemption: Exemption | None = None

    @property
    def label(self):
        return rules.CELL_STATES[self.state]


@dataclass
class GridRow:
    """`cells` one per column of the grid; `judged` one per period of the organization's own frequency
    (its committee's: the same cells unless that differs from the grid's)."""

    organization: Organization
    cells: list[Cell]
    own: bool = False
    judged: list[Cell] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for cell in self.cells if cell.state == state)

    @property
    def held(self) -> int:
        return self.count(rules.HELD)

    @property
    def not_held(self) -> int:
        return self.count(rules.NOT_HELD)

    @property
    def exempt(self) -> int:
        return self.count(rules.EXEMPT)


def grid_periods(kind: str, year: int, frequency: str | None = None) -> list[rules.Period]:
    """The grid's columns: the year's months or quarters, or for a yearly kind the YEARS_SHOWN years
    ending with `year` (by `frequency`, else the kind's in the deployment)."""
    frequency = frequency or rules.frequency_of(kind)
    if frequency == rules.YEAR:
        return [
            rules.period_of(datetime.date(each, 1, 1), frequency) for each in range(year - YEARS_SHOWN + 1, year + 1)
        ]
    return rules.periods_in_year(year, frequency)


def _projected(judged: list[Cell], periods: list[rules.Period]) -> list[Cell]:
    """An organization's cells of its own periods, one per column of the grid: the own period that
    covers a column, or the worst of those a column covers (rules.combined_state)."""
    cells = []
    for period in periods:
        within = [cell for cell in judged if cell.period.start <= period.end and cell.period.end >= period.start]
        if len(within) == 1:
            cells.append(within[0])
            continue
        state = rules.combined_state([cell.state for cell in within])
        meetings = [meeting for cell in within for meeting in cell.meetings]
        exemption = next((cell.exemption for cell in within if cell.state == state == rules.EXEMPT), None)
        cells.append(Cell(period, state, meetings, exemption))
    return cells


def grid_rows(
    organizations: QuerySet[Organization],
    kind: str,
    periods: list[rules.Period],
    as_of: datetime.date,
    facts: Facts | None = None,
    own: OwnSettings | None = None,
) -> list[GridRow]:
    """A row per organization that owes `kind` in at least one of `periods`, in the order given. Three
    queries (the organizations, their meetings and exemptions; the committee posts for committee meetings),
    or one when the facts over the periods are handed in. With `own` (the committees' own settings), an
    organization whose committee owes the kind at another frequency than the columns' is judged on its
    own periods (`judged`), shown one per column."""
    listed = [organization for organization in organizations if kind in rules.kinds_owed_by(organization.level)]
    if facts is None:
        facts = facts_for(organizations, kind, periods[0].start, periods[-1].end)
    rows = []
    for organization in listed:
        frequency = rules.frequency_of(kind, organization, own) if own is not None else periods[0].frequency
        judged = periods
        if frequency != periods[0].frequency:
            judged = rules.periods_covering(periods[0], periods[-1], frequency)
        cells = []
        for period in judged:
            owed = rules.owes(
                organization.level,
                kind,
                committee_sits=facts.committee_sits(organization.pk, period),
                established=organization.established,
                period=period,
            )
            meetings = facts.held_in(organization.pk, period)
            exemption = facts.exemption_in(organization.pk, period)
            state = rules.cell_state(
                owed=owed, held=bool(meetings), exempt=exemption is not None, period=period, as_of=as_of
            )
            cells.append(Cell(period, state, meetings, exemption if state == rules.EXEMPT else None))
        if any(cell.state != rules.NOT_OWED for cell in cells):
            shown = cells if judged is periods else _projected(cells, periods)
            rows.append(GridRow(organization, shown, judged=cells))
    return rows


GRID_SORT = {
    "organization": lambda row: row.organization.path,
    "level": lambda row: row.organization.level,
    "held": lambda row: row.held,
    "not_held": lambda row: row.not_held,
    "exempt": lambda row: row.exempt,
}


def compliance_grid(user, params, as_of: datetime.date) -> tuple[GridFilter, dict]:
    """The grid for the kind and year asked (`?kind=`, `?year=`; default the branch general meeting and
    the year of `as_of`), the organizations the user sees (narrowed by `?organization=`, its subtree,
    `?level=`, `?q=`; `?state=not_held` keeps those with a period not held), the secretary's own row
    first; and per column the organizations that held, owed and were excused."""
    grid_filter = GridFilter(without_page(params) or None, queryset=organizations_for(user), user=user, as_of=as_of)
    grid_filter, organizations = filtered(grid_filter)
    kind, year = grid_filter.kind_shown, grid_filter.year_shown
    # The columns at the frequency of the committee the user works in (its own, else the deployment's).
    organizations = with_any_own(organizations)
    own = own_settings_for(list(organizations))
    frequency = rules.frequency_of(kind, access.scope_root(user), own)
    periods = grid_periods(kind, year, frequency)
    rows = grid_rows(organizations, kind, periods, as_of, own=own)
    if grid_filter.is_bound and grid_filter.is_valid() and grid_filter.form.cleaned_data.get("state"):
        rows = [row for row in rows if row.count(grid_filter.form.cleaned_data["state"])]
    rows = own_first(sorted_items(rows, params, GRID_SORT), user)
    own = own_organization_id(user)
    for row in rows:
        row.own = row.organization.pk == own
    totals = [
        {
            "period": period,
            "held": sum(1 for row in rows if row.cells[index].state == rules.HELD),
            "owed": sum(1 for row in rows if row.cells[index].state != rules.NOT_OWED),
            "not_held": sum(1 for row in rows if row.cells[index].state == rules.NOT_HELD),
        }
        for index, period in enumerate(periods)
    ]
    return grid_filter, {
        "kind": kind,
        "kind_label": Kind(kind).label,
        "frequency": frequency,
        "frequency_label": rules.FREQUENCY_LABELS[frequency],
        "year": year,
        "periods": periods,
        "rows": rows,
        "totals": totals,
    }


# --- behind in the last completed period ----------------------------------------------------------


@dataclass
class BehindRow:
    """An organization that owed `kind` in `period` (the last completed one), held none and was not excused."""

    organization: Organization
    kind: str
    period: rules.Period
    last_held: datetime.date | None = None
    secretary: str = ""
    secretary_phone: str = ""
    own: bool = False

    @property
    def kind_label(self):
        return Kind(self.kind).label


def _frequencies(kind: str, own: OwnSettings) -> set[str]:
    """Every frequency `kind` is owed at in the deployment: its setting's and the committees' own."""
    found = {rules.frequency_of(kind)}
    for row in own.by_path.values():
        if row.meeting_frequencies.get(kind) in rules.FREQUENCIES:
            found.add(row.meeting_frequencies[kind])
    return found


def _annotated(
    organizations: QuerySet[Organization], as_of: datetime.date, kinds, own: OwnSettings, *, last_held: bool = True
) -> list[Organization]:
    """The organizations, each with, per kind (and per frequency it is owed at: `held_<kind>_<frequency>`),
    whether it held one and was excused in the kind's last completed period before `as_of`, the day it
    last held one (on or before `as_of`; unless `last_held` is false: only the lists show it), and
    whether a committee sat in the committee meetings' last completed period; and whether any committee
    keeps settings of its own (own_settings.with_any_own): one query."""
    annotations = {}
    for kind in kinds:
        of_kind = GatheringKind.objects.filter(kind=kind, gathering__organization=OuterRef("pk"))
        for frequency in _frequencies(kind, own):
            period = rules.last_completed(as_of, frequency)
            annotations[f"held_{kind}_{frequency}"] = Exists(
                of_kind.filter(gathering__date__gte=period.start, gathering__date__lte=period.end)
            )
            annotations[f"exempt_{kind}_{frequency}"] = Exists(
                Exemption.objects.filter(
                    organization=OuterRef("pk"), kind=kind, period_start__gte=period.start, period_start__lte=period.end
                )
            )
        if last_held:
            annotations[f"last_{kind}"] = Subquery(
                of_kind.filter(gathering__date__lte=as_of)
                .order_by()
                .values("gathering__organization")
                .annotate(last=Max("gathering__date"))
                .values("last")
            )
    for frequency in _frequencies(Kind.COMMITTEE_MEETING, own):
        committee_period = rules.last_completed(as_of, frequency)
        annotations[f"committee_sits_{frequency}"] = Exists(
            CommitteeMembership.objects.filter(
                sitting_q(committee_period.start, committee_period.end), organization=OuterRef("pk")
            )
        )
    return list(with_any_own(organizations).annotate(**annotations))


def behind_rows(
    organizations: QuerySet[Organization], as_of: datetime.date, kinds=rules.BEHIND_KINDS, *, last_held: bool = True
) -> list:
    """(organization, kind, period, last held) for each organization and kind it is behind on: owed in
    the kind's last completed period before `as_of`, none held, not excused (rules.cell_state says
    not held), each at its committee's own frequency of the kind. In the organizations' order, then the
    kinds' order. One query (three where a committee keeps its own settings: they, and the organizations
    again with the periods of every frequency in use); without `last_held`, the last day held is None
    and the query lighter (the figures count rows only)."""
    rows = []
    annotated = _annotated(organizations, as_of, kinds, OwnSettings(), last_held=last_held)
    own = own_settings_for(annotated)
    if own.by_path:
        annotated = _annotated(organizations, as_of, kinds, own, last_held=last_held)
    # Worked out once, not for each of a thousand organizations and five kinds: the last completed period
    # of each frequency and the kinds each level owes (a kind not owed is never behind).
    # Where no committee keeps settings of its own, each kind's frequency is the deployment's everywhere.
    periods = {frequency: rules.last_completed(as_of, frequency) for frequency in rules.FREQUENCIES}
    deployments = {kind: rules.frequency_of(kind) for kind in (*kinds, Kind.COMMITTEE_MEETING)}

    def frequency_of(kind, organization):
        return rules.frequency_of(kind, organization, own) if own.by_path else deployments[kind]

    owed_by_level = {}
    for organization in annotated:
        if organization.level not in owed_by_level:
            owed_by_level[organization.level] = rules.kinds_owed_by(organization.level)
        owed_kinds = owed_by_level[organization.level]
        sits = getattr(organization, f"committee_sits_{frequency_of(Kind.COMMITTEE_MEETING, organization)}")
        for kind in kinds:
            if kind not in owed_kinds:
                continue
            frequency = frequency_of(kind, organization)
            period = periods[frequency]
            owed = rules.owes(
                organization.level,
                kind,
                committee_sits=sits,
                established=organization.established,
                period=period,
                owed_kinds=owed_kinds,
            )
            state = rules.cell_state(
                owed=owed,
                held=getattr(organization, f"held_{kind}_{frequency}"),
                exempt=getattr(organization, f"exempt_{kind}_{frequency}"),
                period=period,
                as_of=as_of,
            )
            if state == rules.NOT_HELD:
                rows.append(BehindRow(organization, kind, period, getattr(organization, f"last_{kind}", None)))
    return rows


def behind_counts(as_of: datetime.date, user=None) -> dict[str, int]:
    """Per kind of BEHIND_KINDS, the organizations behind (behind_rows), over the whole registry (user
    None) or what the user sees: one query."""
    organizations = Organization.objects.all() if user is None else access.visible_organizations(user)
    counts = dict.fromkeys(rules.BEHIND_KINDS, 0)
    # Only what the rules read: a thousand organizations of every field took longer than the query.
    organizations = organizations.only("id", "level", "established", "path").order_by("path")
    for row in behind_rows(organizations, as_of, last_held=False):
        counts[row.kind] += 1
    return counts


def _with_secretaries(rows: list[BehindRow], as_of: datetime.date) -> None:
    """Each row's secretary: the committee's 书记 in office on `as_of` (registry/committees), else the
    organization's typed name and phone, as committees.selectors.secretary_of says one at a time. One query."""
    ids = {row.organization.pk for row in rows}
    secretaries = {}
    posts = (
        CommitteeMembership.objects.filter(in_office_on(as_of), organization_id__in=ids)
        .filter(post=CommitteeMembership.Post.SECRETARY)
        .order_by("started_on", "id")
        .values_list("organization_id", "member__name", "member__phone")
    )
    for organization_id, name, phone in posts:
        secretaries[organization_id] = (name, phone)
    for row in rows:
        name, phone = secretaries.get(
            row.organization.pk, (row.organization.secretary_name, row.organization.secretary_phone)
        )
        row.secretary, row.secretary_phone = name, phone


BEHIND_SORT = {
    "organization": lambda row: row.organization.path,
    "kind": lambda row: rules.BEHIND_KINDS.index(row.kind),
    "period": lambda row: row.period.start,
    "last_held": lambda row: row.last_held or datetime.date.min,
    "secretary": lambda row: row.secretary,
}


def behind_list(user, params, as_of: datetime.date) -> tuple[BehindFilter, list[BehindRow]]:
    """The organizations the user sees that are behind (`?kind=` one kind, else all five), narrowed
    by `?organization=` (its subtree) and `?level=`, the secretary's own first. Three queries."""
    behind_filter, organizations = filtered(
        BehindFilter(without_page(params) or None, queryset=organizations_for(user), user=user)
    )
    if behind_filter.is_bound and not behind_filter.is_valid():
        return behind_filter, []
    kind = behind_filter.form.cleaned_data.get("kind") if behind_filter.is_bound else ""
    rows = behind_rows(organizations, as_of, (kind,) if kind else rules.BEHIND_KINDS)
    _with_secretaries(rows, as_of)
    own = own_organization_id(user)
    for row in rows:
        row.own = row.organization.pk == own
    return behind_filter, own_first(sorted_items(rows, params, BEHIND_SORT), user)


# --- exemptions -----------------------------------------------------------------------------------


def exemptions_for(user) -> QuerySet[Exemption]:
    return (
        Exemption.objects.filter(access.organization_scope(user))
        .select_related("organization", "granted_by")
        .order_by("organization__path", "kind", "-period_start", "pk")
    )


def with_periods(exemptions) -> list[Exemption]:
    """Each exemption with its period (`period`: the month, quarter or year it excuses, at its committee's
    own frequency of the kind). One query, for the committees' own settings."""
    own = own_settings()
    for exemption in exemptions:
        exemption.period = rules.period_for(exemption.kind, exemption.period_start, exemption.organization, own)
    return exemptions


def exemption_list(user, params) -> tuple[ExemptionFilter, QuerySet[Exemption]]:
    return filtered(ExemptionFilter(without_page(params) or None, queryset=exemptions_for(user), user=user))


def exemption_to_change(user, pk) -> Exemption:
    """404 outside what the user sees; 403 for anyone but the committee office, which grants them."""
    exemption = get_object_or_404(exemptions_for(user), pk=pk)
    if not access.is_committee(user):
        raise PermissionDenied
    return exemption


def organizations_to_excuse(user) -> QuerySet[Organization]:
    """The organizations the committee office may excuse: every one it sees (it sees all)."""
    return (
        access.changeable_organizations(user).order_by("path")
        if access.is_committee(user)
        else Organization.objects.none()
    )
