"""Downloads: the lists as workbooks (scoped, filtered, masked for roles that see personal data
masked, logged) and blank import templates."""

from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_GET

from branches import access
from branches.downloads import file_response
from registry.exports import selectors
from registry.exports import workbooks as exports
from registry.imports import kinds as import_kinds
from registry.members.masking import MaskedRecord

FILE_LABELS = {
    "members": "党员",
    "organizations": "党组织",
    "chambers": "商会",
    "enterprises": "会员企业",
}


def _export(request, kind: str):
    records, filters = selectors.records_to_export(request.user, kind, request.GET)
    if not access.sees_personal_data(request.user):
        records = (MaskedRecord(record) for record in records)
    content, rows = exports.build_workbook(kind, records)
    stamp = timezone.localtime()
    file_name = f"{FILE_LABELS[kind]}_{stamp:%Y%m%d_%H%M}.xlsx"
    exports.log_export(user=request.user, kind=kind, filters=filters, rows=rows, file_name=file_name)
    return file_response(content, file_name, fallback=f"{kind}-{stamp:%Y%m%d-%H%M}")


@require_GET
def member_export(request):
    return _export(request, "members")


@require_GET
def organization_export(request):
    return _export(request, "organizations")


@require_GET
def chamber_export(request):
    return _export(request, "chambers")


@require_GET
def enterprise_export(request):
    return _export(request, "enterprises")


@require_GET
def import_template(request, kind):
    if kind not in import_kinds.uploadable_kinds():
        raise Http404
    file_name = import_kinds.template_file_name(kind)
    exports.log_export(user=request.user, kind="import_template", filters={"kind": kind}, rows=0, file_name=file_name)
    return file_response(exports.build_template(kind), file_name, fallback=f"{kind}-import-template")
