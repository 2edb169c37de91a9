"""The certificate register as a workbook: exactly what the list shows, logged like every export."""

from typing import NamedTuple

from django.http import HttpResponse
from django.utils import timezone

from branches.downloads import XLSX, file_response
from outreach.certificates.reviews import with_review_state
from registry.exports import workbooks as exports


class Column(NamedTuple):
    header: str
    field: str


# The official register's columns, as the paper form heads them (data, like the spreadsheet header
# maps: the same words in every language), first in the list and the export; then the register's own.
OFFICIAL_HEADERS = ("姓名", "所在支部", "发证时间", "外出原因", "外出地点", "外出时间")
COLUMNS = [
    Column("姓名", "name"),
    Column("所在支部", "organization"),
    Column("发证时间", "issued_on"),
    Column("外出原因", "reason"),
    Column("外出地点", "destination"),
    Column("外出时间", "left_on"),
    Column("证号", "number"),
    Column("发证党组织", "issuing_organization"),
    Column("发证方式", "issuance"),
    Column("状态", "state"),
    Column("终止时间", "ended_on"),
    Column("最近审验", "last_reviewed"),
    Column("下次审验", "next_review"),
]


def _row(certificate) -> list:
    return [
        certificate.member.name,
        certificate.member.organization.name,
        certificate.issued_on,
        certificate.get_reason_display(),
        certificate.destination,
        certificate.left_on,
        certificate.number,
        certificate.issuing_organization,
        certificate.get_issuance_display(),
        str(certificate.state_label()),
        certificate.ended_on,
        certificate.last_reviewed,
        certificate.next_review if certificate.is_valid else None,
    ]


def _rows(certificates):
    for certificate in certificates.iterator(chunk_size=2000):
        with_review_state([certificate])
        yield _row(certificate)


def certificate_export_response(request, certificates, filters: dict) -> HttpResponse:
    content, rows = exports.build_table("活动证", COLUMNS, _rows(certificates))
    stamp = timezone.localtime()
    file_name = f"流动党员活动证_{stamp:%Y%m%d_%H%M}.xlsx"
    exports.log_export(user=request.user, kind="certificates", filters=filters, rows=rows, file_name=file_name)
    return file_response(content, file_name, fallback=f"certificates-{stamp:%Y%m%d-%H%M}", content_type=XLSX)
