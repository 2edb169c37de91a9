"""Reads of chambers, enterprises, organizations and roles, already scoped and carrying their joins.

The lists take query parameters so that every figure of the dashboards links to exactly the
records behind it (/organizations/?level=general_branch, /chambers/?kind=city&covered=1,
/enterprises/?coverage=own). `filtered_organizations`, `filtered_chambers` and
`filtered_enterprises` apply them; the list pages and their exports both call them, so an
export holds what the list shows. An unknown value matches nothing (as the roster's filters do).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext as _

from branches import access
from branches.filtering import id_from
from branches.models import Chamber, Enterprise, Organization, RoleAssignment
from branches.people import person_name
from branches.statistics import (
    EnterpriseCoverage,
    annotate_enterprise_coverage,
    chamber_is_covered,
    enterprise_coverage_condition,
    enterprise_has_own_organization,
)

# The level filter's value for "branches in all" (branch, joint and temporary: the articles' 44).
ALL_BRANCHES = "branches_in_all"
TRUE_WORDS, FALSE_WORDS = {"1", "true", "yes"}, {"0", "false", "no"}


def organizations_for(user) -> QuerySet[Organization]:
    return access.visible_organizations(user).select_related("parent", "chamber").order_by("path")


def organization_detail(user, pk) -> QuerySet[Organization]:
    return organizations_for(user).prefetch_related("host_enterprises").filter(pk=pk)


def chambers_for(user) -> QuerySet[Chamber]:
    """Chambers are public facts about the chamber system: every role may read them."""
    return Chamber.objects.select_related("parent").annotate(covered=chamber_is_covered()).order_by("kind", "name_sort")


def chamber_organizations(user, chamber: Chamber) -> QuerySet[Organization]:
    return organizations_for(user).filter(chamber=chamber)


def enterprises_for(user) -> QuerySet[Enterprise]:
    return (
        Enterprise.objects.select_related("chamber")
        .annotate(has_own_organization=enterprise_has_own_organization())
        .order_by("name_sort")
    )


def enterprise_with_organizations(user) -> QuerySet[Enterprise]:
    return enterprises_for(user).prefetch_related(
        Prefetch("organizations", queryset=organizations_for(user), to_attr="visible_organizations")
    )


# --- the lists' filters ------------------------------------------------------------------------


def _given(params, name: str) -> str:
    value = params.get(name) if params is not None else None
    return (value or "").strip()


def _yes_no(value: str) -> bool | None:
    """True, False, or None for a value that is neither (which then matches nothing)."""
    lowered = value.lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    return None


def filtered_organizations(user, params) -> tuple[QuerySet[Organization], dict]:
    """`organizations_for(user)` narrowed by `level` (a level, or `branches_in_all`), `formation` and
    `hosted` (1: hosted by a member enterprise, 0: not); returns the queryset and the filters applied
    (for the page and the export log)."""
    organizations, applied = organizations_for(user), {}
    level = _given(params, "level")
    if level:
        applied["level"] = level
        if level == ALL_BRANCHES:
            organizations = organizations.filter(level__in=Organization.BRANCH_LEVELS)
        elif level in Organization.Level.values:
            organizations = organizations.filter(level=level)
        else:
            organizations = organizations.none()
    formation = _given(params, "formation")
    if formation:
        applied["formation"] = formation
        organizations = (
            organizations.filter(formation=formation)
            if formation in Organization.Formation.values
            else organizations.none()
        )
    hosted = _given(params, "hosted")
    if hosted:
        applied["hosted"] = hosted
        wanted = _yes_no(hosted)
        hosted_by_enterprise = Exists(
            Organization.host_enterprises.through.objects.filter(organization_id=OuterRef("pk"))
        )
        organizations = (
            organizations.none()
            if wanted is None
            else (organizations.filter(hosted_by_enterprise) if wanted else organizations.exclude(hosted_by_enterprise))
        )
    return organizations, applied


def filtered_chambers(user, params) -> tuple[QuerySet[Chamber], dict]:
    """`chambers_for(user)` narrowed by `kind` and `covered` (1 or 0)."""
    chambers, applied = chambers_for(user), {}
    kind = _given(params, "kind")
    if kind:
        applied["kind"] = kind
        chambers = chambers.filter(kind=kind) if kind in Chamber.Kind.values else chambers.none()
    covered = _given(params, "covered")
    if covered:
        applied["covered"] = covered
        wanted = _yes_no(covered)
        chambers = chambers.none() if wanted is None else chambers.filter(covered=wanted)
    return chambers, applied


def filtered_enterprises(user, params) -> tuple[QuerySet[Enterprise], dict]:
    """`enterprises_for(user)` narrowed by `own_organization` (1 or 0), `coverage` (own, joint,
    other, none: branches.statistics.EnterpriseCoverage), `covered` (1: hosts any organization, 0: none)
    and `chamber` (an id)."""
    enterprises, applied = enterprises_for(user), {}
    own = _given(params, "own_organization")
    if own:
        applied["own_organization"] = own
        wanted = _yes_no(own)
        enterprises = enterprises.none() if wanted is None else enterprises.filter(has_own_organization=wanted)
    coverage = _given(params, "coverage")
    if coverage:
        applied["coverage"] = coverage
        if coverage in EnterpriseCoverage.VALUES:
            enterprises = annotate_enterprise_coverage(enterprises).filter(enterprise_coverage_condition(coverage))
        else:
            enterprises = enterprises.none()
    covered = _given(params, "covered")
    if covered:
        applied["covered"] = covered
        wanted = _yes_no(covered)
        enterprises = (
            enterprises.none()
            if wanted is None
            else (annotate_enterprise_coverage(enterprises).filter(hosts_organization=wanted))
        )
    chamber = _given(params, "chamber")
    if chamber:
        applied["chamber"] = chamber
        chamber_id = id_from(chamber)
        enterprises = enterprises.filter(chamber_id=chamber_id) if chamber_id else enterprises.none()
    return enterprises, applied


# --- roles and their history (the committee's page) ------------------------------------------


def role_assignments_for(user) -> QuerySet[RoleAssignment]:
    """Who holds which role now: the committee sees every assignment (staff of one committee, those
    bound within it), anyone else none."""
    if not access.is_committee(user):
        return RoleAssignment.objects.none()
    return (
        RoleAssignment.objects.filter(access.organization_scope(user))
        .select_related("user", "organization")
        .order_by("role", "user__username")
    )


def role_history_for(user) -> QuerySet:
    """Every grant, change and revocation, newest first, each row carrying the role and organization
    the assignment had just before it (two subqueries, so a page of any length is one query)."""
    if not access.is_committee(user):
        return RoleAssignment.history.none()
    rows = RoleAssignment.history.all()
    if access.scope_root(user) is not None:  # assignments that were ever bound within their committee
        rows = rows.filter(id__in=RoleAssignment.history.filter(access.organization_scope(user)).values("id"))
    previous = RoleAssignment.history.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id")).order_by(
        "-history_id"
    )
    return (
        rows.select_related("history_user", "user", "organization")
        .annotate(
            role_before=Subquery(previous.values("role")[:1]),
            organization_before=Subquery(previous.values("organization__name")[:1]),
        )
        .order_by("-history_date", "-history_id")
    )


@dataclass(frozen=True)
class RoleChange:
    """One row of the roles page's history, as people read it."""

    when: datetime.datetime
    kind: str
    actor: str
    user: str
    role_before: str
    role_after: str
    organization_before: str
    organization_after: str


def role_changes(records) -> list[RoleChange]:
    """Turns history rows of `role_history_for` (a page of them) into `RoleChange`s, without queries.

    A grant has no "before", a revocation no "after". Who made the change is the history's user;
    where nobody is named, the recorded reason ("command line") is shown instead.
    """
    labels = dict(RoleAssignment.Role.choices)
    kinds = {"+": _("granted"), "~": _("changed"), "-": _("revoked")}
    changes = []
    for record in records:
        role = str(labels.get(record.role, record.role))
        organization = record.organization.name if record.organization else ""
        if record.history_type == "+":
            before, after = ("", ""), (role, organization)
        elif record.history_type == "-":
            before, after = (role, organization), ("", "")
        else:
            before = (str(labels.get(record.role_before, record.role_before or "")), record.organization_before or "")
            after = (role, organization)
        if record.history_user is not None:
            actor = person_name(record.history_user)
        else:
            actor = _(record.history_change_reason) if record.history_change_reason else ""
        changes.append(
            RoleChange(
                when=record.history_date,
                kind=kinds[record.history_type],
                actor=actor,
                user=person_name(record.user) if record.user else f"#{record.user_id}",
                role_before=before[0],
                role_after=after[0],
                organization_before=before[1],
                organization_after=after[1],
            )
        )
    return changes
