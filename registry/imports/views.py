"""The web import: upload → checked in the background (progress) → preview → confirm → written."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import access, storage
from branches.downloads import file_response
from branches.filtering import page_of
from registry.exports.workbooks import log_export
from registry.imports import kinds as import_kinds
from registry.imports import runs as import_runs
from registry.imports import tasks as import_tasks
from registry.models import ImportRun


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"))
    file = forms.FileField(
        label=gettext_lazy("Workbook"),
        help_text=gettext_lazy(".xlsx, .xls, .ods or .csv; the first sheet with a header row is read."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.xlsm,.ods,.csv"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = import_kinds.kinds_for(user)


def _run_for(request, pk) -> ImportRun:
    import_tasks.interrupt_abandoned_runs()
    return import_runs.run_detail(request.user, pk)


def _own_run(request, pk) -> ImportRun:
    """A run to confirm, cancel or start again: only the person who uploaded it may."""
    run = _run_for(request, pk)
    if run.user_id != request.user.pk:
        raise PermissionDenied
    return run


@require_GET
def import_list(request):
    import_tasks.interrupt_abandoned_runs()
    page = page_of(request, import_runs.runs_visible_to(request.user, request.GET))
    return render(
        request,
        "registry/import_list.html",
        {
            "page": page,
            "may_import": bool(import_kinds.kinds_for(request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def import_new(request):
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"kind": request.GET.get("kind", "members")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = import_runs.import_start(
                user=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)  # the file itself was refused: the message goes next to it
        else:
            return redirect("registry:import_detail", pk=run.pk)
    return render(request, "registry/import_new.html", {"form": form})


@require_GET
def import_detail(request, pk):
    run = _run_for(request, pk)
    preview = import_runs.preview_for(request.user, run)
    return render(
        request,
        "registry/import_detail.html",
        {
            "run": run,
            "preview": preview,
            "rows": preview.get("rows", {}),
            "skipped_rows": "、".join(str(line["row"]) for line in preview.get("skipped_lines", [])),
            "may_download_errors": import_runs.may_download_errors(request.user, run),
            "may_confirm": run.state == ImportRun.State.PREVIEW and run.user_id == request.user.pk,
            "may_restart": run.state == ImportRun.State.INTERRUPTED and run.user_id == request.user.pk,
        },
    )


@require_GET
def import_progress(request, pk):
    run = _run_for(request, pk)
    return JsonResponse(
        {
            "state": run.state,
            "label": run.get_state_display(),
            "percent": run.percent,
            "done": run.progress_done,
            "total": run.progress_total,
            "open": run.is_open,
        }
    )


@require_POST
def import_confirm(request, pk):
    run = _own_run(request, pk)
    try:
        import_runs.import_confirm(run=run, user=request.user, skip_invalid=request.POST.get("skip_invalid") == "1")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("registry:import_detail", pk=run.pk)


@require_POST
def import_cancel(request, pk):
    run = _own_run(request, pk)
    try:
        import_runs.import_cancel(run=run, user=request.user)
        messages.info(request, _("The import was cancelled; nothing was written."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("registry:import_detail", pk=run.pk)


@require_POST
def import_restart(request, pk):
    run = _own_run(request, pk)
    try:
        import_runs.import_restart(run=run, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("registry:import_detail", pk=run.pk)


@require_GET
def import_errors(request, pk):
    run = _run_for(request, pk)
    if not run.error_workbook:
        raise Http404
    if not import_runs.may_download_errors(request.user, run):
        raise PermissionDenied
    try:
        content = storage.read(run.error_workbook)
    except FileNotFoundError:
        raise Http404 from None
    file_name = f"{run.file_name.rsplit('.', 1)[0]}_错误行.xlsx"
    log_export(
        user=request.user,
        kind="import_errors",
        filters={"import": run.pk},
        rows=run.counts.get("invalid", 0),
        file_name=file_name,
    )
    return file_response(content, file_name, fallback=f"import-{run.pk}-errors")
