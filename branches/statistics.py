"""Figures about organizations, chambers and enterprises, counted in the database."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value

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


# --- enterprise coverage (article 003's figures) ---------------------------------------------


class EnterpriseCoverage:
    """How an enterprise is covered: by its own (standalone) organization, else through a joint
    branch, else through another organization it hosts, else not at all. Exclusive classes."""

    OWN = "own"
    JOINT = "joint"
    OTHER = "other"
    NONE = "none"
    VALUES = (OWN, JOINT, OTHER, NONE)


def enterprise_in_joint_branch():
    """The enterprise hosts a joint branch (联合党支部, or an organization formed jointly, 联合建)."""
    return Exists(
        Organization.objects.filter(host_enterprises=OuterRef("pk")).filter(
            Q(level=Organization.Level.JOINT_BRANCH) | Q(formation=Organization.Formation.JOINT)
        )
    )


def enterprise_hosts_any_organization():
    return Exists(Organization.objects.filter(host_enterprises=OuterRef("pk")))


def enterprise_coverage_condition(coverage: str) -> Q:
    """A condition on an Enterprise queryset annotated by `annotate_enterprise_coverage`."""
    return {
        EnterpriseCoverage.OWN: Q(has_own_organization=True),
        EnterpriseCoverage.JOINT: Q(has_own_organization=False, in_joint_branch=True),
        EnterpriseCoverage.OTHER: Q(has_own_organization=False, in_joint_branch=False, hosts_organization=True),
        EnterpriseCoverage.NONE: Q(hosts_organization=False),
    }[coverage]


def annotate_enterprise_coverage(enterprises: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """Adds `has_own_organization`, `in_joint_branch` and `hosts_organization` (those missing)."""
    wanted = {
        "has_own_organization": enterprise_has_own_organization,
        "in_joint_branch": enterprise_in_joint_branch,
        "hosts_organization": enterprise_hosts_any_organization,
    }
    return enterprises.annotate(
        **{name: make() for name, make in wanted.items() if name not in enterprises.query.annotations}
    )


def enterprise_coverage_figures(enterprises: QuerySet[Enterprise] | None = None) -> dict:
    """Total, and how many in each coverage class (with_own_organization, joint_only, other_only,
    uncovered; covered is all but the uncovered). The same classes as `enterprise_coverage_condition`,
    counted from one grouped query over the hosting links (one row per hosting enterprise) and one
    count, instead of correlated subqueries per enterprise: a tenth of the time on PostgreSQL."""
    enterprises = Enterprise.objects.all() if enterprises is None else enterprises
    Hosting = Organization.host_enterprises.through
    # The number of enterprises rides along on each row (a subquery the database counts once): one query
    # for the home page, which must stay under 20 (issue 27 §4); a second only when nothing is hosted.
    everyone = enterprises.order_by().annotate(one=Value(1)).values("one").annotate(n=Count("*")).values("n")
    links = (
        Hosting.objects.filter(enterprise__in=enterprises.values("pk"))
        .order_by()
        .values("enterprise_id")
        .annotate(
            own=Count("id", filter=Q(organization__formation=Organization.Formation.STANDALONE)),
            joint=Count(
                "id",
                filter=Q(organization__level=Organization.Level.JOINT_BRANCH)
                | Q(organization__formation=Organization.Formation.JOINT),
            ),
            total=Subquery(everyone),
        )
    )
    own = joint = other = 0
    total = None
    for link in links:
        total = link["total"]
        if link["own"]:
            own += 1
        elif link["joint"]:
            joint += 1
        else:
            other += 1
    if total is None:
        total = enterprises.order_by().count()
    uncovered = total - own - joint - other
    return {
        "total": total,
        "with_own_organization": own,
        "joint_only": joint,
        "other_only": other,
        "uncovered": uncovered,
        "covered": total - uncovered,
    }


def enterprise_organization_count() -> int:
    """Organizations hosted by at least one member enterprise (standalone or joint)."""
    return Organization.objects.filter(
        Exists(Organization.host_enterprises.through.objects.filter(organization_id=OuterRef("pk")))
    ).count()


def organization_chambers(organizations: QuerySet[Organization] | None = None) -> dict[int, int | None]:
    """The chamber each organization belongs to: its own, else that of an enterprise it is hosted
    by, else its parent's (a party group is its branch's). Two queries; the rest is a walk over
    organizations in tree order, whatever the number of members."""
    organizations = Organization.objects.all() if organizations is None else organizations
    rows = list(organizations.order_by("path").values_list("id", "parent_id", "chamber_id"))
    host_chamber = {}
    for organization_id, chamber_id in (
        Organization.host_enterprises.through.objects.filter(enterprise__chamber__isnull=False)
        .order_by("enterprise_id")
        .values_list("organization_id", "enterprise__chamber_id")
    ):
        host_chamber.setdefault(organization_id, chamber_id)
    chambers: dict[int, int | None] = {}
    for organization_id, parent_id, chamber_id in rows:  # parents come first in path order
        chambers[organization_id] = chamber_id or host_chamber.get(organization_id) or chambers.get(parent_id)
    return chambers
