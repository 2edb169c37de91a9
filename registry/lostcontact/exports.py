"""The lost-contact case list as a workbook: scoped, filtered and masked as the list, logged."""

from dataclasses import dataclass

from django.utils import timezone

from branches import access
from registry.exports.workbooks import build_table, log_export
from registry.members.masking import mask_id_number


@dataclass(frozen=True)
class Column:
    field: str
    header: str


COLUMNS = (
    Column("name", "姓名"),
    Column("id_number", "公民身份号码"),
    Column("organization", "党组织"),
    Column("lost_on", "失联日期"),
    Column("reason", "失联原因"),
    Column("detail", "原因说明"),
    Column("searches", "查找次数"),
    Column("outcome", "结果"),
    Column("closed_on", "结束日期"),
)


def case_rows(cases, *, masked: bool):
    for case in cases.iterator(chunk_size=2000):
        member = case.member
        values = {
            "name": member.name,
            "id_number": mask_id_number(member.id_number) if masked else member.id_number,
            "organization": member.organization.name,
            "lost_on": case.lost_on,
            "reason": case.get_reason_display(),
            "detail": case.reason_detail or None,
            "searches": case.search_count,
            "outcome": case.get_outcome_display(),
            "closed_on": case.closed_on,
        }
        yield [values[column.field] for column in COLUMNS]


def case_workbook(user, cases, params) -> tuple[bytes, str, str]:
    content, rows = build_table("失联党员", COLUMNS, case_rows(cases, masked=not access.sees_personal_data(user)))
    stamp = timezone.localtime()
    file_name = f"失联党员_{stamp:%Y%m%d_%H%M}.xlsx"
    applied = {key: value for key, value in params.items() if key != "page" and value}
    log_export(user=user, kind="lost_contact", filters=applied, rows=rows, file_name=file_name)
    return content, file_name, f"lost-contact-{stamp:%Y%m%d-%H%M}"
