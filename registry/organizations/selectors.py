"""Reads for the organization, chamber and enterprise pages: the records of `branches` with the
member figures of the registry, scoped to the user (branches.access)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from branches import access, pinyin
from branches import selectors as branch_selectors
from branches.filtering import id_from, sort_key, sorted_items, sorted_rows
from branches.models import Chamber, Enterprise, Organization
from branches.remembered import remembered
from branches.statistics import EnterpriseCoverage
from registry.figures import statistics
from registry.members import selectors as member_selectors


def organization_tree(user) -> list[Organization]:
    """Visible organizations in tree order, each with `own` and `subtree` member figures.

    Two queries whatever the size: the organizations, and one grouped count of members; none while
    nothing they read has changed since they were last counted (branches/remembered.py).
    """
    return remembered("organization_tree", user, lambda: _counted_tree(user), alone=True)


def _counted_tree(user) -> list[Organization]:
    organizations = list(branch_selectors.organizations_for(user))
    counts = member_selectors.member_counts_by_organization(user)
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


# The columns a person may sort each list by (`?sort=`); the export sorts the same way.
ORGANIZATION_SORT = {
    # In pinyin order, as names of people (branches/pinyin.py): a few hundred, read in memory.
    "name": lambda organization: pinyin.name_keys(organization.name)["name_sort"],
    "level": lambda organization: organization.level,
    "chamber": lambda organization: organization.chamber.name if organization.chamber else "",
    "own": lambda organization: organization.own["total"],
    "subtree": lambda organization: organization.subtree["total"],
    "six_knowns": lambda organization: (
        organization.subtree["complete"] / organization.subtree["applicable"]
        if organization.subtree["applicable"]
        else -1
    ),
}
ORGANIZATION_EXPORT_SORT = {"level": "level", "chamber": "chamber__name"}  # by name: the list's pinyin order
CHAMBER_SORT = {
    "name": "name",
    "kind": "kind",
    "home_region": "home_region",
    "supervising_department": "supervising_department",
    "covered": "covered",
}
ENTERPRISE_SORT = {
    "name": "name",
    "credit_code": "credit_code",
    "chamber": "chamber__name",
    "industry": "industry",
    "reported": "party_members_reported",
    "own_organization": "has_own_organization",
}

# The lists' filters in words (the "Filtered:" line): a label, and the words for each value.
YES_NO = {"1": _("Yes"), "true": _("Yes"), "yes": _("Yes"), "0": _("No"), "false": _("No"), "no": _("No")}
FILTER_WORDS = {
    "level": (_("Level"), {**dict(Organization.Level.choices), branch_selectors.ALL_BRANCHES: _("Branches in all")}),
    "formation": (_("Formation"), dict(Organization.Formation.choices)),
    "hosted": (_("Hosted by a member enterprise"), YES_NO),
    "kind": (_("Kind"), dict(Chamber.Kind.choices)),
    "covered": (_("Covered by an organization"), YES_NO),
    "own_organization": (_("Own organization"), YES_NO),
    "coverage": (
        _("Coverage"),
        {
            EnterpriseCoverage.OWN: _("own organization"),
            EnterpriseCoverage.JOINT: _("through a joint branch"),
            EnterpriseCoverage.OTHER: _("through another organization"),
            EnterpriseCoverage.NONE: _("not covered"),
        },
    ),
    "chamber": (_("Chamber"), {}),
}


def described(applied: dict) -> list[tuple[str, str]]:
    """The filters of the organization, chamber and enterprise lists as a person reads them:
    (label, value in words), never `level=branches_in_all`. A value no word fits is shown as given
    (the list is then empty, and the person sees what they typed)."""
    result = []
    for key, value in applied.items():
        label, words = FILTER_WORDS.get(key, (key, {}))
        if key == "chamber" and (chamber_pk := id_from(value)) is not None:
            chamber = Chamber.objects.filter(pk=chamber_pk).values_list("name", flat=True).first()
            words = {value: chamber} if chamber else {}
        result.append(
            (
                str(label),
                str(words.get(value.lower() if key in ("hosted", "covered", "own_organization") else value, value)),
            )
        )
    return result


def organization_list(user, params) -> tuple[list[Organization], dict]:
    """The tree with its figures; narrowed by the list's filters, or sorted by a column, it is a
    flat list."""
    organizations = organization_tree(user)
    filtered, applied = branch_selectors.filtered_organizations(user, params)
    if applied:
        wanted = set(filtered.values_list("pk", flat=True))
        organizations = [organization for organization in organizations if organization.pk in wanted]
    sorted_organizations = sorted_items(organizations, params, ORGANIZATION_SORT)
    if applied or sorted_organizations is not organizations:
        for organization in sorted_organizations:
            organization.indent = 0
    return sorted_organizations, applied


def sorted_organizations(user, queryset, params):
    """The organization export in the order of the list (the tree's, or a column's). A column of
    member figures is no field to order by: the list's own order (the tree with its figures, sorted
    in memory) is followed, the export's rows taken in it (a list, the rows of `queryset` only)."""
    name, _descending = sort_key(params)
    if name in ORGANIZATION_SORT and name not in ORGANIZATION_EXPORT_SORT:
        by_pk = {organization.pk: organization for organization in queryset}
        order = sorted_items(organization_tree(user), params, ORGANIZATION_SORT)
        return [by_pk[organization.pk] for organization in order if organization.pk in by_pk]
    return sorted_rows(queryset, params, ORGANIZATION_EXPORT_SORT)


def chamber_list(user, params):
    chambers, applied = branch_selectors.filtered_chambers(user, params)
    return sorted_rows(chambers, params, CHAMBER_SORT), applied


def enterprise_list(user, params):
    enterprises, applied = branch_selectors.filtered_enterprises(user, params)
    return sorted_rows(enterprises, params, ENTERPRISE_SORT), applied


def organization_page(user, pk) -> dict:
    """The organization (404 outside the user's scope), its children and its subtree's figures."""
    organization = get_object_or_404(branch_selectors.organization_detail(user, pk))
    subtree = access.visible_organizations(user).filter(access.subtree_filter(organization))
    return {
        "organization": organization,
        "children": branch_selectors.organizations_for(user).filter(parent=organization),
        "figures": statistics.member_figures(
            member_selectors.members_visible_to(user).filter(organization__in=subtree)
        ),
    }


def chamber_page(user, pk) -> dict:
    chamber = get_object_or_404(branch_selectors.chambers_for(user), pk=pk)
    organizations = branch_selectors.chamber_organizations(user, chamber)
    counts = member_selectors.member_counts_by_organization(user, organizations)
    organizations = list(organizations)
    for organization in organizations:
        organization.member_total = counts.get(organization.pk, {}).get("total", 0)
    return {
        "chamber": chamber,
        "organizations": organizations,
        "enterprises": chamber.enterprises.order_by("name_sort"),
        "children": chamber.children.order_by("name_sort"),
    }


def enterprise_page(user, pk) -> dict:
    enterprise = get_object_or_404(branch_selectors.enterprise_with_organizations(user), pk=pk)
    members = member_selectors.member_list(user).filter(enterprise=enterprise)
    return {"enterprise": enterprise, "members": members, "member_count": len(members)}


# --- the records behind the edit forms ------------------------------------------------------------


def chamber_to_edit(pk) -> Chamber | None:
    """None for a new chamber; 404 for an unknown one (only the committee edits chambers)."""
    return get_object_or_404(Chamber, pk=pk) if pk else None


def enterprise_to_edit(pk) -> Enterprise | None:
    return get_object_or_404(Enterprise, pk=pk) if pk else None


def organization_to_edit(user, pk) -> Organization | None:
    """None for a new organization; 404 for one the user may not change (as for a guessed URL)."""
    return get_object_or_404(access.changeable_organizations(user), pk=pk) if pk else None
