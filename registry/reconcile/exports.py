"""A group of a comparison as a workbook (through the export log, like every export)."""

from django.utils.translation import gettext_lazy as _

from registry.exports import workbooks
from spreadsheets.table import Column

GROUP_LABELS = {
    "matched": _("On both lists"),
    "only_theirs": _("Only on their list"),
    "only_ours": _("Only on ours"),
    "conflicts": _("Same ID number, different name or home organization"),
}
FILE_LABELS = {"matched": "两边都有", "only_theirs": "仅对方名单", "only_ours": "仅我方名单", "conflicts": "信息不一致"}
COLUMNS = (
    Column("name", "姓名"),
    Column("id_number", "公民身份号码"),
    Column("organization", "所在党组织"),
    Column("origin_organization", "流出党组织"),
    Column("their_name", "对方名单姓名"),
    Column("their_origin_organization", "对方名单流出党组织"),
    Column("destination", "流向"),
    Column("phone", "联系电话"),
    Column("address", "住址"),
    Column("row", "对方名单行号"),
)


def group_workbook(entries: list[dict]) -> tuple[bytes, int]:
    return workbooks.build_table(
        "名单核对", COLUMNS, ([entry.get(column.field, "") for column in COLUMNS] for entry in entries)
    )
