"""Every read of check-in and arrival: the link being opened, the queues (scoped), the member's
last confirmation."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from branches import access
from branches.filtering import id_from, sorted_rows
from branches.models import Organization
from registry.checkin import links
from registry.models import ArrivalSubmission, CheckinLink, CheckinSubmission, Decision, Member

DECIDED = (Decision.CONFIRMED, Decision.ACCEPTED, Decision.PARTLY, Decision.DECLINED, Decision.SUPERSEDED)


def link_to_open(signed: str) -> CheckinLink | None:
    """The live link behind `signed`, with its member; None when the signature is wrong, the token
    unknown, revoked or expired, or the member no longer on the roster — one answer for all, so
    the page says nothing about which."""
    found = links.read_signed(signed)
    if found is None:
        return None
    member_id, token = found
    return (
        CheckinLink.objects.select_related("member__organization", "member__enterprise")
        .filter(
            token_hash=links.token_hash(token),
            member_id=member_id,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            member__left_on__isnull=True,
        )
        .first()
    )


def organization_for_arrival(code: str) -> Organization | None:
    organization_id = links.read_arrival_code(code)
    if organization_id is None:
        return None
    return Organization.objects.filter(pk=organization_id).first()


def member_for_link(user, pk) -> Member:
    """The member a link is made for: in the user's scope and changeable by them."""
    member = get_object_or_404(
        Member.objects.filter(access.organization_scope(user)).select_related("organization"), pk=pk
    )
    if not access.may_change_organization(user, member.organization):
        raise PermissionDenied
    return member


def members_for_links(user, organization_pk) -> tuple[Organization, QuerySet[Member]]:
    """Staff making links for a whole organization (and those below it) at once."""
    organization = get_object_or_404(access.changeable_organizations(user), pk=id_from(organization_pk))
    members = Member.objects.filter(access.subtree_filter(organization, prefix="organization__")).select_related(
        "organization"
    )
    return organization, members.order_by("organization__path", "name_sort", "id")


def changeable_organization(user, pk) -> Organization:
    return get_object_or_404(access.changeable_organizations(user), pk=pk)


def submission_queue(user) -> QuerySet[CheckinSubmission]:
    return (
        CheckinSubmission.objects.filter(
            access.organization_scope(user, prefix="member__organization__"),
            state=Decision.PENDING,
            member__left_on__isnull=True,
        )
        .select_related("member__organization")
        .order_by("submitted_at", "id")
    )


# The columns a person may sort the two queues by (`?sort=`): one sort for both tables.
SUBMISSION_SORT = {
    "name": "member__name",
    "organization": ("member__organization__path", "member__name"),
    "submitted": "submitted_at",
}
ARRIVAL_SORT = {
    "name": "name",
    "id_number": "id_number",
    "organization": ("organization__path", "name"),
    "submitted": "submitted_at",
}


def queues(user, params) -> dict[str, QuerySet]:
    """The corrections and the arrivals waiting, in the order of the column sorted by (oldest first
    otherwise)."""
    return {
        "submissions": sorted_rows(submission_queue(user), params, SUBMISSION_SORT),
        "arrivals": sorted_rows(arrival_queue(user), params, ARRIVAL_SORT),
    }


def recent_decisions(user, limit: int = 20) -> list[CheckinSubmission]:
    return list(
        CheckinSubmission.objects.filter(
            access.organization_scope(user, prefix="member__organization__"), state__in=DECIDED
        )
        .select_related("member__organization", "decided_by")
        .order_by("-submitted_at", "-id")[:limit]
    )


def submission_to_decide(user, pk) -> CheckinSubmission:
    submission = get_object_or_404(
        CheckinSubmission.objects.filter(
            access.organization_scope(user, prefix="member__organization__"), member__left_on__isnull=True
        ).select_related("member__organization", "decided_by"),
        pk=pk,
    )
    if not access.may_change_organization(user, submission.member.organization):
        raise PermissionDenied
    return submission


def last_confirmed(member: Member):
    """When the member last sent their check-in (confirmed or corrected), or None."""
    return (
        CheckinSubmission.objects.filter(member=member)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )


def arrival_queue(user) -> QuerySet[ArrivalSubmission]:
    return (
        ArrivalSubmission.objects.filter(access.organization_scope(user), state=Decision.PENDING)
        .select_related("organization")
        .order_by("submitted_at", "id")
    )


def arrivals_already_registered(user, limit: int = 50) -> list[ArrivalSubmission]:
    """For the committee office only: registrations of people already on the roster, with where
    (those waiting in a branch's queue, marked there, and the older ones kept for the office alone)."""
    if not access.is_committee(user):
        return []
    return list(
        ArrivalSubmission.objects.filter(access.organization_scope(user), existing_member__isnull=False)
        .select_related("organization", "existing_member__organization")
        .order_by("-submitted_at", "-id")[:limit]
    )


def arrival_to_decide(user, pk) -> ArrivalSubmission:
    submission = get_object_or_404(
        ArrivalSubmission.objects.filter(access.organization_scope(user)).select_related("organization"),
        pk=pk,
    )
    if not access.may_change_organization(user, submission.organization):
        raise PermissionDenied
    return submission
