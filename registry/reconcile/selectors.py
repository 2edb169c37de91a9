"""Reads of the kept comparisons (committee office only: the views are committee_required)."""

import copy

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from branches import access
from branches.filtering import sorted_rows
from registry.models import Member, Reconciliation
from registry.reconcile.compare import SEVERAL_HOMES


def members_to_compare(user) -> QuerySet[Member]:
    return Member.objects.filter(access.organization_scope(user))


def reconciliation_list(user) -> QuerySet[Reconciliation]:
    if not access.is_committee(user):
        return Reconciliation.objects.none()
    lists = Reconciliation.objects.select_related("user").order_by("-created_at", "-id")
    # A comparison belongs to no organization: staff of one committee see those they made.
    return lists if access.sees_whole_registry(user) else lists.filter(user=user)


# The columns a person may sort the lists compared by (`?sort=`).
RECONCILIATION_SORT = {
    "created_at": "created_at",
    "user": "user__username",
    "file_name": "file_name",
    "home_organization": "home_organization",
}


def sorted_reconciliations(user, params) -> QuerySet[Reconciliation]:
    """The lists compared, in the order of the column sorted by (the latest first otherwise)."""
    return sorted_rows(reconciliation_list(user), params, RECONCILIATION_SORT)


def reconciliation_detail(user, pk) -> Reconciliation:
    return get_object_or_404(reconciliation_list(user), pk=pk)


def latest_by_home(homes: list[str], *, since) -> dict[str, Reconciliation]:
    """The latest comparison with each home organization's list made since `since` (for the
    liaison letters, docs/checkin.md#reconciliation), in one query. A list that named several home
    organizations counts for each of them, with that one's part of the counts (`counts["by_home"]`)."""
    wanted, found = set(homes), {}
    for reconciliation in (
        Reconciliation.objects.filter(mode=Reconciliation.Mode.HOME, created_at__date__gte=since)
        .filter(Q(home_organization__in=wanted) | Q(home_organization__contains=SEVERAL_HOMES))
        .defer("groups")
        .order_by("created_at", "id")
    ):
        parts = reconciliation.counts.get("by_home") or {}
        if reconciliation.home_organization in wanted and not parts:
            found[reconciliation.home_organization] = reconciliation
        for name in wanted & set(parts):
            part = copy.copy(reconciliation)
            part.counts = {**reconciliation.counts, **parts[name]}
            found[name] = part
    return found
