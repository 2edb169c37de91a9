"""Every read of certificates and reverse issuance requests, scoped to the user's organizations.

A certificate or request belongs to the organization its member takes part in: a secretary sees
those of their own subtree only (branches.access), the committee and reviewers see all.
"""

import datetime

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from branches import access
from outreach.models import Certificate, CertificateReview, ReverseIssuanceRequest
from outreach.models.certificates import REVIEW_DUE_WITHIN_DAYS, REVIEW_INTERVAL_DAYS
from registry.models import Member

MEMBER_SCOPE = "member__organization__"


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def review_thresholds(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """(overdue_before, due_before): a certificate last reviewed (or issued) before the first date is
    overdue; before the second, due within REVIEW_DUE_WITHIN_DAYS days."""
    overdue_before = _today(today) - datetime.timedelta(days=REVIEW_INTERVAL_DAYS)
    return overdue_before, overdue_before + datetime.timedelta(days=REVIEW_DUE_WITHIN_DAYS)


def certificates_visible_to(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(access.organization_scope(user, prefix=MEMBER_SCOPE))


def certificate_list(user) -> QuerySet[Certificate]:
    """The register with what its columns and review badges need, in one query."""
    return (
        certificates_visible_to(user)
        .select_related("member__organization")
        .annotate(
            last_reviewed=Max("reviews__reviewed_on"),
            review_anchor=Coalesce(Max("reviews__reviewed_on"), "issued_on"),
        )
        .order_by("-issued_on", "-id")
    )


def with_review_state(certificates, today: datetime.date | None = None):
    """Marks each (annotated) certificate with `review_state`: "overdue", "due", "ok" or "" (ended)."""
    overdue_before, due_before = review_thresholds(today)
    for certificate in certificates:
        if not certificate.is_valid:
            certificate.review_state = ""
        elif certificate.review_anchor < overdue_before:
            certificate.review_state = "overdue"
        elif certificate.review_anchor < due_before:
            certificate.review_state = "due"
        else:
            certificate.review_state = "ok"
        certificate.next_review = certificate.review_anchor + datetime.timedelta(days=REVIEW_INTERVAL_DAYS)
    return certificates


def review_filter(state: str, today: datetime.date | None = None) -> Q:
    """For a queryset from `certificate_list`: valid certificates whose yearly review is due or overdue."""
    overdue_before, due_before = review_thresholds(today)
    if state == "overdue":
        return Q(ended_on__isnull=True, review_anchor__lt=overdue_before)
    if state == "due":
        return Q(ended_on__isnull=True, review_anchor__gte=overdue_before, review_anchor__lt=due_before)
    return Q()


def certificate_detail(user) -> QuerySet[Certificate]:
    return certificates_visible_to(user).select_related("member__organization", "reverse_issuance_request").prefetch_related(
        Prefetch("reviews", queryset=CertificateReview.objects.order_by("-reviewed_on", "-id"))
    ).annotate(review_anchor=Coalesce(Max("reviews__reviewed_on"), "issued_on"))


def members_without_certificate(user) -> QuerySet[Member]:
    """Registered mobile members (their membership stays at home) who hold no valid certificate,
    with the open reverse issuance request, if any, alongside."""
    valid = Certificate.objects.filter(member=OuterRef("pk"), ended_on__isnull=True)
    open_request = ReverseIssuanceRequest.objects.filter(
        member=OuterRef("pk"), state__in=ReverseIssuanceRequest.OPEN_STATES
    )
    return (
        Member.objects.filter(access.organization_scope(user))
        .filter(category=Member.Category.REGISTERED_MOBILE)
        .filter(~Exists(valid))
        .annotate(request_open=Exists(open_request))
        .select_related("organization", "enterprise")
        .order_by("organization__path", "name", "id")
    )


def certificate_figures(user, today: datetime.date | None = None) -> dict:
    """The register's headline figures (a handful of queries, whatever the size)."""
    last_review = CertificateReview.objects.filter(certificate=OuterRef("pk")).order_by("-reviewed_on").values("reviewed_on")[:1]
    counts = certificates_visible_to(user).annotate(
        review_anchor=Coalesce(Subquery(last_review), "issued_on")
    ).aggregate(
        total=Count("id"),
        valid=Count("id", filter=Q(ended_on__isnull=True)),
        reverse=Count("id", filter=Q(issuance=Certificate.Issuance.REVERSE)),
        due=Count("id", filter=review_filter("due", today)),
        overdue=Count("id", filter=review_filter("overdue", today)),
    )
    counts["missing"] = members_without_certificate(user).count()
    counts["open_requests"] = requests_visible_to(user).filter(state__in=ReverseIssuanceRequest.OPEN_STATES).count()
    return counts


# --- reverse issuance requests -----------------------------------------------------------------

def requests_visible_to(user) -> QuerySet[ReverseIssuanceRequest]:
    return ReverseIssuanceRequest.objects.filter(access.organization_scope(user, prefix=MEMBER_SCOPE))


def request_list(user) -> QuerySet[ReverseIssuanceRequest]:
    return requests_visible_to(user).select_related("member__organization", "certificate").order_by("filed_on", "id")


def request_counts_by_state(user) -> dict[str, int]:
    rows = requests_visible_to(user).values("state").annotate(n=Count("id")).order_by()
    counts = {state: 0 for state in ReverseIssuanceRequest.State.values}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def request_detail(user) -> QuerySet[ReverseIssuanceRequest]:
    return requests_visible_to(user).select_related("member__organization", "member__enterprise", "certificate")


def member_certificates(user, member: Member) -> dict:
    """For the member's page: their certificates and reverse issuance requests (two queries)."""
    return {
        "certificates": list(certificates_visible_to(user).filter(member=member).order_by("-issued_on", "-id")),
        "requests": list(requests_visible_to(user).filter(member=member).order_by("-filed_on", "-id")),
    }
