"""The imports' background work (django-tasks): a worker checks a queued run (the preview) or
writes a confirmed one, with a heartbeat while it works; a run whose worker went silent is marked
interrupted. runs.py queues the work (import_start, import_confirm, import_restart); the work and
its tasks live here together, as pretix keeps a task beside the work it does, so that nothing
imports in a circle.
"""

import contextlib
import logging
import secrets
import threading
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from branches import storage
from branches.workers import give_up_silent
from registry.imports.kinds import run_import, scope_for
from registry.imports.locks import hold_import_lock
from registry.models import ImportRun
from spreadsheets.errors import ImportRefused

logger = logging.getLogger(__name__)
State = ImportRun.State
PREVIEW_ROWS = {"new": 20, "updated": 20, "unchanged": 10, "invalid": 50}
PREVIEW_ERRORS = 1000
HEARTBEAT_SECONDS = 1


class _Progress:
    """The worker's progress, kept in memory by the import and written with each heartbeat, as rows
    done of rows to do. A sheet read streamed is read through before its first row is checked
    (minutes at a million rows): its reading ("read" with a total) is then the first half of the
    bar, the checking the second. A roster checked chunk after chunk reports the chunk it writes
    ("write"): those rows are counted as checked already, not as a bar of their own."""

    def __init__(self):
        self.done = self.total = 0
        self.read = 0  # the rows of a sheet read through before its rows are checked
        self.chunked = False  # the rows are checked chunk after chunk ("validate" with rows done)

    def __call__(self, phase, done, total):
        if phase == "read" and total:
            self.read = total
            self.done, self.total = min(done, total), 2 * total
            return
        if phase == "write" and self.chunked:
            return
        if phase == "validate" and done:
            self.chunked = True
        self.done, self.total = self.read + done, self.read + total


@contextmanager
def _heartbeat(run_id: int, progress: _Progress):
    """While the run is checked or written, a thread writes its sign of life and progress every
    HEARTBEAT_SECONDS through a connection of its own (outside the import's transaction, so the
    page sees it). On SQLite the import's transaction holds the one write lock while it writes:
    the heartbeat then waits, which is harmless (interrupt_abandoned_runs cannot write either)."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(HEARTBEAT_SECONDS):
                with contextlib.suppress(DatabaseError):  # the next beat tries again
                    ImportRun.objects.filter(pk=run_id, state__in=ImportRun.WORKING_STATES).update(
                        heartbeat_at=timezone.now(),
                        progress_done=progress.done,
                        progress_total=progress.total,
                    )
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"import-{run_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def interrupt_abandoned_runs(now=None) -> int:
    """Marks interrupted the runs still checking or writing whose worker has given no sign of life
    for REGISTRY_IMPORT_STALE_SECONDS (killed, out of memory, the host restarted). What such a
    worker was writing was never committed (the data and the run's outcome commit together), so
    nothing of it is in the registry; the file is kept, and the run can be started again.
    Called by every worker taking a run and by the import pages; returns how many it marked."""
    return give_up_silent(
        ImportRun.objects.filter(state__in=ImportRun.WORKING_STATES),
        started_field="created_at",
        now=now,
        state=State.INTERRUPTED,
        message=_(
            "The import stopped before it finished (the worker writing it was stopped). Nothing of it "
            "was written. Start it again."
        ),
    )


def _preview(result) -> dict:
    def row(outcome):
        data = {"row": outcome.row, "label": outcome.label, "key": outcome.key}
        if outcome.changes:
            data["changes"] = [
                {"column": c.column, "field": c.field, "before": c.before, "after": c.after} for c in outcome.changes
            ]
        if outcome.errors:
            data["errors"] = [{**e.as_dict(), "field": e.field} for e in outcome.errors]
        return data

    errors = result.errors
    return {
        "sheet": result.sheet,
        "header_row": result.header_row,
        "ignored_columns": list(result.ignored_columns),
        "skipped_lines": [{"row": line.row, "text": line.text} for line in result.skipped_lines],
        "rows": {status: [row(o) for o in result.rows_with(status, limit)] for status, limit in PREVIEW_ROWS.items()},
        "errors": [{**error.as_dict(), "field": error.field} for error in errors[:PREVIEW_ERRORS]],
        "errors_total": len(errors),
    }


class _Abandoned(Exception):
    """The run was marked interrupted while this worker was still on it: what it did is undone."""


def _run(run_id: int, *, expected: str, working: str, dry_run: bool) -> None:
    interrupt_abandoned_runs()
    with transaction.atomic():
        run = ImportRun.objects.select_for_update(of=("self",)).select_related("user").get(pk=run_id)
        if run.state != expected:
            return  # cancelled meanwhile, or already done by another worker
        run.state, run.heartbeat_at = working, timezone.now()
        run.save(update_fields=["state", "heartbeat_at"])
    progress = _Progress()
    with _heartbeat(run.pk, progress):
        try:
            if dry_run:
                _finish(run, working, _outcome(run, dry_run=True, progress=progress))
            else:
                # The rows and the run's outcome commit together, or not at all: a worker killed
                # half way leaves the registry as it was and the run "writing", until
                # interrupt_abandoned_runs notices its silence.
                with transaction.atomic():
                    hold_import_lock(run.kind, holder=f"import {run.pk}")
                    _finish(run, working, _outcome(run, dry_run=False, progress=progress))
        except _Abandoned:
            logger.warning("import %s was marked interrupted while it ran; what it did was undone", run_id)
        except Exception:  # a bug must not leave the import hanging: say so, keep the file for a retry
            logger.exception("import %s failed", run_id)
            run.state = State.FAILED
            run.message = _(
                "The import stopped because of an error in the registry. Nothing was written. "
                "The administrator has been told."
            )
            with contextlib.suppress(_Abandoned):
                _finish(run, working, {})


def _outcome(run: ImportRun, *, dry_run: bool, progress) -> dict:
    """The fields of the run once the import has run (the import itself writes the rows)."""
    try:
        result = run_import(
            run.kind,
            storage.read(run.file),
            filename=run.file_name,
            actor=run.user,
            user_scope=scope_for(run.user),
            skip_invalid=run.skip_invalid,
            dry_run=dry_run,
            progress=progress,
            options=run.options,
        )
    except ImportRefused as refusal:
        return {"state": State.REFUSED, "message": str(refusal), "file": None}
    outcome = {"counts": result.counts, "preview": _preview(result), "error_workbook": result.error_workbook()}
    if dry_run:
        outcome["state"] = State.PREVIEW
    elif result.written:
        outcome.update(state=State.DONE, file=None)
    else:
        outcome.update(
            state=State.FAILED,
            message=_(
                "Since the check, some rows have become invalid (the registry changed meanwhile). Nothing was written: "
                "look at the errors and import the file again."
            ),
        )
    return outcome


def _finish(run: ImportRun, working: str, outcome: dict) -> None:
    """Records the outcome, if the run is still this worker's; inside the import's transaction
    when it wrote, so that an import marked interrupted meanwhile is undone, not half-recorded."""
    with transaction.atomic():
        state = ImportRun.objects.select_for_update().filter(pk=run.pk).values_list("state", flat=True).first()
        if state != working:
            raise _Abandoned
        for field, value in outcome.items():
            if field == "error_workbook":  # the new workbook of invalid rows, or none, replaces the check's
                storage.forget_after_commit(run.error_workbook.name)
                run.error_workbook = None
                if value:
                    storage.keep(run.error_workbook, f"{secrets.token_hex(12)}-errors.xlsx", value)
            elif field == "file":  # dropped once written or refused (personal data)
                storage.forget_after_commit(run.file.name)
                run.file = None
            else:
                setattr(run, field, value)
        run.finished_at = timezone.now()
        run.save()


def check_run(run_id: int) -> None:
    _run(run_id, expected=State.QUEUED, working=State.CHECKING, dry_run=True)


def apply_run(run_id: int) -> None:
    _run(run_id, expected=State.CONFIRMED, working=State.WRITING, dry_run=False)


@task()
def check_import(run_id: int) -> None:
    check_run(run_id)


@task()
def apply_import(run_id: int) -> None:
    apply_run(run_id)
