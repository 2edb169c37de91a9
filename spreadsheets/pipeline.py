"""The import pipeline, for any Importer: read → find the header row → map columns → normalize →
validate every row → compare with what is stored → write once, in one transaction.

    result = run_importer(SomeImporter(actor=user), path_or_bytes_or_upload)

Default: all or nothing — if any row is invalid, nothing is written. With skip_invalid the
valid rows are written. A dry run validates and compares, and writes nothing.
"""

import contextlib
import gc
import logging
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spreadsheets.errors import ImportRefused
from spreadsheets.importer import INVALID, NEW, UPDATED, Importer, label_of
from spreadsheets.reading import load_source, open_sheets
from spreadsheets.result import ImportResult, RowOutcome
from spreadsheets.table import locate_table

logger = logging.getLogger(__name__)


def run_importer(
    importer: Importer,
    source,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
    sheet: str | None = None,
    filename: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportResult:
    """Runs `importer` over `source` (a path, bytes or a file-like object; `filename` names bytes).

    Raises ImportRefused when the file cannot be read as that kind at all. Row errors never raise:
    they are in the result. `progress(phase, done, total)` is called now and then."""
    report = progress or (lambda phase, done, total: None)
    with _collector_resting() as checked:
        result, rows = _read_and_check(importer, source, skip_invalid, dry_run, sheet, filename, report)
        checked()
        invalid = any(row.status == INVALID for row in rows)
        if not dry_run and (skip_invalid or not invalid):
            to_write = [row for row in rows if row.status in (NEW, UPDATED)]
            if to_write:
                _write(importer, to_write, result)
            result.written = True
    result.finished_at = timezone.now()
    report("done", len(rows), len(rows))
    return result


@contextlib.contextmanager
def _collector_resting():
    """Python's cyclic garbage collector paused while a file's rows are read and checked (until
    the run calls `checked()`). The rows are millions of objects made at once and none of them in
    a cycle, yet the collector counts them as they come and walks all of them, again and again: at
    100,000 rows it found 231 objects to free in seven full passes, and took 1.5 to 4 s of the 10-12
    s of CPU that reading and checking took (8 s without it, the same peak). Reference counting
    frees everything as before. It works again for the writing, whose cycles (the driver's, the
    COPY's) held 12 MB more at the peak when it rested then too; what the reading and checking made
    is frozen (gc.freeze) until the run is over, so that its passes walk only what the writing
    makes, and is looked at, cycles made meanwhile freed, by the passes after the run."""
    if not gc.isenabled():
        yield lambda: None
        return
    freezes = gc.get_freeze_count() == 0  # a freeze of someone else's (a server's preload) is left alone

    def checked():
        if freezes:
            gc.freeze()
        gc.enable()

    gc.disable()
    try:
        yield checked
    finally:
        gc.enable()
        if freezes:
            gc.unfreeze()


def _read_and_check(importer, source, skip_invalid, dry_run, sheet, filename, report) -> tuple[ImportResult, list]:
    """The file read, its rows checked and compared, and their outcomes; nothing written."""
    source_file = load_source(source, filename)
    result = ImportResult(
        kind=importer.kind,
        file_name=source_file.name,
        checksum=source_file.checksum,
        size=source_file.size,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        actor=importer.actor,
    )
    result._source = source_file
    report("read", 0, 0)
    file_format, sheets = open_sheets(source_file)
    result.file_format = file_format
    table = locate_table(
        sheets,
        importer.columns,
        kind_label=str(importer.kind_label),
        preferred_sheet=importer.sheet_name,
        sheet_name=sheet,
    )
    result.sheet, result.header_row = table.sheet.name, table.header_row
    result.ignored_columns = table.ignored_columns
    result._header_cells = table.header_cells
    rows = importer.run(table, result.skipped_lines)
    if not rows:
        raise ImportRefused(
            _("There are no rows below the header row (row %(row)d): the file holds no %(kind)s.")
            % {"row": table.header_row, "kind": importer.kind_label},
            code="no_rows",
        )
    result.outcomes = [
        RowOutcome(
            row=row.number,
            status=row.status,
            key=_key(importer, row),
            label=label_of(importer, row),
            changes=row.changes or (),
            errors=tuple(row.errors or ()),
        )
        for row in rows
    ]
    return result, rows


def _key(importer: Importer, row) -> str:
    value = row.values[importer.position[importer.key_fields[0]]]
    return str(value) if value is not None else ""


def _write(importer: Importer, rows, result: ImportResult) -> None:
    reason = _("Spreadsheet import: %(name)s") % {"name": result.file_name or "-"}
    try:
        with transaction.atomic():
            importer.write(rows, reason=str(reason)[:100])
    except (ValidationError, DatabaseError) as error:
        # Every row was validated first; a refusal here means the registry changed meanwhile
        # or a rule was missed. Nothing was written (the transaction rolled back).
        logger.exception("Import of %s (%s) failed while writing", result.file_name, result.kind)
        raise ImportRefused(
            _("The registry refused the import while writing, and nothing was written: %(error)s")
            % {"error": "; ".join(getattr(error, "messages", [str(error)]))},
            code="write_failed",
        ) from error
