"""The registry's headline figures (registry_stats, the home page), counted in the database."""

from django.db.models import Count, Q, QuerySet

from branches import statistics as branch_statistics
from branches.models import Organization
from registry import sixknowns
from registry.models import Member


def member_figures(members: QuerySet[Member]) -> dict:
    categories = Member.Category
    counts = members.aggregate(
        total=Count("id"),
        full=Count("id", filter=Q(status=Member.Status.FULL)),
        probationary=Count("id", filter=Q(status=Member.Status.PROBATIONARY)),
        applicable=Count("id", filter=sixknowns.APPLICABLE),
        complete=Count("id", filter=sixknowns.APPLICABLE & sixknowns.COMPLETE),
        lost_contact=Count("id", filter=Q(lost_contact=True)),
        **{f"category_{category.value}": Count("id", filter=Q(category=category.value)) for category in categories},
    )
    return {
        "total": counts["total"],
        "full": counts["full"],
        "probationary": counts["probationary"],
        "by_category": {category.value: counts[f"category_{category.value}"] for category in categories},
        "six_knowns": {"applicable": counts["applicable"], "complete": counts["complete"]},
        "lost_contact": counts["lost_contact"],
    }


def registry_figures(*, members: QuerySet[Member] | None = None, organizations: QuerySet[Organization] | None = None,
                     include_chambers: bool = True) -> dict:
    """The figures of `registry_stats --json`; scoped when given scoped querysets."""
    figures = {
        "members": member_figures(Member.objects.all() if members is None else members),
        "organizations": branch_statistics.organization_figures(
            Organization.objects.all() if organizations is None else organizations
        ),
    }
    if include_chambers:
        figures["chambers"] = branch_statistics.chamber_figures()
        figures["enterprises"] = branch_statistics.enterprise_figures()
    return figures
