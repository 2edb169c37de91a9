"""Who may do what, as the committee office sees it: the roles held now and their history.

The pages of chambers, enterprises and organizations show member figures, so they live in
registry/organizations/ (branches knows nothing of members)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from branches import access, selectors
from branches.filtering import page_of


@require_GET
@access.committee_required
def role_list(request):
    """Who holds which role now, and every grant, change and revocation with who made it."""
    page = page_of(request, selectors.role_history_for(request.user))
    return render(request, "branches/role_list.html", {
        "assignments": selectors.role_assignments_for(request.user),
        "page": page,
        "changes": selectors.role_changes(page.object_list),
    })
