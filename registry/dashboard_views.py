"""The printable summary of the headline figures (A4) and the same tables as a workbook."""

from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from registry import dashboard, exports
from registry.summary import summary_tables, summary_workbook


def _summary_context(user) -> dict:
    context = dashboard.dashboard_for(user)
    if context["committee_view"]:
        context["advice"] = dashboard.advice_counts(user)
    return context


@require_GET
def summary(request):
    context = _summary_context(request.user)
    context["tables"] = summary_tables(context)
    context["printed_at"] = timezone.localtime()
    return render(request, "dashboard/summary.html", context)


@require_GET
def summary_export(request):
    context = _summary_context(request.user)
    tables = summary_tables(context)
    file_name = f"统计汇总_{timezone.localtime():%Y%m%d_%H%M}.xlsx"
    content = summary_workbook(tables)
    exports.log_export(user=request.user, kind="summary", filters={}, rows=sum(len(t["rows"]) for t in tables),
                       file_name=file_name)
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name)}"
    return response
