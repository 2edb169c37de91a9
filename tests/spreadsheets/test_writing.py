"""The one workbook writer: no workbook the registry writes carries a formula, whichever way its
cells were filled, and what it escaped reads back as it was."""

import ast
import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from spreadsheets import writing
from spreadsheets.values import cell_text

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]


def _cells(content: bytes):
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            yield from row


def _formula_like(cell) -> bool:
    return cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(writing.FORMULA_STARTS))


@pytest.mark.parametrize("write_only", [True, False])
def test_no_text_is_written_as_a_formula_and_numbers_stay_numbers(write_only):
    workbook = writing.new_workbook(write_only=write_only)
    sheet = workbook.create_sheet("表") if write_only else workbook.active
    writing.append(sheet, HOSTILE)
    writing.append(sheet, [-3, 2.5, datetime.date(2026, 1, 2), "王芳", "1-2"])
    cells = list(_cells(writing.to_bytes(workbook)))
    assert not [cell.coordinate for cell in cells if _formula_like(cell)]
    # (written through lxml, a carriage return reads back as itself)
    assert [cell.value for cell in cells[: len(HOSTILE)]] == ["'" + text for text in HOSTILE]
    numbers = cells[len(HOSTILE) :]
    assert [numbers[0].value, numbers[1].value, numbers[3].value, numbers[4].value] == [-3, 2.5, "王芳", "1-2"]
    assert numbers[0].data_type == "n" and numbers[2].value == datetime.datetime(2026, 1, 2)


def test_an_ordinary_sheet_filled_by_openpyxl_itself_is_escaped_on_saving():
    workbook = writing.new_workbook()
    workbook.active.append(HOSTILE)
    workbook.active["A3"] = "=1+1"
    cells = list(_cells(writing.to_bytes(workbook)))
    assert cells and not [cell.coordinate for cell in cells if _formula_like(cell)]


def test_the_reader_takes_the_escape_off_again():
    assert [cell_text("'" + text) for text in HOSTILE] == [text.strip() for text in HOSTILE]
    assert cell_text("'quoted") == "'quoted"  # an apostrophe before anything else is the text's own


def _makes_a_workbook(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
            found += [f"line {node.lineno}: imports {alias.name}" for alias in node.names if alias.name == "Workbook"]
        if isinstance(node, ast.Attribute) and node.attr == "Workbook":
            found.append(f"line {node.lineno}: .Workbook")
    return found


def test_every_workbook_is_made_and_saved_by_the_writer():
    """A module that made its own openpyxl Workbook could save formulas; only the writer does."""
    found = {}
    for package in ("spreadsheets", "branches", "registry", "outreach", "config", "printing"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or path == ROOT / "spreadsheets" / "writing.py":
                continue
            if hits := _makes_a_workbook(path):
                found[str(path.relative_to(ROOT))] = hits
    assert not found, f"make workbooks with spreadsheets.writing.new_workbook and save them with to_bytes: {found}"


def _sheet_xml(content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_a_table_writes_every_value_as_its_own_cell_would():
    """table_workbook writes its rows' XML itself (quicker than openpyxl cell by cell): the sheet is
    byte for byte the one written a `cell` per value — an error code's text stays a text."""
    values = [*HOSTILE, "#N/A", "王芳", "", None, 3, -2.5, True, datetime.date(2026, 1, 2), Decimal("1.50"), "350124"]
    texts = [False] * (len(values) - 1) + [True]
    headers = [f"列{index}" for index in range(len(values))]
    content, count = writing.table_workbook("表", headers, [values, values], text_columns=texts)
    workbook = writing.new_workbook(write_only=True)
    sheet = workbook.create_sheet("表")
    sheet.append(writing.header_row(sheet, headers))
    for _row in range(2):
        sheet.append([writing.cell(sheet, value, text=text) for value, text in zip(values, texts, strict=True)])
    writing.autofilter(sheet, len(headers), 2)
    assert count == 2
    assert _sheet_xml(content) == _sheet_xml(writing.to_bytes(workbook))


def test_a_long_sheet_is_byte_for_byte_the_cells_openpyxl_writes():
    """table_sheet writes its rows' XML itself (a long export's time was openpyxl's, cell by cell):
    every kind of value, escape, whitespace, blank to fill and style number as openpyxl writes them."""
    from spreadsheets.dates import MonthDate

    values = [
        *HOSTILE,
        "a & b < c > d \"e\" 'f'",
        " leading",
        "trailing\n",
        "\u3000全角",
        "tab\tand\nline",
        "王芳😀",
        "x" * 40000,
        "",
        None,
        writing.BLANK_TO_FILL,
        0,
        -7,
        10**17,
        0.1,
        float("nan"),
        False,
        MonthDate(2016, 12, 1),
        datetime.date(1900, 2, 1),
        datetime.datetime(2026, 1, 2, 3, 4, 5),
        Decimal("-1234.5"),
        "350124198903221654",
        "",
        writing.BLANK_TO_FILL,
        12,
    ]
    texts = [False] * (len(values) - 4) + [True] * 4
    headers = [f"列{index}" for index in range(len(values))]
    rows = [values, list(reversed(values)), [None] * len(values)]
    workbook = writing.new_workbook(write_only=True)
    count = writing.table_sheet(workbook, "表", headers, rows, text_columns=texts)
    expected = writing.new_workbook(write_only=True)
    sheet = expected.create_sheet("表")
    sheet.append(writing.header_row(sheet, headers))
    for row in rows:
        sheet.append(
            [
                writing.to_fill(sheet) if value is writing.BLANK_TO_FILL else writing.cell(sheet, value, text=text)
                for value, text in zip(row, texts, strict=True)
            ]
        )
    writing.autofilter(sheet, len(headers), 3)
    assert count == 3
    content, expected_content = writing.to_bytes(workbook), writing.to_bytes(expected)
    assert _sheet_xml(content) == _sheet_xml(expected_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive, zipfile.ZipFile(io.BytesIO(expected_content)) as other:
        assert archive.namelist() == other.namelist()
        assert archive.read("xl/styles.xml") == other.read("xl/styles.xml")


@pytest.mark.parametrize("text", ["bell\x07", "not a character\ufffe"])
def test_a_long_sheet_refuses_what_openpyxl_refuses(text):
    workbook = writing.new_workbook(write_only=True)
    with pytest.raises((IllegalCharacterError, ValueError)):  # lxml: "not XML compatible"
        writing.table_sheet(workbook, "表", ["列"], [["fine"], [text]])
    writing.to_bytes(workbook)  # (the header row's stream closed)
