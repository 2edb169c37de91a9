"""The service ledger (服务台账): cases for members and enterprises, totals per kind and year."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from branches import access
from outreach.contacts import selectors, services
from outreach.contacts.forms import ServiceCaseForm
from outreach.contacts.views.common import add_service_errors, page_of, require_change, require_may_change
from outreach.models import ServiceCase
from registry.members.history import history_entries


def case_list(request):
    cases = selectors.cases_for(request.user)
    state = request.GET.get("state", "")
    if state == "open":
        cases = cases.filter(closed__isnull=True)
    elif state == "closed":
        cases = cases.filter(closed__isnull=False)
    kind = request.GET.get("kind", "")
    if kind in ServiceCase.Kind.values:
        cases = cases.filter(kind=kind)
    year = request.GET.get("year", "")
    if year.isdigit():
        cases = cases.filter(opened__year=int(year))
    return render(request, "outreach/contacts/case_list.html", {
        "page": page_of(request, cases),
        "totals": selectors.case_totals(request.user),
        "state": state, "kind": kind, "year": year,
        "kinds": ServiceCase.Kind.choices,
        "may_change": access.may_change_anything(request.user),
    })


def _refuse_out_of_scope_organization(request):
    organization_id = request.POST.get("organization")
    if organization_id and not (str(organization_id).isdigit() and access.changeable_organizations(request.user).filter(pk=organization_id).exists()):
        raise Http404


@require_http_methods(["GET", "POST"])
def case_create(request):
    require_may_change(request)
    if request.method == "POST":
        _refuse_out_of_scope_organization(request)
        form = ServiceCaseForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                case = services.service_case_create(data=form.service_data(), actor=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Case recorded in the service ledger."))
                return redirect("outreach:case_detail", pk=case.pk)
    else:
        initial = {"opened": selectors.today(), "people_served": 1}
        if request.GET.get("member"):
            initial["member_id_number"] = request.GET["member"]
        form = ServiceCaseForm(user=request.user, initial=initial)
    return render(request, "outreach/contacts/case_form.html", {"form": form, "case": None})


def case_detail(request, pk):
    case = get_object_or_404(selectors.cases_for(request.user), pk=pk)
    return render(request, "outreach/contacts/case_detail.html", {
        "case": case,
        "may_change": access.changeable_organizations(request.user).filter(pk=case.organization_id).exists(),
        "history": history_entries(case, show_personal_data=access.sees_personal_data(request.user)),
    })


@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    case = get_object_or_404(selectors.cases_for(request.user), pk=pk)
    require_change(request, case.organization_id)
    if request.method == "POST":
        _refuse_out_of_scope_organization(request)
        form = ServiceCaseForm(request.POST, instance=copy.copy(case), user=request.user)
        if form.is_valid():
            try:
                changed = services.service_case_update(case=case, data=form.service_data(), actor=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Changes saved.") if changed else _("Nothing was changed."))
                return redirect("outreach:case_detail", pk=case.pk)
    else:
        form = ServiceCaseForm(instance=case, user=request.user)
    return render(request, "outreach/contacts/case_form.html", {"form": form, "case": case})
