"""The registry's headline figures (registry_stats, the home page), counted in the database.

Every member figure is one conditional count (`member_count_expressions`), so the figures of a
whole scope (`member_figures`) and those per organization (`organization_member_counts`, one
grouped query that the dashboards, the reconciliation and the formation advice add up over
organizations) cannot disagree.
"""

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from branches import statistics as branch_statistics
from branches.models import Organization
from registry import sixknowns
from registry.models import Member

COUNT_KEYS = (
    "total", "full", "probationary", "applicable", "complete", "lost_contact",
    *(f"category_{category.value}" for category in Member.Category),
)


def member_count_expressions() -> dict:
    """Conditional counts over members: the one definition of every member figure."""
    return {
        "total": Count("id"),
        "full": Count("id", filter=Q(status=Member.Status.FULL)),
        "probationary": Count("id", filter=Q(status=Member.Status.PROBATIONARY)),
        "applicable": Count("id", filter=sixknowns.APPLICABLE),
        "complete": Count("id", filter=sixknowns.APPLICABLE & sixknowns.COMPLETE),
        "lost_contact": Count("id", filter=Q(lost_contact=True)),
        **{f"category_{category.value}": Count("id", filter=Q(category=category.value)) for category in Member.Category},
    }


def empty_counts() -> dict:
    return dict.fromkeys(COUNT_KEYS, 0)


def add_counts(total: dict, counts: dict) -> dict:
    for key in COUNT_KEYS:
        total[key] += counts[key]
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


def member_figures(members: QuerySet[Member]) -> dict:
    return figures_from_counts(members.aggregate(**member_count_expressions()))


def organization_member_counts(members: QuerySet[Member]) -> dict[int, dict]:
    """Per organization (its own members, not its subtree), every count: one grouped query."""
    rows = members.order_by().values("organization_id").annotate(**member_count_expressions())
    return {row.pop("organization_id"): row for row in rows}


def sum_counts(rows: Iterable[dict]) -> dict:
    total = empty_counts()
    for counts in rows:
        add_counts(total, counts)
    return total


def registry_figures(*, members: QuerySet[Member] | None = None, organizations: QuerySet[Organization] | None = None,
                     include_chambers: bool = True, member_counts: dict | None = None) -> dict:
    """The figures of `registry_stats --json`; scoped when given scoped querysets.

    `member_counts` (flat counts already summed from `organization_member_counts`) saves the
    dashboards a second pass over the members."""
    if member_counts is not None:
        member_part = figures_from_counts(member_counts)
    else:
        member_part = member_figures(Member.objects.all() if members is None else members)
    figures = {
        "members": member_part,
        "organizations": branch_statistics.organization_figures(
            Organization.objects.all() if organizations is None else organizations
        ),
    }
    if include_chambers:
        figures["chambers"] = branch_statistics.chamber_figures()
        figures["enterprises"] = branch_statistics.enterprise_figures()
    return figures


def enterprise_full_members(members: QuerySet[Member]) -> dict[int, int]:
    """Full members on record per enterprise they work for: the count the formation advice needs."""
    rows = (
        members.filter(enterprise__isnull=False, status=Member.Status.FULL)
        .order_by().values("enterprise_id").annotate(count=Count("id"))
    )
    return {row["enterprise_id"]: row["count"] for row in rows}
