"""Every read of the activities and who attended them, already scoped to the user through
`branches.access`: members the user sees, on the roster. An activity is a gathering of the
registry's one record of meetings and activities (docs/orglife.md#activities); here it is read as
the activity pages always showed one: who attended is who was marked present."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from branches import access, clock
from branches.models import Organization
from outreach import filtering
from outreach.activities.filters import AbsenteeFilter, ActivityFilter
from outreach.scope import member_scope
from registry.members.selectors import members_visible_to
from registry.models import Attendance, Gathering, GatheringKind, Member
from registry.orglife import selectors as orglife_selectors

# The columns the absentees' page may be sorted by (`?sort=`, branches.filtering).
ABSENTEE_SORT = {"name": "name", "organization": ("organization__path", "name"), "category": "category"}


# --- activities and attendance ------------------------------------------------------------------


PRESENT = Attendance.Status.PRESENT


def activities_for(user) -> QuerySet[Gathering]:
    """Gatherings organized within what the user sees, with their number of attendees: those the
    activity's page lists (attendances_of), members the user sees, on the roster, marked present. A
    member moved out of a secretary's subtree since, or gone from the roster, is not counted."""
    first_kind = GatheringKind.objects.filter(gathering=OuterRef("pk")).order_by("kind").values("kind")[:1]
    attended = Q(attendances__status=PRESENT) & member_scope(user, prefix="attendances__member__")
    return (
        Gathering.objects.filter(access.organization_scope(user))
        .select_related("organization")
        .prefetch_related("kinds")
        .annotate(attendee_count=Count("attendances", filter=attended), first_kind=Subquery(first_kind))
        .order_by("-date", "-pk")
    )


def activity_list(user, params) -> tuple[ActivityFilter, QuerySet[Gathering]]:
    """The activities, narrowed by kind and year."""
    return filtering.filtered(ActivityFilter(filtering.without_page(params) or None, queryset=activities_for(user)))


def activity_detail(user, pk) -> Gathering:
    """404 outside what the user sees."""
    return get_object_or_404(activities_for(user), pk=pk)


def activity_to_change(user, pk) -> Gathering:
    """404 outside what the user sees; 403 where they see but may not change its organizer's records."""
    activity = activity_detail(user, pk)
    if not access.may_change_organization(user, activity.organization):
        raise PermissionDenied
    return activity


def attendance_candidates(user, activity: Gathering) -> QuerySet[Member]:
    """Members the user may record as attending: those they keep (and, for a branch's own activity,
    those of the organizing organization's subtree)."""
    return orglife_selectors.candidates_for(user, activity)


def attendance_picker(user, activity: Gathering, *, limit: int) -> dict:
    """What the activity page offers for adding attendees: the candidates (for the form), whether
    they are few enough (at most `limit`) to tick one by one, and then who is already there."""
    candidates = attendance_candidates(user, activity)
    pickable = candidates.count() <= limit
    present = set(attendances_of(user, activity).values_list("member_id", flat=True)) if pickable else set()
    return {"candidates": candidates, "pickable": pickable, "present": present}


def attendances_of(user, activity: Gathering) -> QuerySet[Attendance]:
    """Who attended: marked present, members the user sees on the roster."""
    return (
        activity.attendances.filter(member_scope(user), status=PRESENT)
        .select_related("member", "member__organization")
        .order_by("member__organization__path", "member__name_sort", "pk")
    )


def participation_of(member: Member, start: datetime.date, end: datetime.date) -> QuerySet[Attendance]:
    return (
        member.attendances.filter(status=PRESENT, gathering__date__gte=start, gathering__date__lte=end)
        .select_related("gathering", "gathering__organization")
        .prefetch_related("gathering__kinds")
        .order_by("-gathering__date", "-pk")
    )


def members_without_activity(user, year: int, organization: Organization | None = None) -> QuerySet[Member]:
    """Members who attended nothing in `year`: an anti-join, so one query per page."""
    attended = Attendance.objects.filter(member=OuterRef("pk"), status=PRESENT, gathering__date__year=year)
    members = members_visible_to(user)
    if organization is not None:
        members = members.filter(access.subtree_filter(organization, prefix="organization__"))
    return (
        members.exclude(Exists(attended))
        .select_related("organization")
        .order_by("organization__path", "name_sort", "id")
    )


def absentee_list(user, params) -> tuple[AbsenteeFilter, QuerySet[Member]]:
    """Members who attended nothing in the year asked for (`?year=`, default this year), under an
    organization (`?organization=`): one the user cannot see is a 404; any other value the page
    cannot use shows nothing, its error on the filter's form."""
    absentee_filter = AbsenteeFilter(
        filtering.without_page(params) or None,
        queryset=members_visible_to(user),
        user=user,
        default_year=clock.today().year,
    )
    if absentee_filter.is_bound and not absentee_filter.is_valid():
        filtering.refuse_unseen_organization(absentee_filter)
        return absentee_filter, members_visible_to(user).none()
    members = members_without_activity(user, absentee_filter.year_shown, absentee_filter.organization_shown)
    return absentee_filter, filtering.sorted_rows(members, params, ABSENTEE_SORT)
