"""The import pipeline, for any Importer: read → find the header row → map columns → normalize →
validate every row → compare with what is stored → write, all in one transaction (chunk after
chunk for a streamed kind: run_importer).

    result = run_importer(SomeImporter(actor=user), path_or_bytes_or_upload)

Default: all or nothing — if any row is invalid, nothing is written. With skip_invalid the
valid rows are written. A dry run validates and compares, and writes nothing.
"""

import contextlib
import gc
import logging
import queue
import sys
import threading
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spreadsheets.errors import ImportRefused
from spreadsheets.importer import NEW, UPDATED, Importer, label_of
from spreadsheets.reading import load_source, open_sheets, reading_progress
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
    they are in the result. `progress(phase, done, total)` is called now and then.

    The rows are checked and written chunk after chunk (Importer.run_chunks: one chunk unless the
    kind is `streamed`), all of them in one transaction: the valid rows of a chunk are written
    before the next chunk is read, while no row so far is invalid (or always, with skip_invalid);
    at the end, if some row was invalid and not skip_invalid, the transaction is rolled back and
    nothing is written — all or nothing as before, without the file's rows held at once."""
    report = progress or (lambda phase, done, total: None)
    with reading_progress(report):
        return _run(importer, source, skip_invalid, dry_run, sheet, filename, report)


def _run(importer, source, skip_invalid, dry_run, sheet, filename, report) -> ImportResult:
    result, table = _open(importer, source, skip_invalid, dry_run, sheet, filename, report)
    # The rows below the header, about (blank and totals lines counted): known by now for every format.
    rows_hint = None if table.sheet.rows_hint is None else max(table.sheet.rows_hint - table.header_row, 0)
    writes = not dry_run
    with _Collector() as collector, transaction.atomic() if writes else contextlib.nullcontext():
        # A refusal by the database while writing, a chunk's or the writing context's (it rebuilds
        # indexes when it ends), is said as such.
        with (
            _refusing(result) if writes else contextlib.nullcontext(),
            importer.writing(rows_hint) if writes else contextlib.nullcontext(),
            _Writer(importer, collector, _reason(result), alongside=writes and importer.streamed) as writer,
        ):
            for chunk in importer.run_chunks(table, result.skipped_lines, rows_hint):
                for row in chunk:
                    if result.tally(row.status):
                        result.outcomes.append(_outcome(importer, row))
                if writes and (skip_invalid or not result.invalid):
                    to_write = [row for row in chunk if row.status in (NEW, UPDATED)]
                    if to_write:
                        writer.write(to_write)
                    del to_write
                del chunk
                collector.chunk_done()
        if not result.rows:
            raise ImportRefused(
                _("There are no rows below the header row (row %(row)d): the file holds no %(kind)s.")
                % {"row": table.header_row, "kind": importer.kind_label},
                code="no_rows",
            )
        result.written = writes and (skip_invalid or not result.invalid)
        if writes and not result.written:
            transaction.set_rollback(True)  # what the chunks before the first invalid row wrote
    result.finished_at = timezone.now()
    report("done", result.rows, result.rows)
    return result


SWITCH_INTERVAL = 0.001  # seconds (_Writer)


class _Writer:
    """Each chunk's rows written, inside the import's transaction (a savepoint each), while the next
    chunk is read and checked — on PostgreSQL, for a streamed kind.

    The database writes in a process of its own: while the import waited for each chunk's COPY,
    its history and its dues entries (about 2.5 s of 100,000 members), the second core had nothing
    to do. Here a thread hands each chunk to the database on the import's own connection (shared,
    Django's thread sharing) and the reading goes on. One chunk at a time is written, and the next
    is handed only once the last is written, so that no more than two chunks are held. The two
    threads never speak to the database at once: a lock taken for every query of either thread
    (an execute wrapper) and for each COPY, which is one exchange with the server that no query
    may interrupt (fastwrite.one_call_at_a_time). A chunk the database refuses stops the
    import at the next chunk, or at the end: the error is raised here, and the transaction rolls
    back. Elsewhere (SQLite, whose writing is the import's own process; a kind not streamed)
    each chunk is written at once, as before."""

    def __init__(self, importer, collector, reason: str, *, alongside: bool):
        self.importer, self.collector, self.reason = importer, collector, reason
        self.alongside = alongside and connection.vendor == "postgresql" and connection.in_atomic_block
        self.failure: BaseException | None = None

    def __enter__(self):
        if not self.alongside:
            return self
        self.connection = connections[DEFAULT_DB_ALIAS]
        self.lock = threading.RLock()
        self.idle = threading.Semaphore(1)
        self.chunks: queue.Queue = queue.Queue()
        # Each answer of the database wakes the writing thread, which then waits for the reading one
        # to let go of the interpreter: up to the switch interval (5 ms), fifteen times a chunk —
        # 1.5 s of 100,000 members. A millisecond while the two work together.
        self.switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self.switch_interval, SWITCH_INTERVAL))
        self.connection.inc_thread_sharing()
        self.connection.one_call_at_a_time = self.lock  # fastwrite's COPY
        self.serializing = self.connection.execute_wrapper(self._one_at_a_time)
        self.serializing.__enter__()
        self.thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
        self.thread.start()
        return self

    def write(self, rows) -> None:
        if not self.alongside:
            with self.collector.writing(), transaction.atomic():
                self.importer.write(rows, reason=self.reason)
            return
        self.idle.acquire()  # the chunk before is written
        self._raise_failure()
        self.chunks.put(rows)

    def __exit__(self, exc_type, *_exc_info):
        if not self.alongside:
            return False
        self.chunks.put(None)
        self.thread.join()
        self.serializing.__exit__(None, None, None)
        del self.connection.one_call_at_a_time
        self.connection.dec_thread_sharing()
        sys.setswitchinterval(self.switch_interval)
        if exc_type is None:
            self._raise_failure()
        return False

    def _raise_failure(self):
        if self.failure is not None:
            failure, self.failure = self.failure, None
            raise failure

    def _one_at_a_time(self, execute, sql, params, many, context):
        with self.lock:
            return execute(sql, params, many, context)

    def _run(self):
        connections[DEFAULT_DB_ALIAS] = self.connection
        while (rows := self.chunks.get()) is not None:
            try:
                if self.failure is None:
                    with transaction.atomic():
                        self.importer.write(rows, reason=self.reason)
            except BaseException as error:  # raised by the reading thread
                self.failure = error
            finally:
                del rows
                self.idle.release()


class _Collector:
    """Python's cyclic garbage collector paused while rows are read and checked. The rows are
    many objects made at once and none of them in a cycle, yet the collector counts them as they
    come and walks all of them, again and again: at 100,000 rows held at once it found 231 objects
    to free in seven full passes, and took 1.5 to 4 s of the 10-12 s of CPU that reading and
    checking took. Reference counting frees everything as before. It works again for each
    chunk's writing, whose cycles (the driver's, the COPY's) held 12 MB more at the peak when it
    rested then too, with what was there before frozen (gc.freeze) so that its passes walk only
    what the writing makes; and after each chunk a pass over the youngest objects frees the
    cycles the checking made (an error's traceback), so that they do not pile up chunk after chunk."""

    def __enter__(self):
        self.active = gc.isenabled()
        # a freeze of someone else's (a server's preload) is left alone
        self.freezes = self.active and gc.get_freeze_count() == 0
        if self.active:
            gc.disable()
        return self

    def __exit__(self, *_exc_info):
        if self.active:
            gc.enable()

    @contextlib.contextmanager
    def writing(self):
        if not self.active:
            yield
            return
        if self.freezes:
            gc.freeze()
        gc.enable()
        try:
            yield
        finally:
            gc.disable()
            if self.freezes:
                gc.unfreeze()

    def chunk_done(self) -> None:
        if self.active:
            gc.collect(0)


def _open(importer, source, skip_invalid, dry_run, sheet, filename, report) -> tuple[ImportResult, object]:
    """The file opened and its table found (header row, columns); no data row read yet."""
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
    return result, table


def _outcome(importer: Importer, row) -> RowOutcome:
    return RowOutcome(
        row=row.number,
        status=row.status,
        key=_key(importer, row),
        label=label_of(importer, row),
        changes=row.changes or (),
        errors=tuple(row.errors or ()),
    )


def _key(importer: Importer, row) -> str:
    value = row.values[importer.position[importer.key_fields[0]]]
    return str(value) if value is not None else ""


def _reason(result: ImportResult) -> str:
    return str(_("Spreadsheet import: %(name)s") % {"name": result.file_name or "-"})[:100]


@contextlib.contextmanager
def _refusing(result: ImportResult):
    """A refusal by the database while writing: every row was validated first, so it means the
    registry changed meanwhile or a rule was missed. Nothing is written (the import's transaction
    rolls back): said as such."""
    try:
        yield
    except (ValidationError, DatabaseError) as error:
        logger.exception("Import of %s (%s) failed while writing", result.file_name, result.kind)
        raise ImportRefused(
            _("The registry refused the import while writing, and nothing was written: %(error)s")
            % {"error": "; ".join(getattr(error, "messages", [str(error)]))},
            code="write_failed",
        ) from error
