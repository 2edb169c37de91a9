"""Figures about organizations, chambers and enterprises, counted in the database."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from branches.models import Chamber, Enterprise, Organization


def chamber_is_covered():
    """A chamber is covered when an organization is attached to it or to one of its enterprises."""
    return Exists(Organization.objects.filter(chamber=OuterRef("pk"))) | Exists(
        Organization.objects.filter(host_enterprises__chamber=OuterRef("pk"))
    )


def enterprise_has_own_organization():
    """An enterprise has its own organization when it hosts a standalone (单独建) one."""
    return Exists(
        Organization.objects.filter(host_enterprises=OuterRef("pk"), formation=Organization.Formation.STANDALONE)
    )


def organization_figures(organizations: QuerySet[Organization]) -> dict:
    levels = Organization.Level
    counts = organizations.aggregate(
        total=Count("id"),
        **{level.value: Count("id", filter=Q(level=level.value)) for level in levels},
    )
    return {
        "total": counts["total"],
        "by_level": {level.value: counts[level.value] for level in levels},
        "branches_in_all": sum(counts[level] for level in Organization.BRANCH_LEVELS),
    }


def chamber_figures(chambers: QuerySet[Chamber] | None = None) -> dict:
    chambers = Chamber.objects.all() if chambers is None else chambers
    rows = (
        chambers.annotate(covered=chamber_is_covered())
        .values("kind")
        .annotate(total=Count("id"), covered_count=Count("id", filter=Q(covered=True)))
        .order_by()
    )
    by_kind = {kind.value: {"total": 0, "covered": 0} for kind in Chamber.Kind}
    for row in rows:
        by_kind[row["kind"]] = {"total": row["total"], "covered": row["covered_count"]}
    return {"total": sum(kind["total"] for kind in by_kind.values()), "by_kind": by_kind}


def enterprise_figures(enterprises: QuerySet[Enterprise] | None = None) -> dict:
    enterprises = Enterprise.objects.all() if enterprises is None else enterprises
    counts = enterprises.annotate(own=enterprise_has_own_organization()).aggregate(
        total=Count("id"), with_own_organization=Count("id", filter=Q(own=True))
    )
    return {"total": counts["total"], "with_own_organization": counts["with_own_organization"]}
