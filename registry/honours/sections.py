"""What the honours room adds to the registry's pages (registry/honours/room.py): on a member's page
their commendations and terms as a representative (two queries); on an organization's page its own
commendations and how many of its members' there are, a link to them (two queries)."""

from branches import access
from registry.honours import selectors


def member_section(request, member) -> dict | None:
    if access.role_of(request.user) is None:
        return None
    return {
        "template": "registry/honours/_member_section.html",
        "member": member,
        "honours": selectors.member_honours(member),
        "representatives": selectors.member_representatives(member),
        "may_change": access.may_change_organization(request.user, member.organization),
    }


def organization_section(request, organization) -> dict | None:
    if access.role_of(request.user) is None:
        return None
    return {
        "template": "registry/honours/_organization_section.html",
        "organization": organization,
        "honours": selectors.organization_honours(organization),
        "members_honoured": selectors.members_honoured_count(request.user, organization),
        "may_change": access.may_change_organization(request.user, organization),
    }
