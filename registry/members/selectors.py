"""Every read of members that a view or export needs, already scoped to the user."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from branches import access
from branches.filtering import filtered, without_page
from branches.models import Organization
from registry import sixknowns
from registry.members.filters import MemberFilter
from registry.models import Member


def on_roster(prefix: str = "member__") -> Q:
    """For records that point at a member (contacts, visits, certificates …): only those of members
    on the roster. `Member.objects` leaves former members out by itself; a join through another
    model does not (docs/lifecycle.md#former-members)."""
    return Q(**{f"{prefix}left_on__isnull": True})


def members_visible_to(user) -> QuerySet[Member]:
    return Member.objects.filter(access.organization_scope(user))


def member_list(user) -> QuerySet[Member]:
    return (
        members_visible_to(user)
        .select_related("organization", "enterprise")
        .with_six_knowns()
        .order_by("organization__path", "name_sort", "id")
    )


def filtered_members(user, params) -> tuple[MemberFilter, QuerySet[Member]]:
    """The roster as the list (and its export) shows it: scoped, then filtered through the
    FilterSet's form fields; an invalid filter shows nothing (its errors are on the form)."""
    return filtered(MemberFilter(without_page(params) or None, queryset=member_list(user), user=user))


def member_detail(user, pk) -> Member:
    """The member with what their page shows; 404 outside the user's scope (as for a guessed URL)."""
    return get_object_or_404(
        members_visible_to(user).select_related("organization", "enterprise").with_six_knowns(), pk=pk
    )


def registered_member_seen_by(user, id_number: str, *, other_than=None) -> Member | None:
    """The member on the roster with this ID number, if the user sees them (None also when someone
    else holds it out of the user's sight: a secretary is not told which other branch does)."""
    return members_visible_to(user).exclude(pk=other_than).filter(id_number=id_number).first()


def member_to_edit(user, pk) -> Member:
    """The member to change: 404 outside what the user sees, 403 where they see but may not change."""
    member = get_object_or_404(members_visible_to(user).select_related("organization"), pk=pk)
    if not access.may_change_organization(user, member.organization):
        raise PermissionDenied
    return member


def member_counts_by_organization(user, organizations: QuerySet[Organization] | None = None) -> dict[int, dict]:
    """Per organization (its own members, not its subtree): total, six-knowns applicable and complete."""
    members = members_visible_to(user)
    if organizations is not None:
        members = members.filter(organization__in=organizations)
    rows = (
        members.values("organization_id")
        .annotate(
            total=Count("id"),
            applicable=Count("id", filter=sixknowns.APPLICABLE),
            complete=Count("id", filter=sixknowns.MET),
            full=Count("id", filter=Q(status=Member.Status.FULL)),
        )
        .order_by()
    )
    return {row.pop("organization_id"): row for row in rows}
