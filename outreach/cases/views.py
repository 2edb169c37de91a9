"""The service ledger (服务台账): cases for members and enterprises, totals per kind and year."""

import copy

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from branches import access, clock
from branches.filtering import page_of
from branches.form_views import changes_saved, form_view, saved
from outreach.cases import selectors, services
from outreach.cases.forms import ServiceCaseForm
from outreach.models import ServiceCase
from registry.members.history import history_entries


@require_GET
def case_list(request):
    case_filter, cases = selectors.case_list(request.user, request.GET)
    return render(
        request,
        "outreach/contacts/case_list.html",
        {
            "filter": case_filter,
            "page": page_of(request, cases),
            "totals": selectors.case_totals(request.user),
            "state": request.GET.get("state", ""),
            "kind": request.GET.get("kind", ""),
            "year": request.GET.get("year", ""),
            "kinds": ServiceCase.Kind.choices,
            "may_change": access.may_change_anything(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def case_create(request):
    if request.method == "POST":
        access.refuse_posted_organization_out_of_scope(request)
        form = ServiceCaseForm(request.POST, user=request.user)
    else:
        initial = {"opened": clock.today(), "people_served": 1}
        if request.GET.get("member"):
            initial["member_id_number"] = request.GET["member"]
        form = ServiceCaseForm(user=request.user, initial=initial)
    return form_view(
        request,
        form,
        save=lambda: services.service_case_create(data=form.service_data(), actor=request.user),
        done=lambda case: saved(request, _("Case recorded in the service ledger."), "outreach:case_detail", pk=case.pk),
        template="outreach/contacts/case_form.html",
        context={"case": None},
    )


@require_GET
def case_detail(request, pk):
    case = selectors.case_detail(request.user, pk)
    return render(
        request,
        "outreach/contacts/case_detail.html",
        {
            "case": case,
            "may_change": access.may_change_organization(request.user, case.organization),
            "history": history_entries(case, show_personal_data=access.sees_personal_data(request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    case = selectors.case_to_change(request.user, pk)
    if request.method == "POST":
        access.refuse_posted_organization_out_of_scope(request)
        # The form validates a copy, so the service can still see what changed.
        form = ServiceCaseForm(request.POST, instance=copy.copy(case), user=request.user)
    else:
        form = ServiceCaseForm(instance=case, user=request.user)
    return form_view(
        request,
        form,
        save=lambda: services.service_case_update(
            case=case, data=form.service_data(), actor=request.user, version=form.read_version
        ),
        done=lambda changed: changes_saved(request, changed, _("Changes saved."), "outreach:case_detail", pk=case.pk),
        template="outreach/contacts/case_form.html",
        context={"case": case},
    )
