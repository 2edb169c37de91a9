"""The registry's headline figures (registry_stats, the home page), counted in the database.

Every member figure is one conditional count (`member_count_expressions`), so the figures of a
whole scope (`member_figures`) and those per organization (`organization_member_counts`, one
grouped query that the dashboards, the reconciliation and the formation advice add up over
organizations) cannot disagree.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q, QuerySet

from branches import clock, rooms
from branches import statistics as branch_statistics
from branches.models import Organization
from registry import sixknowns
from registry.development import worklists
from registry.dues.selectors import dues_count_expressions, dues_figures_from_counts
from registry.models import NOT_YET_ADMITTED, Candidate, Member, stage_q
from registry.movements import balance
from registry.movements import selectors as movement_selectors

COUNT_KEYS = (
    "total",
    "full",
    "probationary",
    "applicable",
    "complete",
    "lost_contact",
    "self_managed_flowed_out",
    "post_category_missing",
    *(f"category_{category.value}" for category in Member.Category),
    "dues_paid_up",
    "dues_unpaid_3",
    "dues_unpaid_6",
    "dues_unknown",
    "dues_elsewhere",
)


def member_count_expressions(as_of: datetime.date | None = None) -> dict:
    """Conditional counts over members: the one definition of every member figure. `full` and
    `applicable` are not counted but derived (`with_derived_counts`): a member is full or
    probationary (a check constraint says so), and the six knowns apply to all but the
    self-managed who have not flowed out (sixknowns.APPLICABLE). Two conditions fewer over 100,000
    rows. The dues figures count months unpaid as of `as_of` (default today,
    docs/lifecycle.md#months-unpaid)."""
    return {
        "total": Count("*"),  # not COUNT(id): alone (the coverage page's), PostgreSQL counts it from an index
        "self_managed_flowed_out": Count("id", filter=Q(category=Member.Category.SELF_MANAGED, flowed_out=True)),
        "probationary": Count("id", filter=Q(status=Member.Status.PROBATIONARY)),
        "complete": Count("id", filter=sixknowns.MET),  # stored: one test a row, not eleven
        "lost_contact": Count("id", filter=Q(lost_contact=True)),
        # 工作岗位 not known: the work list of registry/members/sections.py.
        "post_category_missing": Count("id", filter=Q(post_category="")),
        **{
            f"category_{category.value}": Count("id", filter=Q(category=category.value)) for category in Member.Category
        },
        **dues_count_expressions(as_of),
    }


def with_derived_counts(counts: dict) -> dict:
    self_managed = f"category_{Member.Category.SELF_MANAGED.value}"
    if "probationary" in counts:
        counts["full"] = counts["total"] - counts["probationary"]
    if self_managed in counts:
        counts["applicable"] = counts["total"] - counts[self_managed] + counts.get("self_managed_flowed_out", 0)
    return counts


def empty_counts() -> dict:
    return dict.fromkeys(COUNT_KEYS, 0)


def add_counts(total: dict, counts: dict) -> dict:
    for key, value in counts.items():
        total[key] += value
    return total


def figures_from_counts(counts: dict) -> dict:
    """Flat counts (as `member_count_expressions` yields them) in the shape of `registry_stats --json`."""
    return {
        "total": counts["total"],
        "full": counts["full"],
        "probationary": counts["probationary"],
        "by_category": {category.value: counts[f"category_{category.value}"] for category in Member.Category},
        "six_knowns": {"applicable": counts["applicable"], "complete": counts["complete"]},
        "lost_contact": counts["lost_contact"],
    }


def count_members(members: QuerySet[Member], as_of: datetime.date | None = None) -> dict:
    return with_derived_counts(members.aggregate(**member_count_expressions(as_of)))


def member_figures(members: QuerySet[Member]) -> dict:
    return figures_from_counts(count_members(members))


def organization_member_counts(
    members: QuerySet[Member], only: Iterable[str] | None = None, as_of: datetime.date | None = None
) -> dict[int, dict]:
    """Per organization (its own members, not its subtree), every count (or `only` those named):
    one grouped query."""
    expressions = member_count_expressions(as_of)
    if only is not None:
        expressions = {key: expressions[key] for key in only}
    rows = members.order_by().values("organization_id").annotate(**expressions)
    return {row.pop("organization_id"): with_derived_counts(row) for row in rows}


def sum_counts(rows: Iterable[dict]) -> dict:
    total = empty_counts()
    for counts in rows:
        add_counts(total, counts)
    return total


def development_figures(candidates: QuerySet[Candidate]) -> dict:
    """Candidates not yet admitted, by their latest stage (docs/lifecycle.md#registry-stats):
    {"applicant", "activist", "target"}, one aggregate."""
    return candidates.aggregate(**{stage.value: Count("id", filter=stage_q(stage)) for stage in NOT_YET_ADMITTED})


def registry_figures(
    *,
    members: QuerySet[Member] | None = None,
    organizations: QuerySet[Organization] | None = None,
    include_chambers: bool = True,
    member_counts: dict | None = None,
    as_of: datetime.date | None = None,
    candidates: QuerySet[Candidate] | None = None,
    year: int | None = None,
) -> dict:
    """The figures of `registry_stats --json`; scoped when given scoped querysets.

    `member_counts` (flat counts already summed from `organization_member_counts`) saves the
    dashboards a second pass over the members. `dues` counts months unpaid as of `as_of`
    (default today); the whole registry's figures also say how members moved (`movement`) and the
    balance of `year` (default: the current one). The keys and their names are
    docs/lifecycle.md#registry-stats's."""
    counts = member_counts
    if counts is None:
        counts = count_members(Member.objects.all() if members is None else members, as_of)
    figures = {
        "members": figures_from_counts(counts),
        "dues": dues_figures_from_counts(counts),
        "organizations": branch_statistics.organization_figures(
            Organization.objects.all() if organizations is None else organizations
        ),
    }
    figures["development"] = development_figures(Candidate.objects.all() if candidates is None else candidates)
    if include_chambers:
        figures["chambers"] = branch_statistics.chamber_figures()
        figures["enterprises"] = branch_statistics.enterprise_figures()
    if members is None and member_counts is None:
        figures["movement"] = movement_selectors.movement_figures()
        year = year or clock.today().year
        roster_balance, held_balance = balance.year_balances(year, people=False)
        figures["balance"] = roster_balance.figures()
        figures["held_here"] = held_balance.figures()
        figures["worklists"] = development_worklist_counts(as_of or clock.today())
        for key, value in rooms.room_stats(as_of or clock.today(), year).items():
            if key in figures:
                raise ImproperlyConfigured(f"registry_stats key {key!r} is the registry's own, not a room's")
            figures[key] = value
    return figures


def development_worklist_counts(today: datetime.date) -> dict[str, int]:
    """The development work lists' counts over the whole registry (registry_stats --json
    `worklists`): what the secretaries' tabs show, as on `today`."""
    return Candidate.objects.aggregate(
        **{key: Count("id", filter=condition) for key, condition in worklists.counting_conditions(today).items()}
    )


def enterprise_full_members(members: QuerySet[Member]) -> dict[int, int]:
    """Full members on record per enterprise they work for: the count the formation advice needs."""
    rows = (
        members.filter(enterprise__isnull=False, status=Member.Status.FULL)
        .order_by()
        .values("enterprise_id")
        .annotate(count=Count("*"))  # COUNT(*), not COUNT(id): the index (enterprise, status, left_on) answers alone
    )
    return {row["enterprise_id"]: row["count"] for row in rows}
