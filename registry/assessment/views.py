"""The assessment's pages (docs/assessment.md): the years, a year's list of branches (sortable,
filtered, exported, the grades' figures each a link to its branches), its summary and each branch's
report to print on A4, and the committee office's forms — the weights, a hand score, closing and
re-opening, the grade of an annual report; the secretary of a branch uploads its annual report.
Thin views over the selectors (scope, reads) and the services (writes); reviewers read."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access, clock
from branches.downloads import file_response
from branches.filtering import page_of
from branches.form_views import changes_saved, form_view, saved
from registry.assessment import exports, selectors, services
from registry.assessment.forms import (
    AnnualReportForm,
    CloseForm,
    HandScoreForm,
    ReopenForm,
    ReportGradeForm,
    SchemeForm,
)
from registry.exports.workbooks import log_export
from registry.members.history import history_entries


@require_GET
def assessment_index(request):
    years = selectors.years(committee=selectors.committee_of(request.user))
    return render(request, "registry/assessment/index.html", {"years": years})


def _year_page(request, year, *, close_error=None):
    assessment_filter, assessment, rows = selectors.year_list(request.user, year, request.GET)
    return render(
        request,
        "registry/assessment/year.html",
        {
            "filter": assessment_filter,
            "assessment": assessment,
            "page": page_of(request, rows),
            # The scheme and the year's closing are the committee's own (unbound staff: the deployment's).
            "is_committee": access.is_committee(request.user),
            "close_error": close_error,
            "history": (
                history_entries(assessment.scheme, show_personal_data=access.sees_personal_data(request.user))
                if assessment.scheme.pk and access.is_committee(request.user)
                else []
            ),
        },
    )


@require_GET
def assessment_year(request, year):
    return _year_page(request, year)


@require_GET
def assessment_export(request, year):
    _filter, assessment, rows = selectors.year_list(request.user, year, request.GET)
    content, file_name, fallback = exports.assessment_workbook(request.user, assessment, rows, request.GET)
    return file_response(content, file_name, fallback=fallback)


@require_GET
def assessment_summary(request, year):
    """The year's summary on A4: every branch the user sees with its items, total, grade and rank."""
    _filter, assessment, rows = selectors.year_list(request.user, year, request.GET)
    return render(
        request,
        "registry/assessment/summary.html",
        {"assessment": assessment, "rows": rows, "printed_on": clock.today()},
    )


@require_http_methods(["GET", "POST"])
@access.committee_required
def scheme_edit(request, year):
    selectors.check_year(year)
    committee = selectors.committee_of(request.user)
    scheme = selectors.scheme_of(year, committee)
    if scheme.closed:
        raise Http404
    form = SchemeForm(request.POST or None, scheme=scheme)
    return form_view(
        request,
        form,
        save=lambda: services.scheme_save(year=year, weights=form.weights(), actor=request.user, committee=committee),
        done=lambda changed: changes_saved(
            request, changed, _("The weights are saved."), "registry:assessment_year", year=year
        ),
        template="registry/assessment/scheme_form.html",
        context={"year": year},
    )


@require_POST
@access.committee_required
def assessment_close(request, year):
    selectors.check_year(year)
    committee = selectors.committee_of(request.user)
    return form_view(
        request,
        CloseForm(request.POST),
        save=lambda: services.assessment_close(year=year, actor=request.user, committee=committee),
        done=lambda scheme: saved(
            request, _("The assessment of %(year)s is closed.") % {"year": year}, "registry:assessment_year", year=year
        ),
        page=lambda form: _year_page(request, year, close_error=form.non_field_errors()),
        status=400,
    )


@require_http_methods(["GET", "POST"])
@access.committee_required
def assessment_reopen(request, year):
    selectors.check_year(year)
    committee = selectors.committee_of(request.user)
    if not selectors.scheme_of(year, committee).closed:
        raise Http404
    form = ReopenForm(request.POST or None)
    return form_view(
        request,
        form,
        save=lambda: services.assessment_reopen(
            year=year, reason=form.cleaned_data["reason"], actor=request.user, committee=committee
        ),
        done=lambda scheme: saved(
            request,
            _("The assessment of %(year)s is open again.") % {"year": year},
            "registry:assessment_year",
            year=year,
        ),
        template="registry/assessment/reopen_form.html",
        context={"year": year},
    )


def _report_page(request, year, pk, *, score_form=None, upload_form=None, grade_form=None):
    assessment, row, secretary = selectors.branch_report(request.user, year, pk)
    may_upload = not assessment.closed and access.may_change_organization(request.user, row.organization)
    is_committee = access.is_committee(request.user) and not assessment.closed
    return render(
        request,
        "registry/assessment/report.html",
        {
            "assessment": assessment,
            "row": row,
            "secretary": secretary,
            "branches": len(assessment.rows),
            "may_upload": may_upload,
            "is_committee": is_committee,
            # A refused form is shown with its reason even when the year has just been closed.
            "score_form": score_form or (HandScoreForm(scheme=assessment.scheme) if is_committee else None),
            "upload_form": upload_form or (AnnualReportForm() if may_upload else None),
            "grade_form": grade_form or (ReportGradeForm() if is_committee and row.report else None),
            "printed_on": clock.today(),
        },
    )


@require_GET
def branch_report(request, year, pk):
    return _report_page(request, year, pk)


@require_POST
@access.committee_required
def hand_score(request, year, pk):
    selectors.check_year(year)
    branch = selectors.branch_to_change(request.user, pk)
    committee = selectors.committee_of(request.user)
    form = HandScoreForm(request.POST, scheme=selectors.scheme_of(year, committee))
    return form_view(
        request,
        form,
        save=lambda: services.hand_score_set(
            year=year,
            organization=branch,
            item=form.cleaned_data["item"],
            score=form.cleaned_data["score"],
            note=form.cleaned_data["note"],
            actor=request.user,
            committee=committee,
        ),
        done=lambda scored: saved(request, _("Score saved."), "registry:assessment_report", year=year, pk=branch.pk),
        page=lambda form: _report_page(request, year, pk, score_form=form),
        status=400,
    )


@require_POST
def annual_report_upload(request, year, pk):
    selectors.check_year(year)
    branch = selectors.branch_to_change(request.user, pk)
    form = AnnualReportForm(request.POST, request.FILES)
    return form_view(
        request,
        form,
        save=lambda: services.annual_report_upload(
            year=year, organization=branch, upload=form.cleaned_data["file"], actor=request.user
        ),
        done=lambda report: saved(
            request,
            _("%(name)s uploaded as the annual report.") % {"name": report.name},
            "registry:assessment_report",
            year=year,
            pk=branch.pk,
        ),
        page=lambda form: _report_page(request, year, pk, upload_form=form),
        status=400,
    )


@require_GET
def annual_report_file(request, year, pk):
    """The document, to those who see the branch only: never from a public URL."""
    report = selectors.annual_report_of(request.user, year, pk)
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=report.content_type, as_attachment=False, filename=report.name)
    # A secretary's report may name people: logged as every file the registry gives.
    log_export(
        user=request.user,
        kind="annual_report",
        filters={"year": year, "organization": report.organization_id},
        rows=1,
        file_name=report.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response


@require_POST
@access.committee_required
def annual_report_grade(request, year, pk):
    report = selectors.annual_report_of(request.user, year, pk)
    form = ReportGradeForm(request.POST)
    return form_view(
        request,
        form,
        save=lambda: services.annual_report_grade(
            report=report, grade=form.cleaned_data["grade"], note=form.cleaned_data["note"], actor=request.user
        ),
        done=lambda changed: changes_saved(
            request, changed, _("Grade saved."), "registry:assessment_report", year=year, pk=pk
        ),
        page=lambda form: _report_page(request, year, pk, grade_form=form),
        status=400,
    )
