"""Workbooks of honours: the commendations as the list shows them, in the import's own columns (so
that an export imports again as "unchanged", docs/spreadsheets.md#honours-columns), and the
representatives. Masked for the roles that see ID numbers masked; every download logged."""

from django.utils import timezone

from branches import access
from registry.exports.workbooks import build_table, log_export
from registry.honours.imports import COLUMNS, LEVEL_CANONICAL, YES_NO, HonourImporter, title_cell
from registry.members.masking import mask_id_number
from spreadsheets.table import Column

REPRESENTATIVE_COLUMNS = (
    Column("name", "姓名"),
    Column("id_number", "公民身份号码"),
    Column("organization", "党组织名称"),
    Column("body", "代表类别"),
    Column("level", "级别"),
    Column("term_start", "任期开始"),
    Column("term_end", "任期结束"),
)


def _applied(params) -> dict:
    return {key: value for key, value in params.items() if key != "page" and value}


def honour_rows(honours, *, masked: bool):
    for honour in honours.iterator(chunk_size=2000):
        member = honour.member
        values = {
            # A row names a member (姓名 + 公民身份号码) or an organization (党组织名称), never both.
            "name": member.name if member else None,
            "organization": None if member else honour.organization.name,
            "id_number": (mask_id_number(member.id_number) if masked else member.id_number) if member else None,
            "title": title_cell(honour),
            "body": honour.body,
            "body_level": LEVEL_CANONICAL.get(honour.body_level, honour.body_level),
            "date": honour.date,
            "posthumous": YES_NO[honour.posthumous],
        }
        yield [values[column.field] for column in COLUMNS]


def honour_workbook(user, honours, params) -> tuple[bytes, str, str]:
    """The commendations the list shows (scoped, filtered, sorted): the bytes, the file's name and its
    ASCII fallback (branches.downloads)."""
    rows = honour_rows(honours, masked=not access.sees_personal_data(user))
    content, count = build_table(HonourImporter.sheet_name, COLUMNS, rows)
    stamp = timezone.localtime()
    file_name = f"表彰_{stamp:%Y%m%d_%H%M}.xlsx"
    log_export(user=user, kind="honours", filters=_applied(params), rows=count, file_name=file_name)
    return content, file_name, f"honours-{stamp:%Y%m%d-%H%M}"


def representative_workbook(user, representatives, params) -> tuple[bytes, str, str]:
    masked = not access.sees_personal_data(user)

    def rows():
        for representative in representatives.iterator(chunk_size=2000):
            member = representative.member
            yield [
                member.name,
                mask_id_number(member.id_number) if masked else member.id_number,
                representative.organization.name,
                str(representative.get_body_display()),
                str(representative.get_level_display()),
                representative.term_start,
                representative.term_end,
            ]

    content, count = build_table("代表", REPRESENTATIVE_COLUMNS, rows())
    stamp = timezone.localtime()
    file_name = f"代表_{stamp:%Y%m%d_%H%M}.xlsx"
    log_export(user=user, kind="representatives", filters=_applied(params), rows=count, file_name=file_name)
    return content, file_name, f"representatives-{stamp:%Y%m%d-%H%M}"
