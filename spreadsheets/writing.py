"""Every workbook the registry writes goes through this module: fast (openpyxl's write-only mode
for the long lists) and safe.

Dates are date cells (a date known to the month is still a date, shown yyyy-mm). Amounts
(Decimal) show thousands separators and two decimals. Every list's header row carries an autofilter
(`autofilter`), so that Excel sorts and filters it at once. Texts that must stay texts (ID numbers,
phones, codes) are formatted as text. A text that a spreadsheet would read as a formula — one that
starts with = + - @, a tab or a carriage return — is written with a leading apostrophe
(`'=HYPERLINK(…)`), as a text cell: no spreadsheet runs it, and it stays harmless when the sheet is
copied elsewhere or saved as CSV. The importer takes that apostrophe off again
(spreadsheets.values.cell_text), so an export imports back as unchanged. Numbers stay numbers (a
negative number is a number, not a text).

`to_bytes` checks every cell of an ordinary workbook once more before saving, so a sheet filled
with openpyxl's own `append` cannot carry a formula either; a write-only sheet is filled through
`cell` or `append` here, a long list's through `table_sheet` (the same cells, its rows' XML written
here: openpyxl took most of a long export's time).
"""

import datetime
import decimal
import io
import re
import shutil
import tempfile
import weakref
import zipfile
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell._writer import etree_write_cell
from openpyxl.comments import Comment
from openpyxl.compat import safe_string
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.xml.functions import tostring

from spreadsheets.dates import MonthDate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def escaped(value):
    """`value` as a cell may hold it: a text that starts like a formula gets a leading apostrophe;
    anything else (numbers, dates, other texts) is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return ESCAPE + value
    return value


def unescaped(text: str) -> str:
    """The text `escaped` was given: the leading apostrophe taken off again."""
    if text.startswith(ESCAPE) and text[1:2] and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def new_workbook(*, write_only: bool = False) -> Workbook:
    """A workbook to fill through this module and save with `to_bytes`."""
    return Workbook(write_only=write_only)


DAY_FORMAT, MONTH_FORMAT = "yyyy-mm-dd", "yyyy-mm"
AMOUNT_FORMAT = "#,##0.00"
# The fill of a cell a person is asked to fill in (a work list's blanks).
TO_FILL = PatternFill(fill_type="solid", start_color="FFF2CC", end_color="FFF2CC")


def default_width(header: str) -> int:
    return max(12, len(header) * 2 + 4)


def cell(sheet, value, *, text: bool = False) -> Cell:
    """One cell of a write-only sheet: a date as a date, a text never as a formula; `text` keeps
    the cell formatted as text (so Excel does not turn 350124… into 3.5E+17)."""
    written = WriteOnlyCell(sheet, escaped(value))
    if isinstance(value, MonthDate):
        written.number_format = MONTH_FORMAT  # a date known to the month: 2016-12, still a date
    elif isinstance(value, (datetime.date, datetime.datetime)):
        written.number_format = DAY_FORMAT
    elif isinstance(value, decimal.Decimal):
        written.number_format = AMOUNT_FORMAT
    elif isinstance(value, str):
        written.data_type = "s"  # never a formula, whatever it starts with
        if text:
            written.number_format = "@"
    return written


def to_fill(sheet, note: str | None = None) -> WriteOnlyCell:
    """An empty cell marked for a person to fill in (a fill colour, and a note when given)."""
    written = WriteOnlyCell(sheet, None)
    written.fill = TO_FILL
    if note:
        written.comment = Comment(note, "registry")
    return written


def autofilter(sheet, columns: int, rows: int) -> None:
    """Excel's filter buttons on the header row, over the `rows` rows below it."""
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"


def header_row(sheet, headers: Sequence[str], widths: Sequence[int | None] = ()) -> list[Cell]:
    """Bold header cells, column widths set, the header row frozen."""
    bold = Font(bold=True)
    cells = []
    for index, header in enumerate(headers, start=1):
        written = cell(sheet, header)
        written.font = bold
        cells.append(written)
        width = widths[index - 1] if index - 1 < len(widths) else None
        sheet.column_dimensions[get_column_letter(index)].width = width or default_width(header)
    sheet.freeze_panes = "A2"
    return cells


def append(sheet, values) -> None:
    """Appends a row to a sheet (ordinary or write-only); a text that starts like a formula is
    escaped, as `cell` writes it."""
    if isinstance(sheet, WriteOnlyWorksheet):
        sheet.append([value if isinstance(value, Cell) else cell(sheet, value) for value in values])
        return
    sheet.append([escaped(value) for value in values])


def table_workbook(
    sheet_name: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    text_columns: Sequence[bool] = (),
    widths: Sequence[int | None] = (),
) -> tuple[bytes, int]:
    """(.xlsx bytes, number of rows): one sheet, a header row, then `rows` (ready values in column
    order). `text_columns[i]` keeps column i formatted as text."""
    workbook = new_workbook(write_only=True)
    count = table_sheet(workbook, sheet_name, headers, rows, text_columns=text_columns, widths=widths)
    return to_bytes(workbook), count


class _BlankToFill:
    def __repr__(self):
        return "BLANK_TO_FILL"


# A value of a long list's row (`table_sheet`) that is a blank for a person to fill in: the cell
# `to_fill` makes (coloured, no note).
BLANK_TO_FILL = _BlankToFill()


def table_sheet(
    workbook: Workbook,
    sheet_name: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    text_columns: Sequence[bool] = (),
    widths: Sequence[int | None] = (),
) -> int:
    """A long list's sheet in a write-only workbook: a header row, `rows` below it (ready values in
    column order, BLANK_TO_FILL for a blank to fill in), the autofilter over them; the number of rows.
    The rows are written as the sheet's XML by `_RowWriter` — the cells `cell` would make, several
    times quicker than through openpyxl — into a temporary file (memory stays bounded whatever the
    length), which `to_bytes` puts into the sheet. Append nothing to the sheet afterwards."""
    sheet = workbook.create_sheet(sheet_name)
    sheet.append(header_row(sheet, headers, widths))
    texts = list(text_columns) + [False] * (len(headers) - len(text_columns))
    writer = _RowWriter(sheet, texts)
    rows_xml = tempfile.TemporaryFile()  # noqa: SIM115 (closed by to_bytes, once in the workbook)
    lines, count = [], 0
    try:
        for count, row in enumerate(rows, start=1):
            lines.append(writer.row(count + 1, row))
            if len(lines) == 1000:
                rows_xml.write("".join(lines).encode("ascii", "xmlcharrefreplace"))
                lines.clear()
        rows_xml.write("".join(lines).encode("ascii", "xmlcharrefreplace"))
    except BaseException:
        rows_xml.close()
        raise
    _LONG_SHEETS.setdefault(workbook, []).append((sheet, rows_xml))
    autofilter(sheet, len(headers), count)
    return count


# The rows `table_sheet` wrote, per workbook, until `to_bytes` puts them into their sheets.
_LONG_SHEETS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# Texts that openpyxl refuses (control characters) or that XML cannot hold: openpyxl writes (or
# refuses) those itself.
_UNUSUAL_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class _RowWriter:
    """A write-only sheet's rows as the XML openpyxl writes for the cell `cell` makes of each value
    (`to_fill`'s for BLANK_TO_FILL): the same elements, attributes, escapes and style numbers (taken
    when a style is first written, as openpyxl takes them). openpyxl makes a cell object per value,
    binds the value and writes it element by element through lxml: most of a long export's time.
    Nothing, texts, numbers, dates and amounts are written here; any other value (True, a datetime)
    is handed to openpyxl's own cell writer."""

    def __init__(self, sheet, texts: Sequence[bool]):
        self.sheet = sheet
        self.texts = texts
        self.letters = [get_column_letter(index) for index in range(1, len(texts) + 1)]
        self.styles: dict = {}
        self.serials: dict = {}  # date -> its cell's <v>, as openpyxl writes it
        self.dates_as_numbers = not sheet.parent.iso_dates

    def style(self, key, value) -> str:
        attribute = self.styles.get(key)
        if attribute is None:
            example = to_fill(self.sheet) if value is BLANK_TO_FILL else cell(self.sheet, value, text=key == "text")
            attribute = self.styles[key] = f' s="{example.style_id}"'
        return attribute

    def row(self, number: int, values: Sequence) -> str:
        parts = [f'<row r="{number}">']
        for index, value in enumerate(values):
            if value is None:
                continue
            ref = f"{self.letters[index]}{number}"
            kind = type(value)
            if kind is str and not _UNUSUAL_TEXT.search(value):
                text = escaped(value)[:32767]
                style = self.style("text", text) if self.texts[index] else ""
                if not text:
                    parts.append(f'<c r="{ref}"{style} t="inlineStr"></c>')
                    continue
                space = ' xml:space="preserve"' if text != text.strip() else ""
                text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
                parts.append(f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>')
            elif kind is int or kind is float:
                parts.append(f'<c r="{ref}" t="n"><v>{safe_string(value)}</v></c>')
            elif (kind is datetime.date or kind is MonthDate) and self.dates_as_numbers:
                serial = self.serials.get(value)
                if serial is None:
                    serial = self.serials[value] = safe_string(to_excel(value, self.sheet.parent.epoch))
                style = self.style(kind, value)
                parts.append(f'<c r="{ref}"{style} t="n"><v>{serial}</v></c>')
            elif kind is decimal.Decimal:
                parts.append(f'<c r="{ref}"{self.style(kind, value)} t="n"><v>{safe_string(value)}</v></c>')
            elif value is BLANK_TO_FILL:
                parts.append(f'<c r="{ref}"{self.style(BLANK_TO_FILL, value)} t="n"></c>')
            else:
                parts.append(self.by_openpyxl(number, index, value))
        parts.append("</row>")
        return "".join(parts)

    def by_openpyxl(self, number: int, index: int, value) -> str:
        written = cell(self.sheet, value, text=self.texts[index])
        written.row, written.column = number, index + 1
        out = _Element()
        etree_write_cell(out, self.sheet, written, written.has_style)
        return tostring(out.element).decode("ascii")


class _Element:
    """Where openpyxl's cell writer puts the one cell's element it makes."""

    element = None

    def write(self, element) -> None:
        self.element = element


def _with_long_sheets(content: bytes, rows_by_part: dict) -> bytes:
    """The saved workbook with the rows `table_sheet` wrote put into their sheets, below the header
    row openpyxl wrote; every other part as it was."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            rows_xml = rows_by_part.get(info.filename)
            if rows_xml is None:
                target.writestr(info, data)
                continue
            head, tail = data.split(b"</sheetData>")
            info.file_size = len(head) + rows_xml.tell() + len(tail) + 12  # zip64 when it needs it
            rows_xml.seek(0)
            with target.open(info, "w") as part:
                part.write(head)
                shutil.copyfileobj(rows_xml, part, 1 << 20)
                part.write(b"</sheetData>" + tail)
            rows_xml.close()
    return out.getvalue()


def to_bytes(workbook: Workbook) -> bytes:
    """The workbook as .xlsx bytes. Every cell of an ordinary sheet is checked first: a formula or
    a text that starts like one is escaped (a write-only sheet was written through `cell`)."""
    if not workbook.write_only:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for written in row:
                    if isinstance(written.value, str) and (
                        written.data_type == "f" or written.value.startswith(FORMULA_STARTS)
                    ):
                        written.value = escaped(written.value)
                        written.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    if long_sheets := _LONG_SHEETS.pop(workbook, ()):
        return _with_long_sheets(buffer.getvalue(), {sheet.path[1:]: rows_xml for sheet, rows_xml in long_sheets})
    return buffer.getvalue()
