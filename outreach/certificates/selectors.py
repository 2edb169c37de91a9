"""Every read of certificates and reverse issuance requests, scoped to the user's organizations.

A certificate or request belongs to the organization its member takes part in: a secretary sees
those of their own subtree only (branches.access), the committee and reviewers see all.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from branches import access, counting
from outreach import filtering
from outreach.certificates.filters import CertificateFilter, RequestFilter
from outreach.certificates.reviews import review_filter
from outreach.certificates.rules import NEEDS_CERTIFICATE, needs_certificate
from outreach.models import Certificate, CertificateReview, ReverseIssuanceRequest
from registry.members.history import history_entries
from registry.members.selectors import on_roster
from registry.models import Member

MEMBER_SCOPE = "member__organization__"


def certificates_visible_to(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(access.organization_scope(user, prefix=MEMBER_SCOPE), on_roster())


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


def filtered_certificates(user, params) -> tuple[CertificateFilter, QuerySet[Certificate]]:
    """The register as the list (and its export) shows it: scoped, then filtered through the
    FilterSet's form fields; an invalid filter shows nothing (its errors are on the form)."""
    return filtering.filtered(
        CertificateFilter(filtering.without_page(params) or None, queryset=certificate_list(user), user=user)
    )


def certificate_detail(user, pk) -> Certificate:
    """The certificate with its member, request and reviews; 404 outside the user's scope."""
    certificates = (
        certificates_visible_to(user)
        .select_related("member__organization", "reverse_issuance_request")
        .prefetch_related(Prefetch("reviews", queryset=CertificateReview.objects.order_by("-reviewed_on", "-id")))
        .annotate(review_anchor=Coalesce(Max("reviews__reviewed_on"), "issued_on"))
    )
    return get_object_or_404(certificates, pk=pk)


def reviews_of(certificate: Certificate) -> list[CertificateReview]:
    """The certificate's yearly reviews, newest first (prefetched by `certificate_detail`)."""
    return list(certificate.reviews.all())


def certificate_history(certificate: Certificate, *, show_personal_data: bool) -> list[dict]:
    """The certificate's changes and its reviews' (recorded by whom, when), newest first.
    A few queries per review; a certificate has one review a year."""
    entries = history_entries(certificate, show_personal_data=show_personal_data)
    for review in certificate.reviews.all():
        for entry in history_entries(review, show_personal_data=show_personal_data):
            entry["reason"] = _("yearly review of %(date)s") % {"date": review.reviewed_on.isoformat()}
            entries.append(entry)
    return sorted(entries, key=lambda entry: entry["when"], reverse=True)


def certificate_to_change(user, pk) -> Certificate:
    """404 outside what the user sees; 403 where they see but may not change (a reviewer)."""
    certificate = certificate_detail(user, pk)
    if not access.may_change_organization(user, certificate.member.organization):
        raise PermissionDenied
    return certificate


def changeable_members(user) -> QuerySet[Member]:
    """The members whose certificates and requests this user may record (looked up by ID number)."""
    return Member.objects.filter(organization__in=access.changeable_organizations(user))


def member_to_prefill(user, value) -> Member | None:
    """The member a form is opened for (`?member=<id>`), if the user may record for them; else None."""
    pk = filtering.id_from(value)
    if pk is None:
        return None
    return changeable_members(user).filter(pk=pk).first()


MISSING_SORT = {
    "name": "name",
    "organization": ("organization__path", "name"),
    "origin_organization": "origin_organization",
    "left_home": "left_home",
    "work_address": "work_address",
}


def missing_list(user, params) -> QuerySet[Member]:
    """members_without_certificate in the order of the column a person sorted by (`?sort=`)."""
    return filtering.sorted_rows(members_without_certificate(user), params, MISSING_SORT)


def members_without_certificate(user) -> QuerySet[Member]:
    """Registered mobile members (their membership stays at home) who hold no valid certificate,
    with the open reverse issuance request, if any, alongside."""
    valid = Certificate.objects.filter(member=OuterRef("pk"), ended_on__isnull=True)
    open_request = ReverseIssuanceRequest.objects.filter(
        member=OuterRef("pk"), state__in=ReverseIssuanceRequest.OPEN_STATES
    )
    return (
        Member.objects.filter(access.organization_scope(user))
        .filter(NEEDS_CERTIFICATE)
        .filter(~Exists(valid))
        .annotate(request_open=Exists(open_request))
        .select_related("organization", "enterprise")
        .order_by("organization__path", "name_sort", "id")
    )


def certificate_figures(user, today: datetime.date | None = None) -> dict:
    """The register's headline figures (a handful of queries, whatever the size)."""
    last_review = (
        CertificateReview.objects.filter(certificate=OuterRef("pk")).order_by("-reviewed_on").values("reviewed_on")[:1]
    )
    counts = (
        certificates_visible_to(user)
        .annotate(review_anchor=Coalesce(Subquery(last_review), "issued_on"))
        .aggregate(
            total=Count("id"),
            valid=Count("id", filter=Q(ended_on__isnull=True)),
            reverse=Count("id", filter=Q(issuance=Certificate.Issuance.REVERSE)),
            due=Count("id", filter=review_filter("due", today)),
            overdue=Count("id", filter=review_filter("overdue", today)),
        )
    )
    # Those without a certificate counted from the smaller side: the members who need one (the member index
    # alone) less the valid certificates of such members (one at most each: certificate_one_valid_per_member),
    # not a look for a certificate per member — the same count as members_without_certificate.
    found = counting.counts_of(
        needing=Member.objects.filter(access.organization_scope(user)).filter(NEEDS_CERTIFICATE),
        holding=certificates_visible_to(user).filter(needs_certificate(prefix="member__"), ended_on__isnull=True),
        open_requests=requests_visible_to(user).filter(state__in=ReverseIssuanceRequest.OPEN_STATES),
    )
    counts["missing"] = found["needing"] - found["holding"]
    counts["open_requests"] = found["open_requests"]
    return counts


# --- reverse issuance requests -----------------------------------------------------------------


def requests_visible_to(user) -> QuerySet[ReverseIssuanceRequest]:
    return ReverseIssuanceRequest.objects.filter(access.organization_scope(user, prefix=MEMBER_SCOPE), on_roster())


def request_list(user) -> QuerySet[ReverseIssuanceRequest]:
    return requests_visible_to(user).select_related("member__organization", "certificate").order_by("filed_on", "id")


def filtered_requests(user, params) -> tuple[RequestFilter, QuerySet[ReverseIssuanceRequest]]:
    """The requests as their list shows them; an invalid filter shows nothing (errors on the form)."""
    return filtering.filtered(
        RequestFilter(filtering.without_page(params) or None, queryset=request_list(user), user=user)
    )


def reverse_issued_count(user) -> int:
    """Certificates in the register that were issued through a reverse issuance request."""
    return certificates_visible_to(user).filter(issuance=Certificate.Issuance.REVERSE).count()


def request_counts_by_state(user) -> dict[str, int]:
    rows = requests_visible_to(user).values("state").annotate(n=Count("id")).order_by()
    counts = dict.fromkeys(ReverseIssuanceRequest.State.values, 0)
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def request_detail(user, pk) -> ReverseIssuanceRequest:
    """404 outside the user's scope."""
    return get_object_or_404(
        requests_visible_to(user).select_related("member__organization", "member__enterprise", "certificate"),
        pk=pk,
    )


def request_to_change(user, pk) -> ReverseIssuanceRequest:
    """404 outside what the user sees; 403 where they see but may not change (a reviewer)."""
    item = request_detail(user, pk)
    if not access.may_change_organization(user, item.member.organization):
        raise PermissionDenied
    return item


def member_certificates(user, member: Member) -> dict:
    """For the member's page: their certificates and reverse issuance requests (two queries)."""
    return {
        "certificates": list(certificates_visible_to(user).filter(member=member).order_by("-issued_on", "-id")),
        "requests": list(requests_visible_to(user).filter(member=member).order_by("-filed_on", "-id")),
    }
