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
`cell` or `append` here.
"""

import datetime
import decimal
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

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


def plain_or_cell(sheet, value, *, text: bool = False):
    """What a long list hands openpyxl for one value: the value itself where openpyxl alone writes
    the very cell `cell` would — nothing, a number, a text not kept as text (`escaped` keeps it from
    reading as a formula) that is no error code such as #N/A — else the cell. Each cell of ours costs
    openpyxl's write-only sheet a refused conversion and its error message: a long export's fifth."""
    kind = type(value)
    if value is None or kind is int or kind is float:
        return value
    if kind is str and not text and value not in ERROR_CODES:
        return escaped(value)
    return cell(sheet, value, text=text)


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
    sheet = workbook.create_sheet(sheet_name)
    sheet.append(header_row(sheet, headers, widths))
    texts = list(text_columns) + [False] * (len(headers) - len(text_columns))
    count = 0
    for row in rows:
        sheet.append([plain_or_cell(sheet, value, text=texts[index]) for index, value in enumerate(row)])
        count += 1
    autofilter(sheet, len(headers), count)
    return to_bytes(workbook), count


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
    return buffer.getvalue()
