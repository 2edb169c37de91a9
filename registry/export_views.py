"""Downloads: the lists as workbooks (scoped, filtered, logged) and blank import templates."""

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from branches import access, selectors as branch_selectors
from registry import exports
from registry.masking import PERSONAL_FIELDS, mask
from registry.views import filtered_members

FILE_LABELS = {"members": "党员", "organizations": "党组织", "chambers": "商会", "enterprises": "会员企业"}


def _download(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name)}"
    return response


class _Masked:
    """A record whose ID number and phones read masked (for reviewers' exports)."""

    def __init__(self, record):
        self._record = record
        self._meta = record._meta

    def __getattr__(self, name):
        value = getattr(self._record, name)
        if name in PERSONAL_FIELDS and value:
            return mask(PERSONAL_FIELDS[name], value)
        return value


def _export(request, kind: str, records, filters: dict):
    if not access.sees_personal_data(request.user):
        records = (_Masked(record) for record in records)
    content, rows = exports.build_workbook(kind, records)
    file_name = f"{FILE_LABELS[kind]}_{timezone.localtime():%Y%m%d_%H%M}.xlsx"
    exports.log_export(user=request.user, kind=kind, filters=filters, rows=rows, file_name=file_name)
    return _download(content, file_name)


@require_GET
def member_export(request):
    member_filter, members = filtered_members(request)
    filters = {key: value for key, value in request.GET.items() if key != "page" and value}
    return _export(request, "members", members.iterator(chunk_size=2000), filters)


@require_GET
def organization_export(request):
    organizations, applied = branch_selectors.filtered_organizations(request.user, request.GET)
    organizations = organizations.prefetch_related("host_enterprises")
    return _export(request, "organizations", organizations.iterator(chunk_size=2000), applied)


@require_GET
def chamber_export(request):
    chambers, applied = branch_selectors.filtered_chambers(request.user, request.GET)
    return _export(request, "chambers", chambers.iterator(chunk_size=2000), applied)


@require_GET
def enterprise_export(request):
    enterprises, applied = branch_selectors.filtered_enterprises(request.user, request.GET)
    return _export(request, "enterprises", enterprises.iterator(chunk_size=2000), applied)


@require_GET
def import_template(request, kind):
    if kind not in FILE_LABELS:
        raise Http404
    return _download(exports.build_template(kind), f"{FILE_LABELS[kind]}_导入模板.xlsx")
