"""Every read of organizational life, already scoped to the user through `branches.access`: the
gatherings of the organizations they see, a meeting's attendance sheet, its attachments.

`expected_members(gathering)` answers who is expected at a gathering (ORGLIFE.md §1, "who is
expected"); the committees' room refines it for committee meetings once committees exist."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from branches import access
from branches.filtering import filtered, without_page
from registry.members.selectors import on_roster
from registry.models import Attendance, Gathering, GatheringAttachment, GatheringKind, Member
from registry.orglife.filters import GatheringFilter

# Beyond this many members expected, the meeting page does not list a line per member (a committee's
# lecture for everyone): the attendance comes from a sign-in sheet, and the page lists who is recorded.
MAX_SHEET_LINES = 300


def member_scope(user, prefix: str = "member__") -> Q:
    """Records of members the user sees, on the roster."""
    return access.organization_scope(user, prefix=f"{prefix}organization__") & on_roster(prefix)


def gatherings_for(user) -> QuerySet[Gathering]:
    """The gatherings of the organizations the user sees, each with its kinds, the number of members
    who took part (here or elsewhere: TOOK_PART, members the user sees on the roster) and its first
    kind (to sort by)."""
    took_part = (
        Attendance.objects.filter(gathering=OuterRef("pk"), status__in=Attendance.TOOK_PART)
        .filter(member_scope(user))
        .order_by()
        .values("gathering")
        .annotate(count=Count("pk"))
        .values("count")
    )
    first_kind = GatheringKind.objects.filter(gathering=OuterRef("pk")).order_by("kind").values("kind")[:1]
    return (
        Gathering.objects.filter(access.organization_scope(user))
        .select_related("organization", "chair", "recorder")
        .prefetch_related("kinds")
        .annotate(
            took_part_count=Coalesce(Subquery(took_part, output_field=IntegerField()), Value(0)),
            first_kind=Subquery(first_kind),
        )
        .order_by("-date", "-pk")
    )


def gathering_list(user, params) -> tuple[GatheringFilter, QuerySet[Gathering]]:
    """The meetings as the list (and its export) shows them: narrowed by organization (its subtree),
    kind and year, in the column clicked."""
    return filtered(GatheringFilter(without_page(params) or None, queryset=gatherings_for(user), user=user))


def gathering_detail(user, pk) -> Gathering:
    """404 outside what the user sees."""
    return get_object_or_404(gatherings_for(user), pk=pk)


def gathering_to_change(user, pk) -> Gathering:
    """404 outside what the user sees; 403 where they see it but may not change its organization's records."""
    gathering = gathering_detail(user, pk)
    if not access.may_change_organization(user, gathering.organization):
        raise PermissionDenied
    return gathering


def kinds_of(gathering: Gathering) -> list[GatheringKind]:
    """The gathering's kinds (the prefetched rows when there are), in the order of the kinds' table."""
    order = {code: index for index, code in enumerate(GatheringKind.Kind.values)}
    return sorted(gathering.kinds.all(), key=lambda row: order[row.kind])


def expected_members(gathering: Gathering) -> QuerySet[Member]:
    """The members expected at `gathering` (ORGLIFE.md §1): for now every member on the roster of
    its organization and the organizations below it (a party group's members also belong to its
    branch), whatever the kind. TO REFINE (registry/committees): a committee meeting expects the
    committee's members, a leadership meeting the committee's leadership."""
    return (
        Member.objects.filter(access.subtree_filter(gathering.organization, prefix="organization__"))
        .select_related("organization")
        .order_by("organization__path", "name_sort", "id")
    )


def attendances_of(user, gathering: Gathering) -> QuerySet[Attendance]:
    """The attendance recorded, members the user sees on the roster, in the roster's order."""
    return (
        gathering.attendances.filter(member_scope(user, prefix="member__"))
        .select_related("member", "member__organization")
        .order_by("member__organization__path", "member__name_sort", "pk")
    )


def attendance_sheet(user, gathering: Gathering) -> dict:
    """What the meeting page shows as its attendance sheet: a line per expected member with what is
    recorded (None where nothing is), then those recorded who are no longer expected (moved to
    another branch since); or, beyond MAX_SHEET_LINES expected, only those recorded (`complete` False).
    Two queries (three with the count)."""
    recorded = {attendance.member_id: attendance for attendance in attendances_of(user, gathering)}
    expected = expected_members(gathering).filter(member_scope(user, prefix=""))
    total = expected.count()
    complete = total <= MAX_SHEET_LINES
    lines = []
    if complete:
        for member in expected:
            lines.append((member, recorded.pop(member.pk, None)))
    lines += [(attendance.member, attendance) for attendance in recorded.values()]
    counts = dict.fromkeys(Attendance.Status.values, 0)
    for _member, attendance in lines:
        if attendance is not None:
            counts[attendance.status] += 1
    return {"lines": lines, "expected": total, "complete": complete, "counts": counts}


def sheet_members(user, gathering: Gathering, member_ids) -> dict[int, Member]:
    """The members a posted attendance sheet may name: expected at the gathering, or already recorded
    there; kept by the user (a secretary records only their subtree's). By id."""
    recorded = gathering.attendances.values("member_id")
    members = Member.objects.filter(Q(pk__in=expected_members(gathering).values("pk")) | Q(pk__in=recorded)).filter(
        organization__in=access.changeable_organizations(user), pk__in=list(member_ids)
    )
    return {member.pk: member for member in members}


def candidates_for(user, gathering: Gathering) -> QuerySet[Member]:
    """Members the user may name in the gathering's attendance (an outreach attendance sheet, the
    meeting's sign-in sheet): those they keep, and for a gathering below the committee, those of the
    gathering's organization's subtree."""
    members = Member.objects.filter(organization__in=access.changeable_organizations(user))
    if gathering.organization.level != gathering.organization.Level.COMMITTEE:
        members = members.filter(access.subtree_filter(gathering.organization, prefix="organization__"))
    return members.select_related("organization").order_by("organization__path", "name_sort", "id")


def attachments_of(gathering: Gathering) -> QuerySet[GatheringAttachment]:
    return gathering.attachments.select_related("uploaded_by").order_by("uploaded_at", "pk")


def attachment_for(user, gathering_pk, pk) -> GatheringAttachment:
    """An attachment of a gathering the user sees; 404 otherwise (as for a guessed URL)."""
    gathering = gathering_detail(user, gathering_pk)
    return get_object_or_404(gathering.attachments.all(), pk=pk)
