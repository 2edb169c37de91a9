"""The compliance and participation lists as workbooks, exactly as their pages show them (the same
filters, the same order): the grid, the organizations behind, the six-month work list, the
exemptions. ID numbers and phones masked for those who see them masked; every export logged."""

from django.utils import timezone

from branches import access
from registry.exports.workbooks import log_export
from registry.members.masking import mask_id_number, mask_phone
from registry.models import GatheringKind
from registry.orglife.compliance.selectors import with_periods
from spreadsheets.writing import table_workbook

Kind = GatheringKind.Kind


def _stamped(prefix: str, user, kind: str, params, rows: int) -> tuple[str, str]:
    stamp = timezone.localtime()
    file_name = f"{prefix}_{stamp:%Y%m%d_%H%M}.xlsx"
    applied = {key: value for key, value in params.items() if key != "page" and value}
    log_export(user=user, kind=kind, filters=applied, rows=rows, file_name=file_name)
    return file_name, f"{kind}-{stamp:%Y%m%d-%H%M}"


def grid_workbook(user, grid: dict, params) -> tuple[bytes, str, str]:
    """The grid: a row per organization, a column per period with what the cell says."""
    headers = ["党组织", "层级", *[period.label for period in grid["periods"]], "已召开", "未召开", "免于召开"]

    def lines():
        for row in grid["rows"]:
            yield [
                row.organization.name,
                str(row.organization.get_level_display()),
                *[str(cell.label) for cell in row.cells],
                row.held,
                row.not_held,
                row.exempt,
            ]

    content, count = table_workbook(
        f"{grid['kind_label']}", headers, lines(), widths=[36, 10, *[10] * len(grid["periods"]), 8, 8, 8]
    )
    file_name, fallback = _stamped(
        f"组织生活落实情况_{grid['kind_label']}_{grid['year']}", user, "meeting_compliance", params, count
    )
    return content, file_name, fallback


def behind_workbook(user, rows, params) -> tuple[bytes, str, str]:
    """The organizations behind, one line per organization and kind."""
    masked = not access.sees_personal_data(user)
    headers = ["党组织", "层级", "会议类型", "应召开期间", "最近一次召开", "书记", "联系电话"]

    def lines():
        for row in rows:
            yield [
                row.organization.name,
                str(row.organization.get_level_display()),
                str(row.kind_label),
                row.period.label,
                row.last_held,
                row.secretary or None,
                (mask_phone(row.secretary_phone) if masked else row.secretary_phone) or None,
            ]

    content, count = table_workbook("未按期召开", headers, lines(), widths=[36, 10, 14, 12, 12, 10, 14])
    file_name, fallback = _stamped("未按期召开会议的党组织", user, "meetings_behind", params, count)
    return content, file_name, fallback


def without_life_workbook(user, members, params) -> tuple[bytes, str, str]:
    """The six-month work list: who, where, the last organizational life, how to reach them."""
    masked = not access.sees_personal_data(user)
    headers = [
        "姓名",
        "公民身份号码",
        "党组织",
        "类别",
        "最近一次组织生活",
        "外地参加组织",
        "在本处登记日期",
        "联系电话",
    ]

    def lines():
        for member in members.iterator(chunk_size=2000):
            yield [
                member.name,
                mask_id_number(member.id_number) if masked else member.id_number,
                member.organization.name,
                str(member.get_category_display()),
                member.last_life,
                member.last_elsewhere or None,
                member.registered_on,
                (mask_phone(member.phone) if masked else member.phone) or None,
            ]

    content, count = table_workbook("六个月未参加组织生活", headers, lines(), widths=[10, 20, 36, 12, 14, 24, 14, 14])
    file_name, fallback = _stamped("六个月未参加组织生活的党员", user, "without_life", params, count)
    return content, file_name, fallback


def exemption_workbook(user, exemptions, params) -> tuple[bytes, str, str]:
    headers = ["党组织", "会议类型", "免于召开期间", "原因", "批准日期", "登记人"]

    def lines():
        for exemption in with_periods(exemptions):
            period = exemption.period
            yield [
                exemption.organization.name,
                str(Kind(exemption.kind).label),
                period.label,
                exemption.reason,
                exemption.granted_on,
                exemption.granted_by.get_username() if exemption.granted_by_id else None,
            ]

    content, count = table_workbook("免于召开", headers, lines(), widths=[36, 14, 12, 40, 12, 12])
    file_name, fallback = _stamped("组织生活免于召开", user, "meeting_exemptions", params, count)
    return content, file_name, fallback
