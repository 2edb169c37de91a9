"""Downloads: the lists as workbooks (scoped, filtered, masked for roles that see personal data
masked, logged) — a long one prepared in the background and downloaded from its job's page — and
blank import templates."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from branches import storage
from branches.downloads import file_response
from branches.remembered import remembered
from registry.exports import jobs, lists
from registry.exports import workbooks as exports
from registry.imports import kinds as import_kinds
from registry.models import ExportLog


def export_list(request, kind: str):
    """A list's export (lists.py): the file at once, or — above REGISTRY_EXPORT_IN_REQUEST_ROWS
    rows — prepared in the background, and the person sent to the job's page."""
    chosen = lists.selection(request.user, kind, request.GET)
    stamp = timezone.localtime()
    file_name, fallback = lists.file_names(kind, stamp)
    rows = chosen.rows()
    if lists.too_long_for_a_request(rows):
        job = jobs.job_start(
            user=request.user, kind=kind, query=request.GET.urlencode(), rows=rows, file_name=file_name
        )
        return redirect("registry:export_job", pk=job.pk)
    # The same list asked for again while nothing it read has changed: the same workbook (branches/remembered.py).
    query = request.GET.urlencode()
    content, rows = remembered(f"export-{kind}", request.user, chosen.workbook, query, chosen.personal_data, alone=True)
    exports.log_export(user=request.user, kind=kind, filters=chosen.filters, rows=rows, file_name=file_name)
    return file_response(content, file_name, fallback=fallback)


@require_GET
def member_export(request):
    return export_list(request, "members")


@require_GET
def organization_export(request):
    return export_list(request, "organizations")


@require_GET
def chamber_export(request):
    return export_list(request, "chambers")


@require_GET
def enterprise_export(request):
    return export_list(request, "enterprises")


@require_GET
def import_template(request, kind):
    if kind not in import_kinds.uploadable_kinds():
        raise Http404
    file_name = import_kinds.template_file_name(kind)
    exports.log_export(user=request.user, kind="import_template", filters={"kind": kind}, rows=0, file_name=file_name)
    return file_response(exports.build_template(kind), file_name, fallback=f"{kind}-import-template")


@require_GET
def export_job(request, pk):
    """A long export being prepared: its state, refreshing itself while it waits, then the download."""
    job = jobs.job_detail(request.user, pk)
    back = reverse(lists.LIST_PAGES[job.kind]) + (f"?{job.query}" if job.query else "")
    return render(
        request,
        "registry/export_job.html",
        {"job": job, "kind_label": ExportLog(kind=job.kind).kind_label, "back": back},
    )


@require_GET
def export_job_download(request, pk):
    job = jobs.job_file(request.user, pk)
    try:
        content = storage.read(job.file)
    except FileNotFoundError:
        raise Http404 from None
    _name, fallback = lists.file_names(job.kind, timezone.localtime(job.created_at))
    exports.log_export(user=request.user, kind=job.kind, filters=job.filters, rows=job.rows, file_name=job.file_name)
    return file_response(content, job.file_name, fallback=fallback)
