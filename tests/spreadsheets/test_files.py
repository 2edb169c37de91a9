"""Whole files: what is refused outright (ImportRefused, one sentence) and what is read in spite
of its shape — title rows, aliased headers, totals lines, several sheets, CSV in GBK, .ods."""

import datetime
import io
import os
import zipfile

import pytest
from openpyxl import Workbook

from registry.imports import ImportRefused, run_import
from registry.models import Member
from spreadsheets.dates import DAY, MONTH, MonthDate
from spreadsheets.reading import load_source, open_sheets
from spreadsheets.values import partial_date_parser
from spreadsheets.writing import cell, to_bytes
from tests import factories
from tests.registry.imports import workbooks
from tests.registry.imports.workbooks import MEMBER_HEADERS, member_row

pytestmark = pytest.mark.django_db


def refused(data, kind="members", filename="roster.xlsx", **options) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        run_import(kind, data, filename=filename, **options)
    assert caught.value.message  # one sentence for the person who uploaded it
    return caught.value


def test_an_empty_file_is_refused():
    assert refused(b"").code == "empty"


def test_a_workbook_without_rows_has_no_header_row():
    assert refused(workbooks.xlsx([])).code == "no_header"


@pytest.mark.parametrize(
    "content",
    [
        "姓名,公民身份号码\n张三,110105194912310021\n".encode(),  # a .txt renamed
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 200,  # a .png renamed
    ],
)
def test_a_renamed_text_or_image_file_is_not_a_spreadsheet(content):
    assert refused(content, filename="roster.xlsx").code == "not_a_spreadsheet"


def test_ten_megabytes_of_junk_is_not_a_spreadsheet():
    assert refused(os.urandom(10 * 1024 * 1024), filename="roster.xlsx").code == "not_a_spreadsheet"


def test_a_password_protected_workbook_is_refused():
    # An encrypted .xlsx is an OLE compound file holding an "EncryptedPackage" stream.
    content = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512
    )
    assert refused(content).code == "password"


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.REGISTRY_IMPORT_MAX_BYTES = 2000
    assert refused(b"x" * 2001, filename="roster.csv").code == "too_large"


def _bomb(uncompressed_megabytes: int) -> bytes:
    """A real workbook whose sheet XML is padded with spaces: a few kilobytes that expand to megabytes."""
    original = zipfile.ZipFile(io.BytesIO(workbooks.xlsx([MEMBER_HEADERS])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in original.infolist():
            data = original.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                with bomb.open(info.filename, "w", force_zip64=True) as handle:
                    handle.write(data[: -len(b"</worksheet>")])
                    block = b" " * (1 << 20)
                    for _ in range(uncompressed_megabytes):
                        handle.write(block)
                    handle.write(b"</worksheet>")
            else:
                bomb.writestr(info.filename, data)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_read():
    content = _bomb(40)
    assert len(content) < 200_000
    assert refused(content).code == "zip_bomb"


def test_a_workbook_that_expands_past_the_limit_is_refused(settings):
    settings.REGISTRY_IMPORT_MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024
    assert refused(_bomb(3)).code == "zip_bomb"


def test_a_header_row_of_another_kind_is_not_found(tree):
    roster = workbooks.xlsx([MEMBER_HEADERS, member_row(tree["fuzhou_1"])])
    assert refused(roster, kind="chambers").code == "no_header"


def test_a_header_row_below_the_first_ten_rows_is_not_found(tree):
    roster = workbooks.xlsx([MEMBER_HEADERS, member_row(tree["fuzhou_1"])], title_rows=[["说明"]] * 10)
    assert refused(roster).code == "no_header"


def test_title_rows_aliases_required_marks_totals_and_unknown_columns(tree):
    header = [
        "序号",
        "名字 *",
        "身份证号码（必填）",
        "党支部",
        "入党日期",
        "党员类别",
        "正式/预备",
        "手机\n号码",
        "微信号",
    ]
    first, second = factories.make_id_number(), factories.make_id_number()
    roster = workbooks.xlsx(
        [
            header,
            [1, "王芳", first, tree["fuzhou_1"].name, "2005-07-01", "流动", "正式", "139 1234 5678", "wx1"],
            [None] * 9,  # a blank row
            [2, "李四", second, tree["fuzhou_2"].name, "2006.7", "自管", "预备", "+86-13912345679", ""],
            [3],  # a pre-numbered row with nothing else in it
            ["合计", "2人"],
        ],
        title_rows=[
            ["北京福州商会流动党员花名册"],
            ["填报单位：福州商会党总支", None, None, "填报日期：2016年12月"],
            [],
        ],
    )
    result = run_import("members", roster, filename="花名册.xlsx")
    assert result.header_row == 4
    assert result.counts == {"rows": 2, "new": 2, "updated": 0, "unchanged": 0, "invalid": 0}
    assert result.ignored_columns == ["序号", "微信号"]
    assert [line.row for line in result.skipped_lines] == [9]
    member = Member.objects.get(id_number=second)
    assert (member.status, member.category, member.phone) == ("probationary", "self_managed", "13912345679")


def test_the_first_sheet_with_a_header_row_is_read_or_the_one_named(tree):
    roster = workbooks.xlsx(
        [MEMBER_HEADERS, member_row(tree["fuzhou_1"])],
        sheet="花名册",
        extra_sheets=[("填表说明", [["1. 身份证号码请设置为文本格式。"]])],
    )
    assert run_import("members", roster, dry_run=True).sheet == "花名册"
    assert run_import("members", roster, dry_run=True, sheet="花名册").new == 1
    assert refused(roster, sheet="党员").code == "no_such_sheet"
    assert refused(roster, sheet="填表说明").code == "no_header"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_csv_in_utf8_with_or_without_bom_and_in_gbk(tree, encoding):
    number = factories.make_id_number()
    content = workbooks.csv_bytes(
        [MEMBER_HEADERS, member_row(tree["fuzhou_1"], name="陈静", id_number=number)], encoding
    )
    result = run_import("members", content, filename="roster.csv")
    assert result.file_format == "csv" and result.new == 1
    assert Member.objects.get(id_number=number).name == "陈静"


def test_an_ods_file_is_read(tree):
    number = factories.make_id_number()
    result = run_import(
        "members",
        workbooks.ods([MEMBER_HEADERS, member_row(tree["fuzhou_1"], id_number=number)]),
        filename="roster.ods",
    )
    assert result.file_format == "ods" and result.new == 1
    assert Member.objects.filter(id_number=number).exists()


def test_a_formula_is_an_error_for_its_cell(tree):
    rows = [MEMBER_HEADERS, member_row(tree["fuzhou_1"]), member_row(tree["fuzhou_1"])]
    rows[2][6] = "=13900000000+1"
    result = run_import("members", workbooks.xlsx(rows))
    assert [(error.row, error.column, error.code) for error in result.errors] == [(3, "联系电话", "formula")]
    assert Member.objects.count() == 0

    rows[2][6] = "=1+2"
    result = run_import("members", workbooks.ods(rows), filename="roster.ods")
    assert [(error.row, error.code) for error in result.errors] == [(3, "formula")]


def test_a_date_cell_shown_as_a_month_reads_back_to_the_month():
    """Exports write dates known to the month as date cells shown yyyy-mm; Excel's own month
    formats (a Chinese yyyy"年"m"月") count too; a date shown to the day stays a day."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("日期")
    sheet.append(["月", "日", "中文月"])
    chinese = cell(sheet, datetime.date(2001, 7, 1))
    chinese.number_format = 'yyyy"年"m"月"'
    sheet.append([cell(sheet, MonthDate(1993, 4, 1)), cell(sheet, datetime.date(1993, 4, 15)), chinese])
    _fmt, sheets = open_sheets(load_source(io.BytesIO(to_bytes(workbook)), "dates.xlsx"))
    row = dict(sheets[0].rows())[2]
    assert [tuple(partial_date_parser(value)) for value in row] == [
        (datetime.date(1993, 4, 1), MONTH),
        (datetime.date(1993, 4, 15), DAY),
        (datetime.date(2001, 7, 1), MONTH),
    ]
