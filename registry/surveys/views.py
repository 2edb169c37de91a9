"""Survey pages: the rounds, a round's reconciliation with the roster and its work list, entering
one organization's count, importing a workbook of counts, and the downloads. Thin views: scope from
the selectors, writes through the services."""

import copy

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from branches import access
from branches.downloads import file_response
from branches.form_views import changes_saved, form_view, saved
from registry.exports import workbooks as exports
from registry.imports import runs as import_runs
from registry.surveys import exports as survey_exports
from registry.surveys import selectors, services
from registry.surveys.forms import SurveyCountForm, SurveyImportForm, SurveyRoundForm
from registry.surveys.imports import SurveyCountImporter


@require_GET
def round_list(request):
    return render(
        request, "registry/survey_list.html", {"rounds": list(selectors.round_list(request.user, request.GET))}
    )


@require_http_methods(["GET", "POST"])
@access.committee_required
def round_edit(request, pk=None):
    survey_round = selectors.round_detail(request.user, pk) if pk else None
    if request.method == "POST":
        # The form validates a copy, so the service can still see what changed.
        form = SurveyRoundForm(request.POST, instance=copy.copy(survey_round) if survey_round else None)
    else:
        form = SurveyRoundForm(instance=survey_round)

    def save():
        if survey_round is None:
            return services.survey_round_create(data=form.service_data(), actor=request.user)
        return services.survey_round_update(
            survey_round=survey_round, data=form.service_data(), actor=request.user, version=form.read_version
        )

    def done(result):
        if survey_round is None:
            message = _("Survey round %(name)s added.") % {"name": result.name}
            return saved(request, message, "registry:survey_detail", pk=result.pk)
        message = _("Changes saved.") if result else _("Nothing was changed.")
        return saved(request, message, "registry:survey_detail", pk=survey_round.pk)

    return form_view(
        request,
        form,
        save=save,
        done=done,
        template="registry/survey_round_form.html",
        context={"survey_round": survey_round},
    )


@require_GET
def round_detail(request, pk):
    survey_round = selectors.round_detail(request.user, pk)
    result = selectors.reconciliation(request.user, survey_round)
    size = settings.REGISTRY_PAGE_SIZE  # a committee of a thousand organizations: pages, not one long table
    return render(
        request,
        "registry/survey_detail.html",
        {
            "survey_round": survey_round,
            "result": result,
            "page": Paginator(result.rows, size).get_page(request.GET.get("page")),
            "gap_page": Paginator(result.gaps, size).get_page(request.GET.get("gap_page")),
            "may_enter": access.may_change_anything(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def count_edit(request, pk):
    """One organization's count: new, or the existing one changed. Organizations out of the user's
    scope are not offered, and a posted one is refused with a message; nothing is written."""
    survey_round = selectors.round_detail(request.user, pk)
    if request.method == "POST":
        form = SurveyCountForm(request.POST, user=request.user)
    else:
        initial = selectors.count_initial(request.user, survey_round, request.GET.get("organization"))
        form = SurveyCountForm(user=request.user, initial=initial)
    return form_view(
        request,
        form,
        save=lambda: services.survey_count_save(
            survey_round=survey_round,
            organization=form.cleaned_data["organization"],
            data=form.figures(),
            actor=request.user,
            version=form.read_version,
        ),
        done=lambda count_and_changed: changes_saved(
            request,
            count_and_changed[1],
            _("Count for %(name)s saved.") % {"name": form.cleaned_data["organization"].name},
            "registry:survey_detail",
            pk=survey_round.pk,
        ),
        template="registry/survey_count_form.html",
        context={"survey_round": survey_round},
    )


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def count_import(request, pk):
    """A workbook of counts is checked in the background like every import (never read inside the
    request): its run's page shows the rows, and they are written once it is confirmed."""
    survey_round = selectors.round_detail(request.user, pk)
    form = SurveyImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = import_runs.import_start(
                user=request.user,
                kind=SurveyCountImporter.kind,
                upload=form.cleaned_data["file"],
                options={"survey_round": survey_round.pk},
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("registry:import_detail", pk=run.pk)
    return render(request, "registry/survey_import.html", {"form": form, "survey_round": survey_round})


@require_GET
@access.change_permission_required
def count_template(request):
    """A workbook with the canonical headers and the names of the organizations the user keeps."""
    organizations = selectors.template_organizations(request.user)
    file_name = "摸底排查_导入模板.xlsx"
    exports.log_export(
        user=request.user, kind="survey_template", filters={}, rows=len(organizations), file_name=file_name
    )
    return file_response(survey_exports.template_workbook(organizations), file_name, fallback="survey-import-template")


@require_GET
def round_export(request, pk):
    survey_round = selectors.round_detail(request.user, pk)
    result = selectors.reconciliation(request.user, survey_round)
    content = survey_exports.reconciliation_workbook(result)
    stamp = timezone.localtime()
    file_name = f"摸底排查核对_{stamp:%Y%m%d_%H%M}.xlsx"
    exports.log_export(
        user=request.user, kind="survey", filters={"round": survey_round.pk}, rows=len(result.rows), file_name=file_name
    )
    return file_response(content, file_name, fallback=f"survey-{survey_round.pk}-reconciliation-{stamp:%Y%m%d-%H%M}")
