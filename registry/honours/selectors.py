"""Every read of honours and representatives a page, an export or a figure needs, scoped through
branches.access: a commendation or a term belongs to its organization (the one commended, or the
one that held the member), and a secretary sees those of their subtree."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404

from branches import access
from branches.filtering import filtered, without_page
from registry.honours import rules
from registry.honours.filters import HonourFilter, RepresentativeFilter
from registry.models import Honour, Representative

APPROVED = Q(state=Honour.State.APPROVED)


def honours_visible_to(user) -> QuerySet[Honour]:
    return Honour.objects.filter(access.organization_scope(user)).select_related("member", "organization")


def honour_list(user, params) -> tuple[HonourFilter, QuerySet[Honour]]:
    """The commendations the user sees, newest first, as the page's filter says; the export writes
    exactly these rows."""
    honours = honours_visible_to(user).order_by("-date", "-id")
    return filtered(HonourFilter(without_page(params) or None, queryset=honours, user=user))


def honour_detail(user, pk) -> Honour:
    """404 outside what the user sees (as for a guessed URL)."""
    return get_object_or_404(honours_visible_to(user), pk=pk)


def honour_to_change(user, pk) -> Honour:
    """404 outside what the user sees; 403 where they see it but may not change it."""
    honour = honour_detail(user, pk)
    if not access.may_change_organization(user, honour.organization):
        raise PermissionDenied
    return honour


def years(user) -> list[dict]:
    """The approved commendations the user sees, per year of their date and per title, and the
    nominations still waiting: the list page's table, each figure a link to its rows. One query."""
    rows = (
        Honour.objects.filter(access.organization_scope(user))
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(
            **{title: Count("pk", filter=APPROVED & Q(title=title)) for title in rules.TITLES},
            approved=Count("pk", filter=APPROVED),
            nominated=Count("pk", filter=Q(state=Honour.State.NOMINATED)),
        )
        .order_by("-year")
    )
    labels = dict(Honour.Title.choices)
    return [
        {**row, "titles": [(title, labels[title], row[title]) for title in rules.TITLES]}
        for row in rows
        if row["approved"] or row["nominated"]
    ]


def member_honours(member) -> list[Honour]:
    """The member's commendations, newest first (one query)."""
    return list(Honour.objects.filter(member=member).order_by("-date", "-id"))


def organization_honours(organization) -> list[Honour]:
    """The commendations of the organization itself (not of its members), newest first (one query)."""
    return list(Honour.objects.filter(organization=organization, member__isnull=True).order_by("-date", "-id"))


def members_honoured_count(user, organization) -> int:
    """How many commendations of members the organization and those below it hold, as the list
    filtered to it and to members shows them (one query)."""
    return (
        Honour.objects.filter(access.organization_scope(user), member__isnull=False)
        .filter(access.subtree_filter(organization, prefix="organization__"))
        .count()
    )


def honour_figures(as_of, year) -> dict:
    """`registry_stats --json`'s "honours": the approved commendations of the whole registry by the
    year of their date, per title (one query; every year that has one)."""
    rows = (
        Honour.objects.filter(APPROVED)
        .annotate(year=ExtractYear("date"))
        .values("year", "title")
        .annotate(count=Count("pk"))
        .order_by("year")
    )
    figures: dict[str, dict[str, int]] = {}
    for row in rows:
        by_title = figures.setdefault(str(row["year"]), dict.fromkeys(rules.TITLES, 0))
        by_title[row["title"]] += row["count"]
    return {"honours": figures}


# --- representatives --------------------------------------------------------------------------------


def representatives_visible_to(user) -> QuerySet[Representative]:
    return Representative.objects.filter(access.organization_scope(user)).select_related("member", "organization")


def representative_list(user, params) -> tuple[RepresentativeFilter, QuerySet[Representative]]:
    representatives = representatives_visible_to(user).order_by("-term_start", "-id")
    return filtered(RepresentativeFilter(without_page(params) or None, queryset=representatives, user=user))


def representative_to_change(user, pk) -> Representative:
    representative = get_object_or_404(representatives_visible_to(user), pk=pk)
    if not access.may_change_organization(user, representative.organization):
        raise PermissionDenied
    return representative


def member_representatives(member) -> list[Representative]:
    """The member's terms as a representative, the latest first (one query)."""
    return list(Representative.objects.filter(member=member).order_by("-term_start", "-id"))
