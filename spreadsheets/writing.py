"""Workbooks written fast (openpyxl's write-only mode) and safely.

Dates are date cells. Amounts (Decimal) show thousands separators and two decimals. Every list's
header row carries an autofilter (`autofilter`), so that Excel sorts and filters it at once. Texts that must stay texts (ID numbers, phones, codes) are formatted as
text. A text that starts with = + - @ is written as a string with Excel's quote prefix, so Excel
shows it and never runs it — and the value itself is unchanged.
"""

import datetime
import decimal
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from spreadsheets.dates import MonthDate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@")
DAY_FORMAT, MONTH_FORMAT = "yyyy-mm-dd", "yyyy-mm"
AMOUNT_FORMAT = "#,##0.00"
# The fill of a cell a person is asked to fill in (a work list's blanks).
TO_FILL = PatternFill(fill_type="solid", start_color="FFF2CC", end_color="FFF2CC")


def default_width(header: str) -> int:
    return max(12, len(header) * 2 + 4)


def cell(sheet, value, *, text: bool = False) -> WriteOnlyCell:
    """One cell of a write-only sheet: a date as a date, a text never as a formula; `text` keeps
    the cell formatted as text (so Excel does not turn 350124… into 3.5E+17)."""
    written = WriteOnlyCell(sheet, value)
    if isinstance(value, MonthDate):
        written.number_format = MONTH_FORMAT  # a date known to the month: 2016-12, still a date
    elif isinstance(value, (datetime.date, datetime.datetime)):
        written.number_format = DAY_FORMAT
    elif isinstance(value, decimal.Decimal):
        written.number_format = AMOUNT_FORMAT
    elif isinstance(value, str):
        written.data_type = "s"  # never a formula, whatever it starts with
        formula_like = value.startswith(FORMULA_STARTS)
        if text or formula_like:
            written.number_format = "@"
        if formula_like:
            written.quotePrefix = True
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


def header_row(sheet, headers: Sequence[str], widths: Sequence[int | None] = ()) -> list[WriteOnlyCell]:
    """Bold header cells, column widths set, the header row frozen."""
    bold = Font(bold=True)
    cells = []
    for index, header in enumerate(headers, start=1):
        written = WriteOnlyCell(sheet, header)
        written.font = bold
        cells.append(written)
        width = widths[index - 1] if index - 1 < len(widths) else None
        sheet.column_dimensions[get_column_letter(index)].width = width or default_width(header)
    sheet.freeze_panes = "A2"
    return cells


def append(sheet, values) -> None:
    """Appends a row to an ordinary (not write-only) sheet; a text that starts like a formula stays
    text, as `cell` writes it."""
    sheet.append(values)
    for written in sheet[sheet.max_row]:
        if isinstance(written.value, str) and written.value.startswith(FORMULA_STARTS):
            written.data_type = "s"
            written.quotePrefix = True


def table_workbook(sheet_name: str, headers: Sequence[str], rows: Iterable[Sequence], *,
                   text_columns: Sequence[bool] = (), widths: Sequence[int | None] = ()) -> tuple[bytes, int]:
    """(.xlsx bytes, number of rows): one sheet, a header row, then `rows` (ready values in column
    order). `text_columns[i]` keeps column i formatted as text."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.append(header_row(sheet, headers, widths))
    texts = list(text_columns) + [False] * (len(headers) - len(text_columns))
    count = 0
    for row in rows:
        sheet.append([cell(sheet, value, text=texts[index]) for index, value in enumerate(row)])
        count += 1
    autofilter(sheet, len(headers), count)
    return to_bytes(workbook), count


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
