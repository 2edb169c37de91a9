"""What the keeping-in-touch rooms (contacts, visits, cases, activities) share for reading: the
records of members a user sees, on the roster, and the organizations a list may be narrowed to —
all through `branches.access`, as every selector starts."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from branches import access
from branches.models import Organization
from registry.members.selectors import members_visible_to, on_roster
from registry.models import Member


def member_scope(user, prefix: str = "member__") -> Q:
    """Records of members the user sees, on the roster: a former member's drop out of every list."""
    return access.organization_scope(user, prefix=f"{prefix}organization__") & on_roster(prefix)


def visible_member(user, pk) -> Member:
    """The member if the user may see them; 404 otherwise (as for a guessed URL)."""
    return get_object_or_404(members_visible_to(user).select_related("organization"), pk=pk)


def organizations_to_filter(user) -> QuerySet[Organization]:
    """The organizations a list may be narrowed to: those the user sees, in tree order."""
    return access.visible_organizations(user).order_by("path")
