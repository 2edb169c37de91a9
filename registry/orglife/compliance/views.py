"""The compliance and participation pages (ORGLIFE.md §1): the grid of organizations × periods for a
kind of meeting, the organizations behind, the six-month work list, the committee's exemptions. Thin
views over the selectors (scope, reads) and the services (writes); each list exports what it shows.
Everyone with a role sees their scope; exemptions are granted and withdrawn by the committee office."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access, clock
from branches.downloads import file_response
from branches.filtering import page_of
from branches.form_views import form_view, saved
from registry.orglife.compliance import exports, participation, rules, selectors, services
from registry.orglife.compliance.forms import ExemptionForm


@require_GET
def compliance_grid(request):
    grid_filter, grid = selectors.compliance_grid(request.user, request.GET, clock.today())
    return render(
        request,
        "registry/orglife/compliance/grid.html",
        {
            "filter": grid_filter,
            "grid": grid,
            "page": page_of(request, grid["rows"]),
            "states": rules.CELL_STATES,
            "kinds": [(kind, selectors.Kind(kind).label) for kind in rules.OWED_KINDS],
        },
    )


@require_GET
def compliance_grid_export(request):
    _filter, grid = selectors.compliance_grid(request.user, request.GET, clock.today())
    content, file_name, fallback = exports.grid_workbook(request.user, grid, request.GET)
    return file_response(content, file_name, fallback=fallback)


@require_GET
def behind_list(request):
    behind_filter, rows = selectors.behind_list(request.user, request.GET, clock.today())
    return render(
        request,
        "registry/orglife/compliance/behind_list.html",
        {
            "filter": behind_filter,
            "page": page_of(request, rows),
            "masked": not access.sees_personal_data(request.user),
        },
    )


@require_GET
def behind_export(request):
    _filter, rows = selectors.behind_list(request.user, request.GET, clock.today())
    content, file_name, fallback = exports.behind_workbook(request.user, rows, request.GET)
    return file_response(content, file_name, fallback=fallback)


@require_GET
def without_life_list(request):
    today = clock.today()
    without_filter, members = participation.without_life_list(request.user, request.GET, today)
    return render(
        request,
        "registry/orglife/compliance/without_life_list.html",
        {
            "filter": without_filter,
            "page": page_of(request, members),
            "cutoff": rules.life_cutoff(today),
            "months": rules.WITHOUT_MONTHS,
            "masked": not access.sees_personal_data(request.user),
            "may_change": access.may_change_anything(request.user),
        },
    )


@require_GET
def without_life_export(request):
    _filter, members = participation.without_life_list(request.user, request.GET, clock.today())
    content, file_name, fallback = exports.without_life_workbook(request.user, members, request.GET)
    return file_response(content, file_name, fallback=fallback)


@require_GET
def exemption_list(request):
    exemption_filter, exemptions = selectors.exemption_list(request.user, request.GET)
    page = page_of(request, exemptions)
    selectors.with_periods(page.object_list)
    return render(
        request,
        "registry/orglife/compliance/exemption_list.html",
        {"filter": exemption_filter, "page": page, "may_grant": access.is_committee(request.user)},
    )


@require_GET
def exemption_export(request):
    _filter, exemptions = selectors.exemption_list(request.user, request.GET)
    content, file_name, fallback = exports.exemption_workbook(request.user, exemptions, request.GET)
    return file_response(content, file_name, fallback=fallback)


@require_http_methods(["GET", "POST"])
@access.committee_required
def exemption_create(request):
    organizations = selectors.organizations_to_excuse(request.user)
    initial = {"day": clock.today()}
    if request.method == "GET":
        for name in ("organization", "kind"):
            if request.GET.get(name):
                initial[name] = request.GET.get(name)
    form = ExemptionForm(request.POST or None, organizations=organizations, initial=initial)
    return form_view(
        request,
        form,
        save=lambda: services.exemption_grant(
            organization=form.cleaned_data["organization"],
            kind=form.cleaned_data["kind"],
            day=form.cleaned_data["day"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        ),
        done=lambda exemption: saved(
            request,
            _("%(organization)s is excused from the %(kind)s for %(period)s.")
            % {
                "organization": exemption.organization.name,
                "kind": selectors.Kind(exemption.kind).label,
                "period": selectors.with_periods([exemption])[0].period.label,
            },
            "registry:meeting_exemption_list",
        ),
        template="registry/orglife/compliance/exemption_form.html",
    )


@require_POST
@access.committee_required
def exemption_withdraw(request, pk):
    exemption = selectors.exemption_to_change(request.user, pk)
    services.exemption_withdraw(exemption=exemption, actor=request.user)
    return saved(request, _("The exemption was withdrawn: the period counts again."), "registry:meeting_exemption_list")
