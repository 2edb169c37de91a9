"""Every read of movements a view, export or figure needs, already scoped to the user.

A movement belongs to the organization the member was in when it happened (`Movement.organization`):
a secretary sees the events, letters and former members of their subtree
(docs/domain.md#roles-and-scope). Former members are read through `Member.all_members`; everything
else of the registry reads the roster (`Member.objects`).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from branches import access, clock
from branches.filtering import filtered, sorted_rows, without_page
from branches.models import Organization
from branches.remembered import remembered
from registry.models import Member, Movement
from registry.movements import balance as balances
from registry.movements.filters import FormerMemberFilter, MovementFilter

Kind = Movement.Kind
PENDING = Q(kind=Kind.TRANSFER_OUT, to_organization__isnull=True, receipt_on__isnull=True, cancelled_on__isnull=True)


def movements_visible_to(user) -> QuerySet[Movement]:
    return Movement.objects.filter(access.organization_scope(user))


def movements_of(member: Member) -> list[Movement]:
    """The member's timeline, oldest first (one query)."""
    return list(member.movements.select_related("to_organization", "recorded_by").order_by("date", "id"))


def member_for_event(user, pk, kind: str = "") -> Member:
    """The member to record an event for: on the roster (a former member for 恢复党籍 and 自行脱党除名,
    Movement.FOR_FORMER), 404 outside what the user sees, 403 where they see but may not change (a
    reviewer)."""
    members = Member.all_members if kind in Movement.FOR_FORMER else Member.objects
    member = get_object_or_404(members.filter(access.organization_scope(user)).select_related("organization"), pk=pk)
    if not access.may_change_organization(user, member.organization):
        raise PermissionDenied
    return member


# --- transfers and their letters ---------------------------------------------------------------


def _letters(user) -> QuerySet[Movement]:
    return movements_visible_to(user).select_related("member", "organization", "to_organization")


def letters_waiting(user) -> QuerySet[Movement]:
    """Introduction letters out, waiting for their receipt and still valid, the soonest to expire first."""
    return (
        _letters(user)
        .filter(PENDING, member__left_on__isnull=True, expires_on__gte=clock.today())
        .order_by("expires_on", "id")
    )


def letters_expired(user) -> QuerySet[Movement]:
    """Letters past their validity with no receipt: someone must find out what happened."""
    return (
        _letters(user)
        .filter(PENDING, member__left_on__isnull=True, expires_on__lt=clock.today())
        .order_by("expires_on", "id")
    )


def letters_cancelled(user) -> QuerySet[Movement]:
    return _letters(user).filter(kind=Kind.TRANSFER_OUT, cancelled_on__isnull=False).order_by("-cancelled_on", "-id")


def receipts_owed(user) -> QuerySet[Movement]:
    """Transfers in whose receipt (回执) we still owe: due within one month of the letter."""
    return (
        _letters(user)
        .filter(kind=Kind.TRANSFER_IN, receipt_on__isnull=True, member__left_on__isnull=True)
        .order_by("date", "id")
    )


# The columns a person may sort the transfers' tables by (`?sort=`): the four tables alike.
TRANSFER_SORT = {
    "letter": "letter_number",
    "name": ("member__name",),
    "organization": ("organization__path", "member__name"),
    "other_side": "other_side",
    "date": "date",
}
BALANCE_PEOPLE_SORT = {
    "name": "name",
    "id_number": "id_number",
    "organization": ("organization__path", "name"),
    "registered_on": "registered_on",
    "left_on": "left_on",
}


def transfer_tables(user, params) -> dict[str, list[Movement]]:
    """The transfers page's four tables (the letters waiting, expired, the receipts we owe, the
    letters cancelled), each in the order of the column sorted by, else its own."""
    tables = {
        "waiting": (letters_waiting, 200),
        "expired": (letters_expired, 200),
        "owed": (receipts_owed, 200),
        "cancelled": (letters_cancelled, 50),
    }
    return {name: list(sorted_rows(rows(user), params, TRANSFER_SORT)[:size]) for name, (rows, size) in tables.items()}


def transfer_detail(user, pk) -> Movement:
    """A transfer (in or out) with what its page shows; 404 outside the user's scope."""
    return get_object_or_404(
        _letters(user).filter(kind__in=[Kind.TRANSFER_IN, Kind.TRANSFER_OUT]).select_related("recorded_by"), pk=pk
    )


def transfer_to_change(user, pk) -> Movement:
    """A transfer to record a receipt for or to cancel: 404 outside scope, 403 for those who only see."""
    movement = transfer_detail(user, pk)
    if not access.may_change_organization(user, movement.organization):
        raise PermissionDenied
    return movement


# --- former members ------------------------------------------------------------------------------


def former_members_visible_to(user) -> QuerySet[Member]:
    """Members who left the roster, in the organizations the user sees (the one they left from)."""
    return Member.all_members.former().filter(access.organization_scope(user))


def former_member_list(user, params) -> tuple[FormerMemberFilter, QuerySet[Member]]:
    """Former members, the latest to leave first, with the departure that took them off (its other
    side: where to). Found by ID number or name."""
    departure = Movement.objects.filter(member=OuterRef("pk"), departed_on__isnull=False).order_by(
        "-departed_on", "-id"
    )
    members = (
        former_members_visible_to(user)
        .select_related("organization")
        .annotate(
            left_to=Subquery(departure.values("other_side")[:1]), left_reason=Subquery(departure.values("reason")[:1])
        )
        .order_by("-left_on", "name_sort", "id")
    )
    return _filtered(FormerMemberFilter, members, params, user)


def former_member_detail(user, pk) -> Member:
    return get_object_or_404(former_members_visible_to(user).select_related("organization", "enterprise"), pk=pk)


# --- lists, figures ------------------------------------------------------------------------------


def _filtered(filter_class, queryset, params, user):
    return filtered(filter_class(without_page(params) or None, queryset=queryset, user=user))


def movement_list(user, params) -> tuple[MovementFilter, QuerySet[Movement]]:
    """The register: every event the user sees, newest first, filtered as the page's form says;
    the export writes exactly these rows."""
    movements = (
        movements_visible_to(user).select_related("member", "organization", "to_organization").order_by("-date", "-id")
    )
    return _filtered(MovementFilter, movements, params, user)


def flowed_out_members(user) -> QuerySet[Member]:
    """Our self-managed members working elsewhere, by destination: each with the open flow-out's
    date, destination and activity certificate number (docs/lifecycle.md#events)."""
    flow_out = Movement.objects.filter(member=OuterRef("pk"), kind=Kind.FLOW_OUT).order_by("-date", "-id")
    return (
        Member.objects.filter(access.organization_scope(user), flowed_out=True)
        .select_related("organization")
        .annotate(
            flow_out_date=Subquery(flow_out.values("date")[:1]),
            destination=Subquery(flow_out.values("other_side")[:1]),
            flow_out_certificate=Subquery(flow_out.values("certificate_number")[:1]),
            flow_out_reason=Subquery(flow_out.values("reason")[:1]),
        )
        .order_by("destination", "organization__path", "name_sort", "id")
    )


def movement_figures(user=None) -> dict:
    """`registry_stats --json`'s `movement` (docs/lifecycle.md#registry-stats)."""
    members = Member.objects.all() if user is None else Member.objects.filter(access.organization_scope(user))
    movements = Movement.objects.all() if user is None else movements_visible_to(user)
    former = Member.all_members.former() if user is None else former_members_visible_to(user)
    return {
        "flowed_out": members.filter(flowed_out=True).count(),
        "transfers_out_pending": movements.filter(PENDING, member__left_on__isnull=True).count(),
        "former_members": former.count(),
    }


def balance_organizations(user) -> list[Organization] | None:
    """The organizations a user's balance covers (None: the whole registry)."""
    if access.sees_whole_registry(user):
        return None
    return list(access.visible_organizations(user).order_by("path"))


def year_balance(user, year: int) -> balances.Balance:
    organizations = balance_organizations(user)
    return balances.year_balance(year, organizations=organizations)


def year_balances(user, year: int, *, people: bool = True) -> tuple[balances.Balance, balances.Balance]:
    """The roster's balance and the balance where membership is held, over the user's organizations
    (without `people`, the figures only: balances.year_balances, counted once and shown again while
    nothing they read has changed: branches/remembered.py)."""
    if not people:
        return remembered(
            "year_balances",
            user,
            lambda: balances.year_balances(year, organizations=balance_organizations(user), people=False),
            year,
        )
    return balances.year_balances(year, organizations=balance_organizations(user), people=people)


def balance_people(
    user,
    year: int,
    *,
    figure: str,
    kind: str = "",
    organization_id: int | None = None,
    params=None,
    held: bool = False,
) -> QuerySet[Member]:
    """The people behind one figure of the balance, the roster's or (`held`) the one where membership
    is held (every figure links to them)."""
    if figure not in balances.FIGURES:
        raise Http404
    result = year_balances(user, year)[1] if held else year_balance(user, year)
    if organization_id is None:
        row = result.total
    else:
        row = next((row for row in result.rows if row.organization.pk == organization_id), None)
        if row is None:
            return Member.all_members.none()
    ids = row.people(figure, kind)
    people = (
        Member.all_members.filter(pk__in=ids)
        .select_related("organization")
        .order_by("organization__path", "name_sort", "id")
    )
    return sorted_rows(people, params, BALANCE_PEOPLE_SORT)
