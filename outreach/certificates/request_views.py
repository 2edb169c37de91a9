"""Reverse issuance (反向发证): file the application, print it as a request to the home organization,
record when it was sent, verified, and the certificate issued — or refused, with the reason."""

import copy

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access, clock
from branches.downloads import PDF, file_response
from branches.filtering import page_of
from branches.form_views import form_view, saved
from branches.steps import Step, steps_by_name
from outreach.certificates import selectors, services
from outreach.certificates.forms import IssuedForm, RefuseForm, RequestForm, SentForm, VerifiedForm
from outreach.committee import committee_over
from outreach.models import ReverseIssuanceRequest
from printing.pdf import render_pdf
from registry.exports.workbooks import log_export
from registry.members import masking
from registry.members.history import history_entries

State = ReverseIssuanceRequest.State

RECORDED = gettext_lazy("Recorded: %(state)s.")  # the state the request is in after the step


def _in(*states):
    return lambda item: item.state in states


def _writes(service):
    """The step's apply: the service, given the request and the form's cleaned data."""
    return lambda item, data, form, actor: service(request=item, actor=actor, **data)


# Each step: its name in the URL, the state it leads to, the form that records it, the service that
# writes it, the message, and the states it applies to (branches.steps).
STEPS = steps_by_name(
    Step("sent", State.SENT.label, SentForm, _writes(services.request_mark_sent), RECORDED, _in(State.FILLED)),
    Step(
        "verified",
        State.VERIFIED.label,
        VerifiedForm,
        _writes(services.request_mark_verified),
        RECORDED,
        _in(State.SENT),
    ),
    Step(
        "issued",
        State.ISSUED.label,
        IssuedForm,
        _writes(services.request_mark_issued),
        RECORDED,
        _in(State.SENT, State.VERIFIED),
    ),
    Step(
        "refused",
        State.REFUSED.label,
        RefuseForm,
        _writes(services.request_refuse),
        RECORDED,
        _in(State.SENT, State.VERIFIED),
    ),
)


@require_GET
def request_list(request):
    request_filter, requests = selectors.filtered_requests(request.user, request.GET)
    page = page_of(request, requests)
    today = clock.today()
    for item in page.object_list:
        item.waited = item.waiting_days(today)
    counts = selectors.request_counts_by_state(request.user)
    return render(
        request,
        "outreach/certificates/request_list.html",
        {
            "filter": request_filter,
            "page": page,
            "counts": counts,
            "states": [(state, label, counts[state]) for state, label in State.choices],
            "issued_this_way": selectors.reverse_issued_count(request.user),
            "may_add": access.may_change_anything(request.user),
        },
    )


def _initial_step_forms(item):
    today = clock.today()
    return {
        "sent": SentForm(initial={"sent_on": today}),
        "verified": VerifiedForm(initial={"verified_on": today}),
        "issued": IssuedForm(initial={"issued_on": today}),
        "refused": RefuseForm(initial={"refused_on": today}),
    }


def _detail(request, item, *, forms=None):
    step_forms = {**_initial_step_forms(item), **(forms or {})}
    changeable = access.may_change_organization(request.user, item.member.organization)
    return render(
        request,
        "outreach/certificates/request_detail.html",
        {
            "item": item,
            "waited": item.waiting_days(),
            "may_change": changeable,
            "steps": {name: step_forms[name] for name, step in STEPS.items() if changeable and step.available(item)},
            "history": history_entries(item, show_personal_data=access.sees_personal_data(request.user)),
        },
    )


@require_GET
def request_detail(request, pk):
    return _detail(request, selectors.request_detail(request.user, pk))


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def request_create(request):
    members = selectors.changeable_members(request.user)
    if request.method == "POST":
        form = RequestForm(request.POST, members=members)
    else:
        initial = {"filed_on": clock.today()}
        member = selectors.member_to_prefill(request.user, request.GET.get("member"))
        if member is not None:
            initial = {
                **initial,
                "member": member.id_number,
                "home_organization": member.origin_organization,
                "home_address": member.origin_address,
                "destination": member.work_address,
                "left_on": member.left_home,
            }
        form = RequestForm(members=members, initial=initial)
    return form_view(
        request,
        form,
        save=lambda: services.request_create(data=form.service_data(), actor=request.user),
        done=lambda item: saved(
            request,
            _("Application filled in for %(name)s. Print it and send it to %(home)s.")
            % {"name": item.member.name, "home": item.home_organization},
            "certificates:request_detail",
            pk=item.pk,
        ),
        template="outreach/certificates/request_form.html",
        context={"item": None},
    )


@require_http_methods(["GET", "POST"])
def request_edit(request, pk):
    item = selectors.request_to_change(request.user, pk)
    if item.state != State.FILLED:
        messages.error(request, _("The application has been sent: it can no longer be changed."))
        return redirect("certificates:request_detail", pk=item.pk)
    form = (
        RequestForm(request.POST, instance=copy.copy(item)) if request.method == "POST" else RequestForm(instance=item)
    )
    return form_view(
        request,
        form,
        save=lambda: services.request_update(
            request=item, data=form.service_data(), actor=request.user, version=form.read_version
        ),
        done=lambda changed: saved(
            request,
            _("Changes saved.") if changed else _("Nothing was changed."),
            "certificates:request_detail",
            pk=item.pk,
        ),
        template="outreach/certificates/request_form.html",
        context={"item": item},
    )


@require_POST
def request_step(request, pk, step):
    """Records one step (sent, verified, issued, refused); a wrong one re-shows the page with the message."""
    if step not in STEPS:
        raise Http404
    item = selectors.request_to_change(request.user, pk)
    found = STEPS[step]
    form = found.form(request.POST)
    recorded = copy.copy(item)  # the service moves it on (verified with a number: issued too)
    return form_view(
        request,
        form,
        save=lambda: found.apply(recorded, form.cleaned_data, form, request.user),
        done=lambda _result: saved(
            request, found.done % {"state": recorded.get_state_display()}, "certificates:request_detail", pk=item.pk
        ),
        page=lambda form: _detail(request, item, forms={step: form}),
    )


@require_GET
def request_pdf(request, pk):
    """The request to the home organization, with the filled-in application, on A4."""
    item = selectors.request_detail(request.user, pk)
    content = render_pdf(
        "outreach/certificates/request_pdf.html",
        {
            "item": item,
            "member": item.member,
            "committee": committee_over(item.member.organization),
            "today": clock.today(),
        },
        request=request,
        mask=masking.paper_mask(request.user),
    )
    file_name = f"反向发证函_{item.member.name}_{item.filed_on:%Y%m%d}.pdf"
    log_export(user=request.user, kind="reverse_request", filters={"request": item.pk}, rows=1, file_name=file_name)
    return file_response(
        content,
        file_name,
        fallback=f"reverse-issuance-request-{item.pk}-{item.filed_on:%Y%m%d}",
        content_type=PDF,
        inline=True,
    )
