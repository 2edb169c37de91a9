"""The committee's figures, composed for the home page's sections, the printable summary and the
coverage page. Every figure is a count of maintained records and carries the link of the list that shows
exactly those records (the roster, the organization, chamber and enterprise lists with their
filters, the six-knowns work list, a survey round's reconciliation).

Counting happens in the database: one grouped count of the members the user may see per
organization (statistics.organization_member_counts) feeds the member tiles, the six-knowns bars
and the survey reconciliation; organizations, chambers and enterprises are one aggregate each.
A secretary's figures are those of their subtree; chambers, enterprises and the formation advice
are the committee's (and the reviewers'). The formation advice is worked out on the coverage page
and for the printable summary, not on every visit of the home page.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from branches import access, clock
from branches import statistics as branch_statistics
from branches.formation import Rule, formation_advice, subtree_totals
from branches.models import Chamber, Organization
from branches.remembered import remembered
from registry.committees import selectors as committee_selectors
from registry.development import worklists as development_worklists
from registry.dues import selectors as dues_selectors
from registry.figures import statistics, worklists
from registry.members import selectors
from registry.models import Member, Stage, SurveyCount
from registry.surveys import selectors as survey_selectors

WORKLIST_PREVIEW = 10
SIX_KNOWNS_BARS = 12


@dataclass
class Tile:
    """A figure and the list that shows exactly that many records; `total` (with its own list)
    for figures read as "10 of 12"."""

    key: str
    label: str
    value: int
    url: str
    total: int | None = None
    total_url: str = ""
    note: str = ""


@dataclass
class Bar:
    label: str
    value: int
    total: int
    url: str = ""
    note: str = ""

    @property
    def share(self) -> float:
        return round(100 * self.value / self.total, 1) if self.total else 0.0


def _url(name: str, **query) -> str:
    base = reverse(name)
    return f"{base}?{urlencode(query)}" if query else base


# --- tiles -----------------------------------------------------------------------------------


def member_tiles(figures: dict) -> list[Tile]:
    members = "registry:member_list"
    six = figures["six_knowns"]
    categories = figures["by_category"]
    return [
        Tile("members", _("Members"), figures["total"], _url(members)),
        Tile("full", _("Full members"), figures["full"], _url(members, status=Member.Status.FULL)),
        Tile(
            "probationary",
            _("Probationary members on the roster"),
            figures["probationary"],
            _url(members, status=Member.Status.PROBATIONARY),
        ),
        Tile("self_managed", _("Self-managed"), categories["self_managed"], _url(members, category="self_managed")),
        Tile(
            "registered_mobile",
            _("Registered mobile"),
            categories["registered_mobile"],
            _url(members, category="registered_mobile"),
        ),
        Tile(
            "shown_identity",
            _("Shown identity"),
            categories["shown_identity"],
            _url(members, category="shown_identity"),
        ),
        Tile(
            "temporary",
            _("Temporary organization members"),
            categories["temporary"],
            _url(members, category="temporary"),
        ),
        Tile(
            "six_knowns_complete",
            _("Six knowns complete"),
            six["complete"],
            _url(members, six_knowns="complete"),
            note=_percent(six["complete"], six["applicable"]),
        ),
        Tile(
            "six_knowns_incomplete",
            _("Six knowns incomplete: work list"),
            six["applicable"] - six["complete"],
            _url("registry:six_knowns_worklist"),
        ),
        Tile("lost_contact", _("Lost contact"), figures["lost_contact"], _url(members, lost_contact="true")),
    ]


def dues_tiles(dues: dict) -> list[Tile]:
    """Months of dues unpaid (docs/lifecycle.md#dues-figures): each figure opens its list — the
    reminder list (3+), the list the branch must decide on (6+), or the roster filtered."""
    members = "registry:member_list"
    return [
        Tile("dues_paid_up", _("Dues paid up"), dues["paid_up"], _url(members, dues="paid_up")),
        Tile(
            "dues_unpaid_3",
            _("Dues 3+ months unpaid: reminder list"),
            dues["unpaid_3_months"],
            _url("registry:dues_reminders"),
        ),
        Tile(
            "dues_unpaid_6",
            _("Dues 6+ months unpaid: to decide"),
            dues["unpaid_6_months"],
            _url("registry:dues_decide"),
        ),
        Tile(
            "dues_unknown", _("Dues status unknown (no ledger entry)"), dues["unknown"], _url(members, dues="unknown")
        ),
    ]


def organization_tiles(figures: dict) -> list[Tile]:
    organizations = "registry:organization_list"
    labels = {
        Organization.Level.COMMITTEE: _("Party committees"),
        Organization.Level.GENERAL_BRANCH: _("General branches"),
        Organization.Level.BRANCH: _("Branches"),
        Organization.Level.JOINT_BRANCH: _("Joint branches"),
        Organization.Level.TEMPORARY_BRANCH: _("Temporary branches"),
        Organization.Level.PARTY_GROUP: _("Party groups"),
    }
    tiles = [
        Tile("organizations", _("Party organizations"), figures["total"], _url(organizations)),
        Tile(
            "branches_in_all",
            _("Branches in all (incl. joint and temporary)"),
            figures["branches_in_all"],
            _url(organizations, level="branches_in_all"),
        ),
    ]
    tiles += [
        Tile(level, labels[level], figures["by_level"][level], _url(organizations, level=level))
        for level in Organization.Level.values
    ]
    return tiles


def chamber_tiles(chambers: dict, enterprises: dict) -> list[Tile]:
    chamber_list, enterprise_list = "registry:chamber_list", "registry:enterprise_list"
    city, industry = chambers["by_kind"]["city"], chambers["by_kind"]["industry"]
    return [
        Tile(
            "city_covered",
            _("City chambers covered"),
            city["covered"],
            _url(chamber_list, kind="city", covered=1),
            total=city["total"],
            total_url=_url(chamber_list, kind="city"),
        ),
        Tile(
            "industry_covered",
            _("Industry chambers covered"),
            industry["covered"],
            _url(chamber_list, kind="industry", covered=1),
            total=industry["total"],
            total_url=_url(chamber_list, kind="industry"),
        ),
        Tile(
            "chambers_uncovered",
            _("Chambers without an organization"),
            sum(kind["total"] - kind["covered"] for kind in chambers["by_kind"].values()),
            _url(chamber_list, covered=0),
        ),
        Tile("enterprises", _("Member enterprises"), enterprises["total"], _url(enterprise_list)),
        Tile(
            "own_organization",
            _("Enterprises with their own organization"),
            enterprises["with_own_organization"],
            _url(enterprise_list, own_organization=1),
        ),
        Tile(
            "joint_only",
            _("Enterprises covered through a joint branch"),
            enterprises["joint_only"],
            _url(enterprise_list, coverage="joint"),
        ),
        Tile(
            "uncovered_enterprises",
            _("Enterprises without an organization"),
            enterprises["uncovered"],
            _url(enterprise_list, coverage="none"),
        ),
    ]


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


# --- bars ------------------------------------------------------------------------------------


def category_bars(figures: dict) -> list[Bar]:
    return [
        Bar(
            str(category.label),
            figures["by_category"][category.value],
            figures["total"],
            _url("registry:member_list", category=category.value),
        )
        for category in Member.Category
    ]


def level_bars(figures: dict) -> list[Bar]:
    largest = max(figures["by_level"].values(), default=0)
    return [
        Bar(
            str(level.label),
            figures["by_level"][level.value],
            largest,
            _url("registry:organization_list", level=level.value),
        )
        for level in Organization.Level
    ]


def six_knowns_bars(organizations: list[Organization], member_counts: dict) -> list[Bar]:
    """Completeness of the organizations just below the user's top ones (or the top ones, if
    nothing is below), weakest first: where the work lists are longest."""
    if not organizations:
        return []
    applicable = subtree_totals(organizations, {pk: counts["applicable"] for pk, counts in member_counts.items()})
    complete = subtree_totals(organizations, {pk: counts["complete"] for pk, counts in member_counts.items()})
    top_depth = min(organization.depth for organization in organizations)
    shown = [o for o in organizations if o.depth == top_depth + 1] or [o for o in organizations if o.depth == top_depth]
    bars = [
        Bar(
            organization.name,
            complete[organization.pk],
            applicable[organization.pk],
            _url("registry:six_knowns_worklist", organization=organization.pk),
            note=str(applicable[organization.pk] - complete[organization.pk]),
        )
        for organization in shown
        if applicable[organization.pk]
    ]
    bars.sort(key=lambda bar: (bar.share, -bar.total))
    return bars[:SIX_KNOWNS_BARS]


def organization_figures_of(organizations: list[Organization]) -> dict:
    """branches.statistics.organization_figures counted over the organizations already loaded for
    the page (no query of its own: the home page keeps its query bound with the development figures)."""
    by_level = dict.fromkeys(Organization.Level.values, 0)
    for organization in organizations:
        by_level[organization.level] += 1
    return {
        "total": len(organizations),
        "by_level": by_level,
        "branches_in_all": sum(by_level[level] for level in Organization.BRANCH_LEVELS),
    }


# --- development --------------------------------------------------------------------------------


def development_tiles(totals: dict, year: int) -> list[Tile]:
    """Candidates by stage (docs/lifecycle.md#development-figures), each a link to exactly those.
    The ledger's probationary members are named as such: the roster's (the member tiles) count
    everyone on probation, also those admitted before the ledger was kept or elsewhere."""
    candidates = "registry:candidate_list"
    labels = {stage: stage.label for stage in Stage}
    labels[Stage.PROBATIONARY] = _("Probationary members in the development ledger")
    tiles = [
        Tile(f"candidates_{stage.value}", str(labels[stage]), totals[stage.value], _url(candidates, stage=stage.value))
        for stage in (Stage.APPLICANT, Stage.ACTIVIST, Stage.TARGET, Stage.PROBATIONARY)
    ]
    tiles += [
        Tile(
            "admitted_this_year",
            _("Admitted this year"),
            totals["admitted_this_year"],
            _url(candidates, admitted_year=year),
        ),
        Tile(
            "made_full_this_year",
            _("Made full this year"),
            totals["made_full_this_year"],
            _url(candidates, made_full_year=year),
        ),
    ]
    return tiles


DEVELOPMENT_COLUMNS = (Stage.APPLICANT, Stage.ACTIVIST, Stage.TARGET, Stage.PROBATIONARY)


def development_rows(organizations: list[Organization], counts: dict) -> list[dict]:
    """Candidates by stage for the organizations just below the user's top ones (or the top ones),
    each figure a link to the candidate list of that organization's subtree at that stage."""
    if not organizations or not counts:
        return []
    by_stage = {
        stage: subtree_totals(organizations, {pk: row[stage.value] for pk, row in counts.items()})
        for stage in DEVELOPMENT_COLUMNS
    }
    top_depth = min(organization.depth for organization in organizations)
    shown = [o for o in organizations if o.depth == top_depth + 1] or [o for o in organizations if o.depth == top_depth]
    rows = []
    for organization in shown:
        cells = [
            {
                "value": by_stage[stage][organization.pk],
                "url": _url("registry:candidate_list", organization=organization.pk, stage=stage.value),
            }
            for stage in DEVELOPMENT_COLUMNS
        ]
        if any(cell["value"] for cell in cells):
            rows.append(
                {
                    "organization": organization,
                    "cells": cells,
                    "url": _url("registry:candidate_list", organization=organization.pk),
                }
            )
    return rows


def development_for(user, organizations: list[Organization]) -> dict:
    """The home page's development part: tiles by stage, the table by organization, the work lists
    with their counts. One query whatever the number of candidates."""
    today = clock.today()
    counts = development_worklists.stage_counts_by_organization(user, today, with_worklists=True)
    totals = development_worklists.stage_totals(counts)
    return {
        "figures": development_worklists.development_figures(totals),
        "totals": totals,
        "tiles": development_tiles(totals, today.year),
        "columns": [stage.label for stage in DEVELOPMENT_COLUMNS],
        "rows": development_rows(organizations, counts),
        "worklists": development_worklists.tabs(user, today, counts=totals),
    }


# --- the pages -------------------------------------------------------------------------------


def advice_of(user, organization_members: dict | None = None, organizations: list | None = None) -> dict:
    """The formation advice for the user's view ({rule: [Advice]}): counted once for the coverage page
    and the summary's counts of it, and shown again while nothing it read has changed
    (branches/remembered.py). A committee's advice reads every enterprise and organization: 100 ms.
    `organization_members` and `organizations` (the whole tree in order: id, name, level, path): when
    the caller has read them already (the summary, from the home page's figures)."""
    return remembered("advice", user, lambda: _advice_for(user, organization_members, organizations), alone=True)


def _advice_for(user, organization_members: dict | None, organizations: list | None) -> dict:
    members = selectors.members_visible_to(user)
    if organization_members is None:
        counted = statistics.organization_member_counts(members, only=("total",))
        organization_members = {pk: counts["total"] for pk, counts in counted.items()}
    advice = formation_advice(
        enterprise_full_members=statistics.enterprise_full_members(members),
        organization_members=organization_members,
        committees=committee_selectors.formation_facts(user),  # members held here, committees, terms over
        organizations=organizations,
    )
    if access.sees_whole_registry(user):  # every subject is theirs: no question per piece of advice
        return advice
    # The rules read the whole tree: an organization outside the user's committee is not theirs to advise on.
    return {
        rule: [
            item
            for item in items
            if not isinstance(item.subject, Organization) or access.may_see_organization(user, item.subject)
        ]
        for rule, items in advice.items()
    }


def advice_counts(user, figures: dict) -> list[tuple[Rule, int]]:
    """How many pieces of advice per rule, for the printable summary (the home page links to the
    coverage page instead of computing the advice on every visit), from the home page's `figures`
    (dashboard_for) of a user who sees the whole tree: its members per organization and the tree."""
    advice = advice_of(user, figures["organization_members"], figures["visible_organizations"])
    return [(Rule(rule), len(items)) for rule, items in advice.items()]


def dashboard_for(user, as_of=None) -> dict:
    """Everything the home page and the printable summary show, scoped to the user; months of
    dues unpaid as of `as_of` (default today)."""
    assignment = access.assignment_of(user)
    committee_view = access.sees_everything(user)
    visible = access.visible_organizations(user)
    organizations = list(visible.only("id", "name", "level", "path").order_by("path"))
    members = selectors.members_visible_to(user)
    member_counts = statistics.organization_member_counts(members, as_of=as_of) if assignment else {}
    totals = statistics.sum_counts(member_counts.values())
    stats = {
        "members": statistics.figures_from_counts(totals),
        "dues": dues_selectors.dues_figures_from_counts(totals),
        "organizations": organization_figures_of(organizations),
    }
    context = {
        "stats": stats,
        "member_tiles": member_tiles(stats["members"]),
        "dues_tiles": dues_tiles(stats["dues"]),
        "organization_tiles": organization_tiles(stats["organizations"]),
        "category_bars": category_bars(stats["members"]),
        "level_bars": level_bars(stats["organizations"]),
        "six_knowns_bars": six_knowns_bars(organizations, member_counts),
        "committee_view": committee_view,
        # For the summary's formation advice (advice_counts): the tree and its members per organization.
        "organization_members": {pk: counts["total"] for pk, counts in member_counts.items()},
        "visible_organizations": organizations if committee_view else None,
        "is_secretary": assignment is not None and assignment.role == access.Role.SECRETARY,
    }
    if assignment:
        context["development"] = development_for(user, organizations)
        stats["development"] = context["development"]["figures"]
    latest = survey_selectors.latest_round(user)
    reconciled = (
        survey_selectors.reconciliation(user, latest, organizations=organizations, member_counts=member_counts)
        if latest
        else None
    )
    context["survey"] = survey_selectors.summarize(reconciled) if reconciled else None
    if committee_view:
        chambers = branch_statistics.chamber_figures()
        enterprises = branch_statistics.enterprise_coverage_figures()
        stats["chambers"] = chambers
        stats["enterprises"] = {
            "total": enterprises["total"],
            "with_own_organization": enterprises["with_own_organization"],
        }
        context["enterprise_coverage"] = enterprises
        context["chamber_tiles"] = chamber_tiles(chambers, enterprises)
        context["chamber_bars"] = [
            Bar(
                str(Chamber.Kind(kind).label),
                chambers["by_kind"][kind]["covered"],
                chambers["by_kind"][kind]["total"],
                _url("registry:chamber_list", kind=kind, covered=1),
            )
            for kind in (Chamber.Kind.CITY, Chamber.Kind.INDUSTRY)
        ]
    if context["is_secretary"]:
        preview = list(worklists.six_knowns_worklist(user, worklists.WorklistFilters())[:WORKLIST_PREVIEW])
        for member in preview:
            member.missing = worklists.missing_labels(member)
        context["worklist_preview"] = preview
        context["worklist_count"] = totals["applicable"] - totals["complete"]
        context["post_category_missing"] = totals["post_category_missing"]
        if reconciled is not None:
            context["survey_gaps"] = reconciled.gaps[:WORKLIST_PREVIEW]
            context["survey_gap_count"] = len(reconciled.gaps)
    return context


def home_figures(request) -> dict | None:
    """`dashboard_for(request.user)`, counted once per request for the sections of the home page
    (each room's section shows its part: the members, dues, development, organization, chamber and
    survey cards and a secretary's work lists), so that the page keeps one bounded count. None for a
    user with no role, who sees no figures."""
    if access.assignment_of(request.user) is None:
        return None
    if not hasattr(request, "_home_figures"):
        # Counted once and shown again while nothing it read has changed (branches/remembered.py).
        request._home_figures = remembered("dashboard", request.user, lambda: dashboard_for(request.user), alone=True)
    return request._home_figures


def coverage_for(user) -> dict:
    """The coverage page: chambers per kind, enterprises (article 003's figures) and the advice."""
    members = selectors.members_visible_to(user)
    chambers = branch_statistics.chamber_figures()
    enterprises = branch_statistics.enterprise_coverage_figures()
    # An IN over the hosting links, not a correlated EXISTS per member: PostgreSQL hashes it once.
    hosted = Q(enterprise_id__in=Organization.host_enterprises.through.objects.values("enterprise_id"))
    # Counting the enterprise column, not the id: PostgreSQL reads the index (enterprise, status, left_on) alone.
    in_enterprises = members.filter(enterprise__isnull=False).aggregate(
        total=Count("enterprise"), covered=Count("enterprise", filter=hosted)
    )
    latest = survey_selectors.latest_round(user)
    activists = None
    if latest is not None:
        activists = (
            SurveyCount.objects.filter(survey_round=latest)
            .filter(access.organization_scope(user))
            .aggregate(total=Sum("activists"))["total"]
        )
    advice = advice_of(user)
    return {
        "chambers": chambers,
        "chamber_rows": [
            {
                "kind": Chamber.Kind(kind),
                "total": chambers["by_kind"][kind]["total"],
                "covered": chambers["by_kind"][kind]["covered"],
                "uncovered": chambers["by_kind"][kind]["total"] - chambers["by_kind"][kind]["covered"],
                "url": _url("registry:chamber_list", kind=kind),
                "covered_url": _url("registry:chamber_list", kind=kind, covered=1),
                "uncovered_url": _url("registry:chamber_list", kind=kind, covered=0),
            }
            for kind in (Chamber.Kind.CITY, Chamber.Kind.INDUSTRY)
        ],
        "enterprises": enterprises,
        "enterprise_organizations": branch_statistics.enterprise_organization_count(),
        "members_in_enterprises": in_enterprises["total"],
        "members_in_covered_enterprises": in_enterprises["covered"],
        "latest_round": latest,
        "activists": activists,
        "advice": [(Rule(rule), _with_urls(items)) for rule, items in advice.items()],
        "advice_total": sum(len(items) for items in advice.values()),
    }


ADVICE_PAGES = {
    "enterprise": "registry:enterprise_detail",
    "organization": "registry:organization_detail",
    "chamber": "registry:chamber_detail",
}


def _with_urls(items: list) -> list:
    """Each piece of advice with the URL of its subject's page (`url`), each kind's pattern reversed
    once: the advice on a registry of a thousand organizations names thousands of subjects, and a
    reverse() for each took longer than the rest of the page."""
    patterns = {}
    for item in items:
        pattern = patterns.get(item.kind)
        if pattern is None:
            pattern = patterns[item.kind] = reverse(ADVICE_PAGES[item.kind], args=[2_000_000_001]).split("2000000001")
        item.url = f"{pattern[0]}{item.subject.pk}{pattern[1]}"
    return items
