"""Where the table starts and which column is which (docs/spreadsheets.md#header-row, "Where the table starts").

The header row is the first row, within the first 10, whose cells match at least three known
headers of the kind. Headers match after removing spaces, full-width spaces, line breaks and a
trailing `*` or `（必填）`; unknown columns are ignored and listed.
"""

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from spreadsheets.errors import ImportRefused
from spreadsheets.reading import Sheet
from spreadsheets.values import cell_text, is_blank

HEADER_SEARCH_ROWS = 10
MIN_MATCHING_HEADERS = 3
TOTALS_PREFIXES = ("合计", "总计", "小计")
_SPACES = re.compile(r"\s+")
_REQUIRED_MARK = re.compile(r"(\*|\(必填\))$")


@dataclass(frozen=True)
class Column:
    """One column of a kind: the model field it fills, its canonical header and aliases, how a
    cell is read (`parse`) and written back (`canonical` for choices)."""

    field: str
    header: str
    aliases: tuple[str, ...] = ()
    parse: Callable = cell_text
    required: bool = False  # for a new record; an existing one keeps its value when the cell is empty
    memo: bool = True  # repeated values (dates, names of organizations) are parsed once
    canonical: dict | None = None  # stored value → the word the export writes

    def names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


def normalize_header(value) -> str:
    text = unicodedata.normalize("NFKC", cell_text(value))
    text = _SPACES.sub("", text)
    while True:
        stripped = _REQUIRED_MARK.sub("", text)
        if stripped == text:
            return text
        text = stripped


def header_lookup(columns: tuple[Column, ...]) -> dict[str, Column]:
    lookup = {}
    for column in columns:
        for name in column.names():
            lookup.setdefault(normalize_header(name), column)
    return lookup


@dataclass
class Table:
    """The located table of one sheet: its header row, the mapped columns, the rows below."""

    sheet: Sheet
    header_row: int
    columns: list[tuple[int, Column]]  # (0-based column index, Column)
    headers: dict[int, str]  # column index → the header as the file writes it (trimmed)
    header_cells: list  # the raw header row, for the error workbook
    ignored_columns: list[str]
    _rows: Iterator = field(repr=False, default=None)

    def header_for(self, field_name: str, columns: tuple[Column, ...]) -> str:
        for index, column in self.columns:
            if column.field == field_name:
                return self.headers[index]
        for column in columns:
            if column.field == field_name:
                return column.header
        return ""

    def data_rows(self) -> Iterator[tuple[int, list]]:
        return self._rows


def is_totals_line(cells: list) -> bool:
    for cell in cells:
        if not is_blank(cell):
            return isinstance(cell, str) and cell_text(cell).replace(" ", "").startswith(TOTALS_PREFIXES)
    return False


def _match(cells: list, lookup: dict[str, Column]) -> tuple[list, dict, list]:
    mapped, headers, ignored, seen = [], {}, [], set()
    for index, cell in enumerate(cells):
        if is_blank(cell):
            continue
        text = cell_text(cell)
        column = lookup.get(normalize_header(cell))
        if column is None or column.field in seen:
            ignored.append(text)
            continue
        seen.add(column.field)
        mapped.append((index, column))
        headers[index] = text
    return mapped, headers, ignored


def _find_header(sheet: Sheet, lookup: dict[str, Column]) -> Table | None:
    rows = sheet.rows()
    for number, cells in rows:
        if number > HEADER_SEARCH_ROWS:
            return None
        mapped, headers, ignored = _match(cells, lookup)
        if len(mapped) >= MIN_MATCHING_HEADERS:
            return Table(sheet, number, mapped, headers, list(cells), ignored, rows)
    return None


def locate_table(
    sheets: list[Sheet],
    columns: tuple[Column, ...],
    *,
    kind_label: str,
    preferred_sheet: str,
    sheet_name: str | None = None,
) -> Table:
    """The table of the kind: in `sheet_name` if given, else in the sheet named after the kind
    (商会, 会员企业, 党组织, 党员) if it has one, else in the first sheet that has a header row."""
    lookup = header_lookup(columns)
    if sheet_name is not None:
        candidates = [sheet for sheet in sheets if sheet.name == sheet_name]
        if not candidates:
            raise ImportRefused(
                _("The workbook has no sheet named “%(name)s”; its sheets are: %(sheets)s.")
                % {"name": sheet_name, "sheets": "、".join(sheet.name for sheet in sheets)},
                code="no_such_sheet",
            )
    else:
        candidates = sorted(sheets, key=lambda sheet: sheet.name != preferred_sheet)
    for sheet in candidates:
        table = _find_header(sheet, lookup)
        if table is not None:
            return table
    raise ImportRefused(
        _(
            "No header row for %(kind)s was found in the first %(rows)d rows: one row must have at least "
            "%(count)d of the headers %(headers)s."
        )
        % {
            "kind": kind_label,
            "rows": HEADER_SEARCH_ROWS,
            "count": MIN_MATCHING_HEADERS,
            "headers": "、".join(column.header for column in columns),
        },
        code="no_header",
    )
