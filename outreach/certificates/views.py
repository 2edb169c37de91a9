"""The certificate register: list (official columns), export, members without a certificate,
detail with yearly reviews and history, record / edit / end, the application as PDF.

Thin views: reads through the selectors (scoped: a guessed URL out of scope is a 404), writes
through the services (POST only), forms with messages for people.
"""

import copy

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access, clock
from branches.downloads import PDF, file_response
from branches.filtering import page_of
from branches.form_views import changes_saved, form_view, saved
from outreach.certificates import exports, selectors, services
from outreach.certificates.forms import CertificateForm, EndForm, ReviewForm
from outreach.certificates.reviews import with_review_state
from outreach.committee import committee_over
from printing.pdf import render_pdf
from registry.exports.workbooks import log_export
from registry.members import masking


@require_GET
def certificate_list(request):
    certificate_filter, certificates = selectors.filtered_certificates(request.user, request.GET)
    page = page_of(request, certificates)
    with_review_state(page.object_list)
    return render(
        request,
        "outreach/certificates/certificate_list.html",
        {
            "filter": certificate_filter,
            "page": page,
            "figures": selectors.certificate_figures(request.user),
            "may_add": access.may_change_anything(request.user),
            "official_headers": exports.OFFICIAL_HEADERS,
        },
    )


@require_GET
def certificate_export(request):
    _certificate_filter, certificates = selectors.filtered_certificates(request.user, request.GET)
    filters = {key: value for key, value in request.GET.items() if key != "page" and value}
    return exports.certificate_export_response(request, certificates, filters)


@require_GET
def missing_list(request):
    """Registered mobile members who should hold a certificate and hold none valid."""
    members = selectors.missing_list(request.user, request.GET)
    page = page_of(request, members)
    return render(
        request,
        "outreach/certificates/missing_list.html",
        {
            "page": page,
            "may_add": access.may_change_anything(request.user),
        },
    )


@require_GET
def certificate_detail(request, pk):
    certificate = selectors.certificate_detail(request.user, pk)
    with_review_state([certificate])
    changeable = access.may_change_organization(request.user, certificate.member.organization)
    return _detail(request, certificate, changeable)


def _detail_again(request, certificate, **forms):
    """The certificate's page again after a refused review or end, with the form as sent."""
    with_review_state([certificate])
    return _detail(request, certificate, True, **forms)


def _detail(request, certificate, changeable, *, review_form=None, end_form=None):
    return render(
        request,
        "outreach/certificates/certificate_detail.html",
        {
            "certificate": certificate,
            "reviews": selectors.reviews_of(certificate),
            "may_change": changeable,
            "review_form": review_form
            or ReviewForm(initial={"reviewed_on": clock.today(), "reviewed_by": certificate.member.organization.name}),
            "end_form": end_form or EndForm(initial={"ended_on": clock.today()}),
            "history": selectors.certificate_history(
                certificate, show_personal_data=access.sees_personal_data(request.user)
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def certificate_create(request):
    members = selectors.changeable_members(request.user)
    if request.method == "POST":
        form = CertificateForm(request.POST, members=members)
    else:
        initial = {"issued_on": clock.today()}
        member = selectors.member_to_prefill(request.user, request.GET.get("member"))
        if member is not None:
            initial = {
                **initial,
                "member": member.id_number,
                "issuing_organization": member.origin_organization,
                "destination": member.work_address,
                "left_on": member.left_home,
            }
        form = CertificateForm(members=members, initial=initial)
    return form_view(
        request,
        form,
        save=lambda: services.certificate_create(data=form.service_data(), actor=request.user),
        done=lambda certificate: saved(
            request,
            _("Certificate %(number)s recorded.") % {"number": certificate.number},
            "certificates:certificate_detail",
            pk=certificate.pk,
        ),
        template="outreach/certificates/certificate_form.html",
        context={"certificate": None},
    )


@require_http_methods(["GET", "POST"])
def certificate_edit(request, pk):
    certificate = selectors.certificate_to_change(request.user, pk)
    if request.method == "POST":
        form = CertificateForm(request.POST, instance=copy.copy(certificate))
    else:
        form = CertificateForm(instance=certificate)
    return form_view(
        request,
        form,
        save=lambda: services.certificate_update(
            certificate=certificate, data=form.service_data(), actor=request.user, version=form.read_version
        ),
        done=lambda changed: changes_saved(
            request,
            changed,
            _("Changes to certificate %(number)s saved.") % {"number": certificate.number},
            "certificates:certificate_detail",
            pk=certificate.pk,
        ),
        template="outreach/certificates/certificate_form.html",
        context={"certificate": certificate},
    )


@require_POST
def review_add(request, pk):
    certificate = selectors.certificate_to_change(request.user, pk)
    form = ReviewForm(request.POST)
    return form_view(
        request,
        form,
        save=lambda: services.review_add(certificate=certificate, data=form.cleaned_data, actor=request.user),
        done=lambda _review: saved(
            request, _("Review recorded."), "certificates:certificate_detail", pk=certificate.pk
        ),
        page=lambda form: _detail_again(request, certificate, review_form=form),
    )


@require_POST
def certificate_end(request, pk):
    certificate = selectors.certificate_to_change(request.user, pk)
    form = EndForm(request.POST)
    return form_view(
        request,
        form,
        save=lambda: services.certificate_end(
            certificate=copy.copy(certificate), actor=request.user, **form.cleaned_data
        ),
        done=lambda _ended: saved(
            request,
            _("Certificate %(number)s ended.") % {"number": certificate.number},
            "certificates:certificate_detail",
            pk=certificate.pk,
        ),
        page=lambda form: _detail_again(request, certificate, end_form=form),
    )


@require_GET
def certificate_application_pdf(request, pk):
    """The certificate's application form (流动党员活动证 申请表) on A4."""
    certificate = selectors.certificate_detail(request.user, pk)
    content = render_pdf(
        "outreach/certificates/application_pdf.html",
        {
            "certificate": certificate,
            "member": certificate.member,
            "committee": committee_over(certificate.member.organization),
            "today": clock.today(),
        },
        request=request,
        mask=masking.paper_mask(request.user),
    )
    file_name = f"活动证申请表_{certificate.member.name}_{certificate.number}.pdf"
    log_export(
        user=request.user, kind="application_form", filters={"certificate": certificate.pk}, rows=1, file_name=file_name
    )
    return file_response(
        content, file_name, fallback=f"certificate-application-{certificate.number}", content_type=PDF, inline=True
    )
