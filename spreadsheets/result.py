"""What an import made of a file: per-row outcomes, counts, and the invalid rows as a workbook
ready to fix and import again.

The counts are of every row; the outcomes kept are every invalid row's (the errors, the error
workbook) and the first KEPT_OUTCOMES rows of each other status (the preview): a file of a million
rows is checked and written without a million outcomes held (issue 27 §6)."""

import datetime
from dataclasses import dataclass, field

NEW, UPDATED, UNCHANGED, INVALID = "new", "updated", "unchanged", "invalid"
# The outcomes kept of each status but INVALID (all of whose are kept): well above what a preview
# shows (registry/imports/tasks.PREVIEW_ROWS), and every row of a file of this size or less.
KEPT_OUTCOMES = 5000
ERROR_COLUMN = "错误说明"


@dataclass(slots=True)
class RowError:
    row: int  # as Excel shows it, 1-based
    column: str  # the header as the file writes it ('' when the error is about the whole row)
    value: str
    message: str
    code: str  # a stable kind of error, for programs and tests: "id_number_check", "duplicate", …
    field: str = ""  # the model field, when there is one

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message, "code": self.code}


@dataclass(slots=True)
class FieldChange:
    field: str
    column: str
    before: str  # as the export writes it
    after: str


@dataclass(slots=True)
class RowOutcome:
    row: int
    status: str  # NEW, UPDATED, UNCHANGED or INVALID
    key: str  # the record's key: ID number, name
    label: str  # what a person recognises the row by: the name
    changes: tuple = ()  # FieldChange, for UPDATED rows
    errors: tuple = ()  # RowError, for INVALID rows


@dataclass(slots=True)
class SkippedLine:
    row: int
    text: str


@dataclass
class ImportResult:
    kind: str
    file_name: str
    checksum: str  # sha256 of the file, for the import record
    size: int
    file_format: str = ""
    sheet: str = ""
    header_row: int = 0
    dry_run: bool = False
    skip_invalid: bool = False
    actor: object = None
    written: bool = False  # True when the valid rows are in the registry
    outcomes: list[RowOutcome] = field(default_factory=list)  # in row order; see the module's docstring
    skipped_lines: list[SkippedLine] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    finished_at: datetime.datetime | None = None
    _source: object = field(default=None, repr=False)
    _header_cells: list = field(default_factory=list, repr=False)
    _counts: dict = field(default_factory=lambda: {NEW: 0, UPDATED: 0, UNCHANGED: 0, INVALID: 0}, repr=False)

    def tally(self, status: str) -> bool:
        """Counts one row of this status; True when its outcome is to be kept (appended to
        `outcomes`): an invalid row's, or one among the first of its status."""
        count = self._counts[status] = self._counts[status] + 1
        return status == INVALID or count <= KEPT_OUTCOMES

    # --- counts ---------------------------------------------------------------------------------
    def count(self, status: str) -> int:
        return self._counts[status]

    @property
    def rows(self) -> int:
        return sum(self._counts.values())

    @property
    def new(self) -> int:
        return self.count(NEW)

    @property
    def updated(self) -> int:
        return self.count(UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def invalid(self) -> int:
        return self.count(INVALID)

    @property
    def counts(self) -> dict:
        return {"rows": self.rows, **self._counts}

    @property
    def ok(self) -> bool:
        return self.invalid == 0

    @property
    def errors(self) -> list[RowError]:
        return [error for outcome in self.outcomes for error in outcome.errors]

    def rows_with(self, status: str, limit: int | None = None) -> list[RowOutcome]:
        """The first rows of one outcome, for a preview (at most KEPT_OUTCOMES but for INVALID)."""
        found = []
        for outcome in self.outcomes:
            if outcome.status == status:
                found.append(outcome)
                if limit is not None and len(found) >= limit:
                    break
        return found

    def as_dict(self) -> dict:
        """The summary of `import_data --json`."""
        return {
            **self.counts,
            "skipped_lines": [line.row for line in self.skipped_lines],
            "ignored_columns": list(self.ignored_columns),
            "errors": [error.as_dict() for error in self.errors],
        }

    # --- the invalid rows as a workbook -----------------------------------------------------------
    def error_workbook(self) -> bytes | None:
        """The invalid rows as .xlsx, with the file's own header row and a 错误说明 column that
        says what is wrong: ready to fix and import again. None when every row was valid."""
        invalid = {outcome.row: outcome for outcome in self.outcomes if outcome.status == INVALID}
        if not invalid or self._source is None:
            return None
        from openpyxl.styles import Alignment, Font, PatternFill

        from spreadsheets import writing
        from spreadsheets.reading import open_sheets

        _format, sheets = open_sheets(self._source)
        sheet = next(sheet for sheet in sheets if sheet.name == self.sheet)
        workbook = writing.new_workbook()
        worksheet = workbook.active
        worksheet.title = (self.sheet or "Sheet1")[:31]
        header = [_cell(value) for value in self._header_cells]
        while header and header[-1] in ("", None):
            header.pop()
        width = len(header)
        writing.append(worksheet, header + [ERROR_COLUMN])
        bold = Font(bold=True)
        for cell in worksheet[1]:
            cell.font = bold
        worksheet.freeze_panes = "A2"
        error_fill = PatternFill("solid", fgColor="FFF2CC")
        for number, cells in sheet.rows():
            outcome = invalid.get(number)
            if outcome is None:
                continue
            values = [_cell(value) for value in list(cells)[:width]]
            values += [""] * (width - len(values))
            message = "；".join(
                f"{error.column}：{error.message}" if error.column else error.message for error in outcome.errors
            )
            writing.append(worksheet, values + [message])
            row = worksheet.max_row
            for cell in worksheet[row]:
                if isinstance(cell.value, str):
                    cell.number_format = "@"
            error_cell = worksheet.cell(row=row, column=width + 1)
            error_cell.fill = error_fill
            error_cell.alignment = Alignment(wrap_text=True, vertical="top")
        worksheet.column_dimensions[_letter(width + 1)].width = 60
        for index in range(1, width + 1):
            worksheet.column_dimensions[_letter(index)].width = 16
        return writing.to_bytes(workbook)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
