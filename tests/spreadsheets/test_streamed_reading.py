"""A large .xlsx sheet is read streamed (REGISTRY_IMPORT_STREAMED_CELLS), not by python-calamine,
which holds the whole sheet: the rows must be exactly those python-calamine gives — the same row
numbers, the same padding, the same values of the same types — whatever wrote the workbook."""

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from registry.imports import run_import
from spreadsheets import reading
from spreadsheets.dates import MonthDate
from spreadsheets.reading import load_source, open_sheets
from tests.registry.imports import workbooks
from tests.registry.imports.workbooks import MEMBER_HEADERS, member_row

pytestmark = pytest.mark.django_db

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
PLAIN_STYLES = '<cellXfs><xf numFmtId="0"/></cellXfs>'


def read(data: bytes) -> list[tuple[str, list, set]]:
    """Every sheet's name, rows (each cell with its type) and formula cells."""
    _format, sheets = open_sheets(load_source(data, "roster.xlsx"))
    return [
        (
            sheet.name,
            [(number, [(type(value), value) for value in cells]) for number, cells in sheet.rows()],
            sheet.formula_cells,
        )
        for sheet in sheets
    ]


def read_both(data: bytes, settings, monkeypatch) -> tuple[list, list]:
    """The sheets read by python-calamine, then streamed: python-calamine left only a workbook of
    sheets without a cell (whose rectangles are 0, none above 0), which must yield no row."""
    settings.REGISTRY_IMPORT_STREAMED_CELLS = 10**12
    by_calamine = read(data)
    settings.REGISTRY_IMPORT_STREAMED_CELLS = 0
    calamine_rows = reading._calamine_rows

    def only_empty(data, name, month_cells=None):
        rows = calamine_rows(data, name, month_cells)

        def checked():
            found = list(rows())
            assert not found, f"{name} read by python-calamine"
            return iter(found)

        return checked

    with monkeypatch.context() as patch:
        patch.setattr(reading, "_calamine_rows", only_empty)
        streamed = read(data)
    return by_calamine, streamed


def saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def hand_written(sheets: dict[str, str], *, shared=(), styles="", date1904=False) -> bytes:
    """An .xlsx from the XML of each sheet's sheetData, written as other programs than openpyxl
    may write it: `shared` the shared strings' <si> bodies, `styles` the styles.xml's body."""
    names = list(sheets)
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{index}.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for index in range(1, len(names) + 1)
            )
            + '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{RELS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
            + ('<workbookPr date1904="1"/>' if date1904 else "")
            + "<sheets>"
            + "".join(
                f'<sheet name="{name}" sheetId="{index}" r:id="rId{index}"/>' for index, name in enumerate(names, 1)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE_RELS}">'
            + "".join(
                f'<Relationship Id="rId{index}" Type="{RELS}/worksheet" Target="worksheets/sheet{index}.xml"/>'
                for index in range(1, len(names) + 1)
            )
            + f'<Relationship Id="rId100" Type="{RELS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId101" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}">{styles or PLAIN_STYLES}</styleSheet>',
        "xl/sharedStrings.xml": (
            f'<sst xmlns="{MAIN}" count="{len(shared)}" uniqueCount="{len(shared)}">'
            + "".join(f"<si>{body}</si>" for body in shared)
            + "</sst>"
        ),
    }
    for index, rows in enumerate(sheets.values(), 1):
        parts[f"xl/worksheets/sheet{index}.xml"] = (
            f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text)
    return buffer.getvalue()


@pytest.mark.parametrize("epoch", [datetime.datetime(1899, 12, 30), datetime.datetime(1904, 1, 1)])
def test_a_roster_as_openpyxl_writes_it(epoch, settings, monkeypatch):
    """Strings, numbers, dates, times, durations, month dates, booleans; a table that starts in C3,
    below two empty rows, with an empty row in its middle and formatted empty cells beyond it; a
    sheet among several, and a chart sheet; the 1900 and the 1904 calendar."""
    workbook = Workbook()
    workbook.epoch = epoch
    sheet = workbook.active
    sheet.title = "说明"
    sheet["A1"] = "填表说明"
    roster = workbook.create_sheet("党员")
    rows = [
        ["姓名", "人数", "比例", "入党时间", "登记时间", "到会", "时长", "转正", "月份", "是否", "备注"],
        ["张三", 3, 0.25, datetime.date(2001, 7, 1), datetime.datetime(2024, 3, 5, 14, 30, 15, 500000)],
        ["李四 ", -7, 1e20, datetime.date(1900, 2, 28), datetime.datetime(1904, 1, 2, 0, 0, 1)],
        [],
        ["王五", 12345678901234567, 3.0, datetime.date(1900, 3, 1), datetime.datetime(2024, 3, 5)],
    ]
    for offset, values in enumerate(rows):
        for column, value in enumerate(values):
            roster.cell(3 + offset, 3 + column, value)
    for row in (4, 5, 7):
        roster.cell(row, 8, datetime.time(8, 30, row))
        roster.cell(row, 9, datetime.timedelta(days=1, hours=row, milliseconds=250))
        roster.cell(row, 10, 45000 + row).number_format = "yyyy-mm-dd"
        roster.cell(row, 11, datetime.date(2016, row, 1)).number_format = "yyyy-mm"
        roster.cell(row, 12, row % 2 == 0)
        roster.cell(row, 13, datetime.date(2010, row, 9)).number_format = 'yyyy"年"m"月"'
    roster.cell(7, 14, " 备注 ")
    roster.cell(9, 20).number_format = "0.00"  # formatted, empty: python-calamine does not count it
    roster.cell(12, 2).number_format = "yyyy-mm-dd"
    workbook.create_sheet("空白")
    workbook.create_chartsheet("图表")  # not a worksheet: no rows to read
    workbook.create_sheet("附表")["B2"] = "第四张"

    by_calamine, streamed = read_both(saved(workbook), settings, monkeypatch)
    assert streamed == by_calamine
    # what was compared: python-calamine's conventions, which the streamed reading reproduces
    name, rows_read, _formulas = by_calamine[1]
    assert name == "党员" and [number for number, _cells in rows_read] == [1, 2, 3, 4, 5, 6, 7]
    assert rows_read[0][1] == [(str, "")] * 14  # rows from the top of the sheet, as wide as the widest
    row_4 = dict(rows_read)[4]
    assert row_4[:5] == [(str, ""), (str, ""), (str, "张三"), (float, 3.0), (float, 0.25)]
    assert row_4[5][0] is datetime.date and row_4[6] == (
        datetime.datetime,
        datetime.datetime(2024, 3, 5, 14, 30, 15, 500000),
    )
    assert row_4[7] == (datetime.time, datetime.time(8, 30, 4))
    assert row_4[8] == (datetime.timedelta, datetime.timedelta(days=1, hours=4, milliseconds=250))
    assert row_4[10] == (MonthDate, MonthDate(2016, 4, 1)) and row_4[12] == (MonthDate, MonthDate(2010, 4, 1))
    assert row_4[11] == (bool, True)
    assert dict(rows_read)[6] == [(str, "")] * 14
    assert [name for name, _rows, _formulas in by_calamine] == ["说明", "党员", "空白", "附表"]
    assert by_calamine[2][1] == [] and by_calamine[3][1][1][1] == [(str, ""), (str, "第四张")]


def test_rich_text_and_text_that_looks_like_something_else(settings, monkeypatch):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["名册", CellRichText([TextBlock(InlineFont(b=True), " 粗体 "), "普通", TextBlock(InlineFont(i=True), "斜")])]
    )
    sheet.append(["", " ", "a\nb", "_x000D_换行", "0012", "=不是公式", "TRUE", "#N/A", "2024-01-01"])
    by_calamine, streamed = read_both(saved(workbook), settings, monkeypatch)
    assert streamed == by_calamine
    assert by_calamine[0][1][1][1][3] == (str, "\r换行")


# Number formats: built-in ones (14 a date, 22 a date and time, 46 a duration, 57 a Chinese month,
# yyyy"年"m"月") and custom ones python-calamine tells apart by rules of its own: "Y: " in quotes is
# no date; [h] is a duration; a date in the second section only is a number; yyyy"年"m"月" is a
# date (and a month); * repeats the character after it, y here, which is no year.
STYLES = (
    '<numFmts count="6"><numFmt numFmtId="164" formatCode="&quot;Y: &quot;0.00"/>'
    '<numFmt numFmtId="165" formatCode="[h]:mm"/><numFmt numFmtId="166" formatCode="0;yyyy-mm-dd"/>'
    '<numFmt numFmtId="167" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/>'
    '<numFmt numFmtId="168" formatCode="[Red]hh:mm:ss.000"/><numFmt numFmtId="169" formatCode="#,##0*y"/></numFmts>'
    '<cellXfs count="12"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="46"/>'
    '<xf numFmtId="57"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/>'
    '<xf numFmtId="168"/><xf numFmtId="169"/><xf/></cellXfs>'
)


def number_cells(row: int, value: str) -> str:
    return (
        f'<row r="{row}">'
        + "".join(f'<c r="{column}{row}" s="{style}"><v>{value}</v></c>' for style, column in enumerate("ABCDEFGHIJKL"))
        + "</row>"
    )


@pytest.mark.parametrize("date1904", [False, True])
def test_numbers_in_every_kind_of_format(date1904, settings, monkeypatch):
    values = [
        "0",
        "0.5",
        "1",
        "59",
        "59.75",
        "60",
        "61",
        "45000",
        "45000.999999994",
        "45000.9999999995",
        "-1",
        "-0.25",
        "2958465",
        "2958466",
        "123456789.5",
        "12345.678",
        "3",
    ]
    data = hand_written(
        {"数": "".join(number_cells(row, value) for row, value in enumerate(values, 1))},
        styles=STYLES,
        date1904=date1904,
    )
    by_calamine, streamed = read_both(data, settings, monkeypatch)
    assert streamed == by_calamine
    row_8 = dict(by_calamine[0][1])[8]  # 45000
    assert [kind for kind, _value in row_8] == [
        float,
        datetime.date,
        datetime.date,
        datetime.timedelta,
        MonthDate,
        float,
        datetime.timedelta,
        float,
        MonthDate,
        datetime.date,
        float,
        float,
    ]


SHARED = [
    "<t>普通</t>",
    '<t xml:space="preserve">  留空  </t>',
    '<r><rPr><b/></rPr><t>粗</t></r><r><t xml:space="preserve"> 细</t></r>',
    '<t>张</t><rPh sb="0" eb="1"><t>ZHANG</t></rPh>',
    "<t></t>",
    "<t>&lt;a&gt; &amp; _x0009_tab</t>",
    "<t>\n  不留空 </t>",  # trimmed: no xml:space="preserve"
    "<t>_x005F_x000D_</t>",  # Excel's escape of a typed _x000D_
]


def test_strings_shared_inline_rich_and_phonetic(settings, monkeypatch):
    rows = (
        '<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c><c r="D2" t="s"><v>2</v></c>'
        '<c r="E2" t="s"><v>3</v></c><c r="F2" t="s"><v>4</v></c><c r="G2" t="s"><v>5</v></c>'
        '<c r="H2" t="s"><v>6</v></c><c r="I2" t="s"><v>7</v></c></row>'
        '<row r="3"><c r="B3" t="inlineStr"><is><t>行内</t></is></c>'
        '<c r="C3" t="inlineStr"><is><r><t>富</t></r><r><rPr><i/></rPr><t xml:space="preserve"> 文本</t></r></is></c>'
        '<c r="D3" t="inlineStr"><is><t></t></is></c><c r="E3" t="inlineStr"/>'
        '<c r="F3" t="inlineStr"><is><t>李</t><rPh sb="0" eb="1"><t>LI</t></rPh></is></c>'
        '<c r="G3" t="inlineStr"><is><t> 不留空 _x000A_</t></is></c></row>'
        '<row r="5"><c r="C5" t="b"><v>1</v></c><c r="D5" t="b"><v>0</v></c><c r="E5" t="e"><v>#DIV/0!</v></c>'
        '<c r="F5" t="n"><v>7</v></c><c r="G5"><v>2.5</v></c><c r="H5" t="s"><v></v></c></row>'
        '<row r="6"><c r="J6" t="e"><v>#N/A</v></c></row>'
    )
    by_calamine, streamed = read_both(hand_written({"字": rows}, shared=SHARED), settings, monkeypatch)
    assert streamed == by_calamine
    rows_read = dict(by_calamine[0][1])
    assert [value for _kind, value in rows_read[2][1:9]] == [
        "普通",
        "  留空  ",
        "粗 细",
        "张",
        "",
        "<a> & \ttab",
        "不留空",
        "_x000D_",
    ]
    assert [value for _kind, value in rows_read[3][1:7]] == ["行内", "富 文本", "", "", "李", "不留空 \n"]
    assert len(rows_read[6]) == 10  # the error cell counts: it makes the sheet as wide


def test_formula_cells_with_their_cached_values(settings, monkeypatch):
    rows = (
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1*2</f><v>2</v></c><c r="C1" t="str"><f>"a"&amp;"b"</f>'
        "<v>ab</v></c></row>"
        '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" ref="B2:B3" si="0">A2*2</f><v>4</v></c>'
        '<c r="C2" t="str"><f>IF(A2&gt;1,"","x")</f><v></v></c><c r="D2" t="b"><f>A2&gt;1</f><v>1</v></c>'
        '<c r="E2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
        '<row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"/><v>6</v></c><c r="C3"><f>A3</f></c></row>'
    )
    by_calamine, streamed = read_both(hand_written({"公式": rows}), settings, monkeypatch)
    assert streamed == by_calamine
    assert by_calamine[0][2] == {(1, 1), (1, 2), (2, 1), (2, 2), (2, 3), (2, 4), (3, 1), (3, 2)}
    assert dict(by_calamine[0][1])[1][1:] == [(float, 2.0), (str, "ab"), (str, ""), (str, "")]


def test_rows_and_cells_without_references_and_a_dimension_that_lies(settings, monkeypatch):
    """Rows and cells numbered where the previous one ended (as some programs write them), and a
    <dimension> of one cell over a larger sheet: openpyxl's read-only reader would stop at it."""
    rows = (
        "<row><c><v>1</v></c><c><v>2</v></c></row>"
        '<row r="4"><c r="C4"><v>3</v></c><c><v>4</v></c></row>'
        '<row><c t="inlineStr"><is><t>五</t></is></c></row>'
    )
    data = hand_written({"无号": rows})
    archive = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for info in archive.infolist():
            content = archive.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<sheetData>", b'<dimension ref="A1"/><sheetData>')
            rewritten.writestr(info.filename, content)
    data_with_dimension = buffer.getvalue()
    by_calamine, streamed = read_both(data_with_dimension, settings, monkeypatch)
    assert streamed == by_calamine
    assert [number for number, _cells in by_calamine[0][1]] == [1, 2, 3, 4, 5]


def test_an_empty_sheet_and_a_sheet_of_formatted_empty_cells(settings, monkeypatch):
    data = hand_written({"空": "", "格式": '<row r="3" s="1"><c r="B3" s="1"/></row><row r="4"/>'})
    by_calamine, streamed = read_both(data, settings, monkeypatch)
    assert streamed == by_calamine == [("空", [], set()), ("格式", [], set())]


def test_a_workbook_with_a_sheet_above_the_threshold_is_streamed_whole(settings, monkeypatch):
    """The threshold counts the cells of each sheet's rectangle as measured before reading: a sheet
    of 4 rows of 3 columns (12 cells) is above a threshold of 11, not of 12. Its workbook's small
    sheet is streamed too: python-calamine, opened for it, would copy the whole file into memory."""
    data = workbooks.xlsx([["a", "b", "c"]] * 4, extra_sheets=[("小", [["x"]])])
    streamed_sheets = []
    original = reading._streamed_rows

    def spy(data, name, rows_hint=None):
        streamed_sheets.append(name)
        return original(data, name, rows_hint)

    monkeypatch.setattr(reading, "_streamed_rows", spy)
    for threshold, expected in [(12, []), (11, ["小", "党员"]), (0, ["小", "党员"])]:
        settings.REGISTRY_IMPORT_STREAMED_CELLS = threshold
        streamed_sheets.clear()
        sheets = open_sheets(load_source(data, "roster.xlsx"))[1]
        assert streamed_sheets == expected
        assert [list(sheet.rows()) for sheet in sheets] == [
            [(1, ["x"])],
            [(number, ["a", "b", "c"]) for number in range(1, 5)],
        ]


def test_a_member_import_streamed_counts_and_errs_as_one_read_at_once(tree, settings, monkeypatch):
    branch = tree["fuzhou_1"]
    rows = [member_row(branch) for _ in range(6)]
    rows[1][6] = "1381234"  # a phone too short
    rows[3][0] = ""  # no name
    rows[4][2] = "不存在的支部"
    rows.append(list(rows[0]))  # a duplicate
    data = workbooks.xlsx([MEMBER_HEADERS, *rows], title_rows=[["福州市流动党员花名册"], []])

    def outcome(threshold):
        settings.REGISTRY_IMPORT_STREAMED_CELLS = threshold
        result = run_import("members", data, filename="roster.xlsx", dry_run=True)
        return result.counts, [error.as_dict() for error in result.errors]

    at_once = outcome(10**12)
    monkeypatch.setattr(reading, "_calamine_rows", None)  # not called again
    streamed = outcome(0)
    assert streamed == at_once
    counts, errors = at_once
    assert counts["new"] == 3 and len(errors) == 4
