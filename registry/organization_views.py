"""Organization, chamber and enterprise pages that show member figures, and the coverage and
formation-advice page.

They live in `registry` because they combine organizations with counts of members; `branches`
knows nothing of members (STYLE.md).

The three lists take the filters of branches.selectors (`?level=general_branch`,
`?kind=city&covered=1`, `?coverage=own`), so that each figure of the dashboards links to a list
of exactly that many records.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from branches import access, selectors as branch_selectors
from registry import dashboard, selectors, statistics
from registry.history import history_entries


def organization_list(request):
    organizations = selectors.organization_tree(request.user)
    filtered, applied = branch_selectors.filtered_organizations(request.user, request.GET)
    if applied:
        wanted = set(filtered.values_list("pk", flat=True))
        organizations = [organization for organization in organizations if organization.pk in wanted]
        for organization in organizations:  # a filtered list is flat, not a tree
            organization.indent = 0
    return render(request, "branches/organization_list.html", {
        "organizations": organizations, "applied": applied, "query": request.GET.urlencode(),
    })


def organization_detail(request, pk):
    organization = get_object_or_404(branch_selectors.organization_detail(request.user, pk))
    subtree = access.visible_organizations(request.user).filter(access.subtree_filter(organization))
    children = branch_selectors.organizations_for(request.user).filter(parent=organization)
    return render(request, "branches/organization_detail.html", {
        "organization": organization,
        "children": children,
        "figures": statistics.member_figures(
            selectors.members_visible_to(request.user).filter(organization__in=subtree)
        ),
        "may_change": access.changeable_organizations(request.user).filter(pk=organization.pk).exists(),
        "history": history_entries(organization, show_personal_data=access.sees_personal_data(request.user)),
    })


def chamber_list(request):
    chambers, applied = branch_selectors.filtered_chambers(request.user, request.GET)
    return render(request, "branches/chamber_list.html", {
        "chambers": chambers, "applied": applied, "query": request.GET.urlencode(),
    })


def chamber_detail(request, pk):
    chamber = get_object_or_404(branch_selectors.chambers_for(request.user), pk=pk)
    organizations = branch_selectors.chamber_organizations(request.user, chamber)
    counts = selectors.member_counts_by_organization(request.user, organizations)
    organizations = list(organizations)
    for organization in organizations:
        organization.member_total = counts.get(organization.pk, {}).get("total", 0)
    return render(request, "branches/chamber_detail.html", {
        "chamber": chamber,
        "organizations": organizations,
        "enterprises": chamber.enterprises.order_by("name"),
        "children": chamber.children.order_by("name"),
    })


def enterprise_list(request):
    enterprises, applied = branch_selectors.filtered_enterprises(request.user, request.GET)
    return render(request, "branches/enterprise_list.html", {
        "enterprises": enterprises, "applied": applied, "query": request.GET.urlencode(),
    })


def enterprise_detail(request, pk):
    enterprise = get_object_or_404(branch_selectors.enterprise_with_organizations(request.user), pk=pk)
    members = selectors.member_list(request.user).filter(enterprise=enterprise)
    return render(request, "branches/enterprise_detail.html", {
        "enterprise": enterprise,
        "members": members,
        "member_count": len(members),
    })


@require_GET
def coverage(request):
    """Chamber and enterprise coverage and the formation advice: the committee's structure, for
    the committee and reviewers (a secretary's figures are on their home page)."""
    if not access.sees_everything(request.user):
        raise PermissionDenied
    return render(request, "branches/coverage.html", dashboard.coverage_for(request.user))
