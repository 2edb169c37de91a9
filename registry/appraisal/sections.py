"""What the appraisal adds to the registry's pages (registry/appraisal/room.py): on a member's page
their grades by year (one query)."""

from branches import access
from registry.appraisal import selectors


def member_section(request, member) -> dict | None:
    if access.role_of(request.user) is None:
        return None
    return {
        "template": "registry/appraisal/_member_section.html",
        "member": member,
        "results": selectors.member_results(member),
    }
