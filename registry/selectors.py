"""Every read of members that a view or export needs, already scoped to the user."""

from django.db.models import Count, Q, QuerySet

from branches import access
from branches.models import Organization
from registry import sixknowns, statistics
from registry.models import Member


def members_visible_to(user) -> QuerySet[Member]:
    return Member.objects.filter(access.organization_scope(user))


def member_list(user) -> QuerySet[Member]:
    return (
        members_visible_to(user)
        .select_related("organization", "enterprise")
        .with_six_knowns()
        .order_by("organization__path", "name", "id")
    )


def member_detail(user) -> QuerySet[Member]:
    return members_visible_to(user).select_related("organization", "enterprise").with_six_knowns()


def member_counts_by_organization(user, organizations: QuerySet[Organization] | None = None) -> dict[int, dict]:
    """Per organization (its own members, not its subtree): total, six-knowns applicable and complete."""
    members = members_visible_to(user)
    if organizations is not None:
        members = members.filter(organization__in=organizations)
    rows = members.values("organization_id").annotate(
        total=Count("id"),
        applicable=Count("id", filter=sixknowns.APPLICABLE),
        complete=Count("id", filter=sixknowns.APPLICABLE & sixknowns.COMPLETE),
        full=Count("id", filter=Q(status=Member.Status.FULL)),
    ).order_by()
    return {row.pop("organization_id"): row for row in rows}


def organization_tree(user) -> list[Organization]:
    """Visible organizations in tree order, each with `own` and `subtree` member figures.

    Two queries whatever the size: the organizations, and one grouped count of members.
    """
    from branches.selectors import organizations_for

    organizations = list(organizations_for(user))
    counts = member_counts_by_organization(user)
    empty = {"total": 0, "applicable": 0, "complete": 0, "full": 0}
    by_path = {}
    for organization in organizations:
        organization.own = dict(counts.get(organization.pk, empty))
        organization.subtree = dict(organization.own)
        by_path[organization.path] = organization
    # Add each organization's own figures to every visible ancestor (ancestors are path prefixes).
    for organization in organizations:
        segments = organization.path.rstrip("/").split("/")
        for cut in range(1, len(segments)):
            ancestor = by_path.get("/".join(segments[:cut]) + "/")
            if ancestor is not None:
                for key in empty:
                    ancestor.subtree[key] += organization.own[key]
    top_depth = min((o.depth for o in organizations), default=0)
    for organization in organizations:
        organization.indent = organization.depth - top_depth
    return organizations


def statistics_for(*, user) -> dict:
    """Headline figures of what this user may see (chambers and enterprises for the committee only)."""
    return statistics.registry_figures(
        members=members_visible_to(user),
        organizations=access.visible_organizations(user),
        include_chambers=access.sees_everything(user),
    )
