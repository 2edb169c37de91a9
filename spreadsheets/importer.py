"""The steps every kind shares: read each row's cells through its columns, find duplicate keys,
then let the kind resolve references, compare with the registry and write."""

import contextlib
import itertools
from collections.abc import Callable, Iterator

from django.utils.translation import gettext as _

from spreadsheets.errors import CellError
from spreadsheets.result import INVALID, NEW, UNCHANGED, UPDATED, FieldChange, RowError, SkippedLine
from spreadsheets.table import TOTALS_PREFIXES, Column, Table, is_totals_line, normalize_header
from spreadsheets.values import cell_text, format_value, is_blank

MEMO_LIMIT = 50_000
TOTALS_INITIALS = {prefix[0] for prefix in TOTALS_PREFIXES}
# A cell that is blank after trimming starts or ends with one of these (checked before the full test).
EDGE_CHARACTERS = frozenset(" \t\n\r\u3000\u00a0\u200b\u200c\u200d\u2060\ufeff")


class ParsedRow:
    """One data row: its values (aligned with the kind's columns, None where the cell is
    empty), its errors, and what the comparison with the registry made of it."""

    __slots__ = ("number", "values", "errors", "status", "target", "data", "changes")

    def __init__(self, number: int, values: list, errors: list | None):
        self.number = number
        self.values = values
        self.errors = errors
        self.status = None
        self.target = None  # the existing record (or its id) this row updates
        self.data = None  # what will be written
        self.changes = None

    @property
    def valid(self) -> bool:
        return not self.errors


class Importer:
    """One kind of record. Subclasses set the class attributes and implement `resolve` and `write`.

    A kind describes itself here, once: the registry's list of kinds, the import page's choices, who
    may run it, its blank template, the command line's help and the lists of kinds the docs check
    are all read from these attributes (registry/imports/kinds.py)."""

    kind: str = ""  # its name where it is stored and typed: ImportRun.kind, `import_data KIND`, URLs
    kind_label: str = ""  # a lazy translation, "party members": lists, the upload form, sentences
    help_text: str = ""  # one line for `import_data --help` and docs/spreadsheets.md#kinds
    secretary_may_run: bool = False  # a secretary may import it, held to their scope; else the committee office only
    # Offered on the import page, by `import_data` and as a blank template. False for a kind imported
    # from a page of its own into one record (a survey round's counts), whose runs are still listed.
    uploadable: bool = True
    template_name: str = ""  # the blank template's file, 党员 → 党员_导入模板.xlsx; the sheet's name if empty
    sheet_name: str = ""  # the sheet of a whole-registry workbook (党员, 党组织 …)
    columns: tuple[Column, ...] = ()
    key_fields: tuple[str, ...] = ("name",)
    label_field: str = "name"
    # Checked, compared and written CHUNK_ROWS rows at a time (run_chunks), with only the keys kept
    # from one chunk to the next: for a kind whose rows are checked each on its own (the roster),
    # so that a file of a million rows is never held. Otherwise the file's rows are one chunk.
    streamed: bool = False
    chunk_rows: int = 5000

    def __init__(self, *, actor=None, scope_ids: set[int] | None = None, progress: Callable | None = None):
        self.actor = actor if getattr(actor, "pk", None) else None
        self.scope_ids = scope_ids
        self.progress = progress or (lambda phase, done, total: None)
        self.position = {column.field: index for index, column in enumerate(self.columns)}
        self.column_of = {column.field: column for column in self.columns}
        self.table: Table | None = None

    # --- helpers for the kinds ----------------------------------------------------------------
    def value(self, row: ParsedRow, field: str):
        return row.values[self.position[field]]

    def header(self, field: str) -> str:
        """The column's header as the file writes it, to find it by."""
        return self.table.header_for(field, self.columns) if self.table else self.column_of[field].header

    def label(self, field: str) -> str:
        """The column's header without the marks (姓名 for 姓名*), for sentences."""
        return normalize_header(self.header(field))

    def add_error(self, row: ParsedRow, field: str, message: str, code: str, value=None) -> None:
        if value is None and field in self.position:
            value = self.value(row, field)
        if row.errors is None:
            row.errors = []
        row.errors.append(
            RowError(
                row=row.number,
                column=self.header(field) if field else "",
                value=self.display(field, value) if value is not None else "",
                message=str(message),
                code=code,
                field=field,
            )
        )

    def refused_out_of_scope(self, row: ParsedRow, organization_id, *, code: str = "scope") -> bool:
        """True, with the row refused, when a secretary's row (scope_ids) names by its ID number a
        person of an organization they do not keep. Said in no more words than that — neither
        the roster's name nor a date — and asked before any of the record's values is compared
        with the row's, so that no refusal tells what the record holds (issue 20 §3)."""
        if self.scope_ids is None or organization_id in self.scope_ids:
            return False
        self.add_error(
            row, "id_number", _("This ID number belongs to a person of an organization you do not keep."), code
        )
        return True

    def has_error(self, row: ParsedRow, field: str) -> bool:
        return bool(row.errors) and any(error.field == field for error in row.errors)

    def display(self, field: str, value) -> str:
        column = self.column_of.get(field)
        return format_value(value, canonical=column.canonical if column else None)

    # --- reading the rows ---------------------------------------------------------------------
    def parse(self, table: Table, skipped: list[SkippedLine]) -> list[ParsedRow]:
        return list(self.iter_parsed(table, skipped))

    def iter_parsed(self, table: Table, skipped: list[SkippedLine]) -> Iterator[ParsedRow]:
        """The data rows read through the columns, one by one, as the sheet is read (`self.table` is
        set at once, the rows come as they are asked for)."""
        self.table = table
        width = len(self.columns)
        formulas = table.sheet.formula_cells
        plan = [
            (
                index,
                self.position[column.field],
                column.parse,
                {} if column.memo else None,
                table.headers[index],
                column.field,
            )
            for index, column in table.columns
        ]
        return self._parsed(table, skipped, width, formulas, plan)

    def _parsed(self, table, skipped, width, formulas, plan) -> Iterator[ParsedRow]:
        try:
            yield from self._parsed_rows(table, skipped, width, formulas, plan)
        finally:
            # The memos go now: a traceback kept by an error in a cycle (Django's ValidationError is its
            # own error_list) holds this frame until the cyclic collector passes, which it does not
            # while the rows are checked (pipeline._Collector) — 20 MB at 100,000 rows.
            for _index, _position, _parse, memo, _header, _field in plan:
                if memo is not None:
                    memo.clear()

    def _parsed_rows(self, table, skipped, width, formulas, plan) -> Iterator[ParsedRow]:
        missing = object()
        count_read = 0
        for number, cells in table.data_rows():
            for first in cells:
                if first != "" and first is not None:
                    break
            else:
                continue  # a blank row
            if first.__class__ is str and first.lstrip()[:1] in TOTALS_INITIALS and is_totals_line(cells):
                skipped.append(SkippedLine(number, " ".join(cell_text(c) for c in cells if not is_blank(c))))
                continue
            values = [None] * width
            errors = None
            found = False
            count = len(cells)
            for index, position, parse, memo, header, field in plan:
                if index >= count:
                    continue
                raw = cells[index]
                if formulas and (number, index) in formulas:  # even when Excel kept no value for it
                    errors = errors or []
                    errors.append(
                        RowError(
                            number,
                            header,
                            cell_text(raw),
                            str(
                                _(
                                    "This cell holds a formula. Replace it with the value itself (copy, then "
                                    "paste as values)."
                                )
                            ),
                            "formula",
                            field,
                        )
                    )
                    found = True
                    continue
                if raw == "" or raw is None:
                    continue
                if memo is not None:
                    value = memo.get(raw, missing)
                    if value is not missing:
                        values[position] = value
                        found = True
                        continue
                if raw.__class__ is str and (raw[0] in EDGE_CHARACTERS or raw[-1] in EDGE_CHARACTERS) and is_blank(raw):
                    continue
                found = True
                try:
                    value = parse(raw)
                except CellError as error:
                    errors = errors or []
                    errors.append(RowError(number, header, cell_text(raw), error.message, error.code, field))
                    continue
                values[position] = value
                if memo is not None and len(memo) < MEMO_LIMIT:
                    memo[raw] = value
            if found:  # a row with only unknown columns filled (a pre-numbered 序号) is blank
                yield ParsedRow(number, values, errors)
                count_read += 1
                if count_read % 10_000 == 0 and not self.streamed:
                    self.progress("read", count_read, 0)

    def check_duplicates(self, rows: list[ParsedRow], seen: dict | None = None) -> None:
        """The same key twice in one file: the second row is an error naming the first. `seen`:
        field → {key: row number} of the chunks before (run_chunks), kept up to date."""
        for field in self.key_fields:
            position = self.position[field]
            first: dict = {} if seen is None else seen.setdefault(field, {})
            for row in rows:
                key = row.values[position]
                if key is None or key == "":
                    continue
                earlier = first.setdefault(key, row.number)
                if earlier != row.number:
                    self.add_error(
                        row,
                        field,
                        _(
                            "Row %(row)d already has this %(column)s. Each record may appear only once in a "
                            "file: merge the two rows or delete one."
                        )
                        % {"row": earlier, "column": self.label(field)},
                        "duplicate",
                    )

    def check_required(self, row: ParsedRow, fields: tuple[str, ...]) -> None:
        for field in fields:
            if self.value(row, field) in (None, "", ()) and not self.has_error(row, field):
                self.add_error(
                    row,
                    field,
                    _("%(column)s is empty. Fill it in: it is required for a new record.")
                    % {"column": self.label(field)},
                    "required",
                    value="",
                )

    def compare(self, row: ParsedRow, before: dict, after: dict) -> None:
        """Sets the row's status and changes. `after` holds only the values the file gives: an
        empty cell never erases what the registry holds."""
        changes = []
        for field, new in after.items():
            old = before.get(field)
            if old != new:
                changes.append(
                    FieldChange(field, self.header(field), self.display(field, old), self.display(field, new))
                )
        row.changes = tuple(changes)
        row.status = UPDATED if changes else UNCHANGED

    # --- the kind's own steps -----------------------------------------------------------------
    def prepare(self) -> None:
        """What every chunk's `resolve` needs, loaded once before the first (the names of the
        organizations…); nothing by default."""

    def writing(self, rows_hint: int | None) -> contextlib.AbstractContextManager:
        """Entered around all of an import's writes, in its transaction; `rows_hint` is how many
        rows the sheet holds, about, when known. Nothing by default."""
        return contextlib.nullcontext()

    def resolve(self, rows: list[ParsedRow]) -> None:
        """Checks references and rules, loads the registry's records, compares. Sets `status`
        (NEW/UPDATED/UNCHANGED) and `data` on valid rows; adds errors to the others."""
        raise NotImplementedError

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        """Writes the NEW and UPDATED rows (called inside one transaction)."""
        raise NotImplementedError

    def run(self, table: Table, skipped: list[SkippedLine]) -> list[ParsedRow]:
        rows = self.parse(table, skipped)
        self.progress("validate", 0, len(rows))
        self.check_duplicates(rows)
        self.prepare()
        self.resolve(rows)
        for row in rows:
            if row.errors:
                row.status = INVALID
        return rows

    def run_chunks(self, table: Table, skipped: list[SkippedLine], rows_hint: int | None = None):
        """The rows checked and compared (as `run`), chunk after chunk: each chunk is handed on
        (to be counted and written) before the next is read. One chunk of every row unless the
        kind is `streamed`."""
        if not self.streamed:
            rows = self.run(table, skipped)
            if rows:
                yield rows
            return
        self.table = table
        parsed = self.iter_parsed(table, skipped)
        seen: dict = {}
        done = 0
        self.prepare()
        while chunk := list(itertools.islice(parsed, self.chunk_rows)):
            self.check_duplicates(chunk, seen)
            self.resolve(chunk)
            for row in chunk:
                if row.errors:
                    row.status = INVALID
            done += len(chunk)
            self.progress("validate", done, max(done, rows_hint or 0))
            yield chunk


def label_of(importer: Importer, row: ParsedRow) -> str:
    value = row.values[importer.position[importer.label_field]]
    return value if value.__class__ is str else ("" if value is None else format_value(value))


__all__ = ["Importer", "ParsedRow", "NEW", "UPDATED", "UNCHANGED", "INVALID", "label_of"]
