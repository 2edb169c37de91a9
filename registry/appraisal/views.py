"""The appraisal's pages: the rounds per organization and year (a list, a new round, a round's page with
its results, its days), the grading of a round in one form, and the results list with its export.
Thin views over the selectors (scope, reads) and the services (writes): everyone sees the rounds of
their scope (reviewers with ID numbers masked); the committee office and the round's secretary change them."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from branches import access
from branches.downloads import file_response
from branches.filtering import id_from, page_of
from branches.form_views import changes_saved, form_view, saved
from registry.appraisal import exports, rules, selectors, services
from registry.appraisal.forms import GradingForm, RoundCreateForm, RoundForm
from registry.members.history import history_entries


@require_GET
def round_list(request):
    round_filter, rounds = selectors.round_list(request.user, request.GET)
    return render(
        request,
        "registry/appraisal/round_list.html",
        {
            "filter": round_filter,
            "page": page_of(request, rounds),
            "may_change": access.may_change_anything(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def round_create(request):
    organizations = selectors.organizations_for_rounds(request.user)
    if request.method == "POST":
        access.refuse_posted_organization_out_of_scope(request)
        form = RoundCreateForm(request.POST, organizations=organizations)
    else:
        initial = {}
        organization_pk = id_from(request.GET.get("organization"))
        if organization_pk is not None and access.may_change_organization(request.user, organization_pk):
            initial["organization"] = organization_pk
        form = RoundCreateForm(organizations=organizations, initial=initial)
    return form_view(
        request,
        form,
        save=lambda: services.round_create(
            organization=form.cleaned_data["organization"], data=form.service_data(), actor=request.user
        ),
        done=lambda appraisal_round: saved(
            request,
            _("The appraisal of %(year)d is recorded: grade its members now.") % {"year": appraisal_round.year},
            "registry:appraisal_grade",
            pk=appraisal_round.pk,
        ),
        template="registry/appraisal/round_form.html",
        context={"appraisal_round": None},
    )


@require_GET
def round_detail(request, pk):
    appraisal_round = selectors.round_detail(request.user, pk)
    participants = selectors.participants(appraisal_round)
    return render(
        request,
        "registry/appraisal/round_detail.html",
        {
            "appraisal_round": appraisal_round,
            "participants": participants,
            "cap": rules.excellent_cap(sum(1 for row in participants if row.result and not row.probationary)),
            "may_change": access.may_change_organization(request.user, appraisal_round.organization),
            "history": history_entries(appraisal_round, show_personal_data=access.sees_personal_data(request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    appraisal_round = selectors.round_to_change(request.user, pk)
    form = RoundForm(request.POST or None, instance=appraisal_round)
    return form_view(
        request,
        form,
        save=lambda: services.round_update(
            appraisal_round=appraisal_round, data=form.round_data(), actor=request.user, version=form.read_version
        ),
        done=lambda changed: changes_saved(
            request, changed, _("Changes saved."), "registry:appraisal_detail", pk=appraisal_round.pk
        ),
        template="registry/appraisal/round_form.html",
        context={"appraisal_round": appraisal_round},
    )


@require_http_methods(["GET", "POST"])
def round_grade(request, pk):
    """The whole round graded in one form (one POST): who takes part, the votes, the grades, the outcomes."""
    appraisal_round = selectors.round_to_change(request.user, pk)
    participants = selectors.participants(appraisal_round)
    form = GradingForm(request.POST or None, participants=participants)
    graded = sum(1 for row in participants if not row.probationary)
    return form_view(
        request,
        form,
        save=lambda: services.round_grade(
            appraisal_round=appraisal_round, gradings=form.gradings(), actor=request.user
        ),
        done=lambda changed: changes_saved(
            request, [changed] if changed else [], _("The grades are saved."), "registry:appraisal_detail", pk=pk
        ),
        template="registry/appraisal/round_grade.html",
        context={
            "appraisal_round": appraisal_round,
            "rows": form.bound_rows(),
            "share": rules.excellent_share(),
            "cap": rules.excellent_cap(graded),
            "graded": graded,
        },
    )


@require_GET
def result_list(request):
    result_filter, results = selectors.result_list(request.user, request.GET)
    return render(
        request,
        "registry/appraisal/result_list.html",
        {"filter": result_filter, "page": page_of(request, results)},
    )


@require_GET
def result_export(request):
    _filter, results = selectors.result_list(request.user, request.GET)
    content, file_name, fallback = exports.result_workbook(request.user, results, request.GET)
    return file_response(content, file_name, fallback=fallback)
