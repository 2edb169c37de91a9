"""The certificate register: list (official columns), export, members without a certificate,
detail with yearly reviews and history, record / edit / end, the application as PDF.

Thin views: reads through the selectors (scoped: a guessed URL out of scope is a 404), writes
through the services (POST only), forms with messages for people.
"""

import copy

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access
from outreach.certificates import exports, selectors, services
from outreach.certificates.filters import CertificateFilter
from outreach.certificates.forms import CertificateForm, EndForm, ReviewForm, add_service_errors
from outreach.committee import committee_of_record
from outreach.pdf import pdf_response, render_pdf
from registry.members.history import history_entries
from registry.models import Member


def changeable_members(user):
    """The members whose certificates and requests this user may record."""
    return Member.objects.filter(organization__in=access.changeable_organizations(user))


def may_change(user, member) -> bool:
    return access.changeable_organizations(user).filter(pk=member.organization_id).exists()


def _require_change(user, member) -> None:
    if not may_change(user, member):
        raise PermissionDenied


def filtered_certificates(request):
    """The register as the list shows it: scoped, then filtered (an invalid filter shows nothing)."""
    params = request.GET.copy()
    params.pop("page", None)
    certificate_filter = CertificateFilter(params or None, queryset=selectors.certificate_list(request.user), user=request.user)
    if not certificate_filter.is_bound:
        return certificate_filter, certificate_filter.queryset
    if not certificate_filter.is_valid():
        return certificate_filter, certificate_filter.queryset.none()
    return certificate_filter, certificate_filter.qs


@require_GET
def certificate_list(request):
    certificate_filter, certificates = filtered_certificates(request)
    page = Paginator(certificates, settings.REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.with_review_state(page.object_list)
    return render(request, "outreach/certificates/certificate_list.html", {
        "filter": certificate_filter, "page": page, "figures": selectors.certificate_figures(request.user),
        "may_add": access.may_change_anything(request.user), "official_headers": exports.OFFICIAL_HEADERS,
    })


@require_GET
def certificate_export(request):
    certificate_filter, certificates = filtered_certificates(request)
    filters = {key: value for key, value in request.GET.items() if key != "page" and value}
    return exports.certificate_export_response(request, certificates, filters)


@require_GET
def missing_list(request):
    """Registered mobile members who should hold a certificate and hold none valid."""
    members = selectors.members_without_certificate(request.user)
    page = Paginator(members, settings.REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outreach/certificates/missing_list.html", {
        "page": page, "may_add": access.may_change_anything(request.user),
    })


@require_GET
def certificate_detail(request, pk):
    certificate = get_object_or_404(selectors.certificate_detail(request.user), pk=pk)
    selectors.with_review_state([certificate])
    changeable = may_change(request.user, certificate.member)
    return _detail(request, certificate, changeable)


def _detail(request, certificate, changeable, *, review_form=None, end_form=None, status=200):
    return render(request, "outreach/certificates/certificate_detail.html", {
        "certificate": certificate,
        "reviews": list(certificate.reviews.all()),
        "may_change": changeable,
        "review_form": review_form or ReviewForm(initial={
            "reviewed_on": timezone.localdate(), "reviewed_by": certificate.member.organization.name}),
        "end_form": end_form or EndForm(initial={"ended_on": timezone.localdate()}),
        "history": certificate_history(certificate, show_personal_data=access.sees_personal_data(request.user)),
    }, status=status)


def certificate_history(certificate, *, show_personal_data: bool) -> list[dict]:
    """The certificate's changes and its reviews' (recorded by whom, when), newest first.
    A few queries per review; a certificate has one review a year."""
    entries = history_entries(certificate, show_personal_data=show_personal_data)
    for review in certificate.reviews.all():
        for entry in history_entries(review, show_personal_data=show_personal_data):
            entry["reason"] = _("yearly review of %(date)s") % {"date": review.reviewed_on.isoformat()}
            entries.append(entry)
    return sorted(entries, key=lambda entry: entry["when"], reverse=True)


@require_http_methods(["GET", "POST"])
def certificate_create(request):
    if not access.may_change_anything(request.user):
        raise PermissionDenied
    members = changeable_members(request.user)
    if request.method == "POST":
        form = CertificateForm(request.POST, members=members)
        if form.is_valid():
            try:
                certificate = services.certificate_create(data=form.service_data(), actor=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Certificate %(number)s recorded.") % {"number": certificate.number})
                return redirect("certificates:certificate_detail", pk=certificate.pk)
    else:
        initial = {"issued_on": timezone.localdate()}
        member_pk = request.GET.get("member", "")
        member = members.filter(pk=member_pk).first() if member_pk.isdigit() else None
        if member is not None:
            initial.update({"member": member.id_number, "issuing_organization": member.origin_organization,
                            "destination": member.work_address, "left_on": member.left_home})
        form = CertificateForm(members=members, initial=initial)
    return render(request, "outreach/certificates/certificate_form.html", {"form": form, "certificate": None})


@require_http_methods(["GET", "POST"])
def certificate_edit(request, pk):
    certificate = get_object_or_404(selectors.certificate_detail(request.user), pk=pk)
    _require_change(request.user, certificate.member)
    if request.method == "POST":
        form = CertificateForm(request.POST, instance=copy.copy(certificate))
        if form.is_valid():
            try:
                changed = services.certificate_update(certificate=certificate, data=form.service_data(), actor=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if changed:
                    messages.success(request, _("Changes to certificate %(number)s saved.") % {"number": certificate.number})
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect("certificates:certificate_detail", pk=certificate.pk)
    else:
        form = CertificateForm(instance=certificate)
    return render(request, "outreach/certificates/certificate_form.html", {"form": form, "certificate": certificate})


@require_POST
def review_add(request, pk):
    certificate = get_object_or_404(selectors.certificate_detail(request.user), pk=pk)
    _require_change(request.user, certificate.member)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_add(certificate=certificate, data=form.cleaned_data, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Review recorded."))
            return redirect("certificates:certificate_detail", pk=certificate.pk)
    selectors.with_review_state([certificate])
    return _detail(request, certificate, True, review_form=form)


@require_POST
def certificate_end(request, pk):
    certificate = get_object_or_404(selectors.certificate_detail(request.user), pk=pk)
    _require_change(request.user, certificate.member)
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_end(certificate=copy.copy(certificate), actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Certificate %(number)s ended.") % {"number": certificate.number})
            return redirect("certificates:certificate_detail", pk=certificate.pk)
    selectors.with_review_state([certificate])
    return _detail(request, certificate, True, end_form=form)


@require_GET
def certificate_application_pdf(request, pk):
    """The certificate's application form (流动党员活动证 申请表) on A4."""
    certificate = get_object_or_404(selectors.certificate_detail(request.user), pk=pk)
    content = render_pdf("outreach/certificates/application_pdf.html", {
        "certificate": certificate, "member": certificate.member, "committee": committee_of_record(),
        "show_personal_data": access.sees_personal_data(request.user), "today": timezone.localdate(),
    }, request=request)
    return pdf_response(content, f"活动证申请表_{certificate.member.name}_{certificate.number}.pdf")
