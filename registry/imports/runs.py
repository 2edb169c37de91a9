"""Imports as the committee office sees them: started from an upload (or the command line),
checked in the background, previewed, then confirmed (or cancelled) and written.

Every import, dry run or real, leaves an ImportRun: who, when, file name and checksum, kind,
counts and outcome. The file itself is kept in the database until the import is finished, so
that any worker process on any host can read it; it is dropped afterwards (personal data).
"""

import contextlib
import hashlib
import logging
import threading
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from branches import access
from branches.filtering import sorted_rows
from branches.workers import give_up_silent
from registry.imports.kinds import importers, kinds_for, run_import
from registry.imports.locks import hold_import_lock
from registry.members import masking
from registry.models import ImportRun
from spreadsheets.errors import ImportRefused
from spreadsheets.reading import max_bytes
from spreadsheets.table import normalize_header

logger = logging.getLogger(__name__)
State = ImportRun.State
PREVIEW_ROWS = {"new": 20, "updated": 20, "unchanged": 10, "invalid": 50}
PREVIEW_ERRORS = 1000
HEARTBEAT_SECONDS = 1


def scope_for(user):
    """None for the committee office; a secretary's rows must stay inside their subtree."""
    return None if access.is_committee(user) else access.changeable_organizations(user)


RUN_SORT = {"started": "created_at", "user": "user__username", "file": "file_name", "kind": "kind"}


def runs_visible_to(user, params=None):
    """The import runs the user may see, in the order of the column sorted by (`?sort=`)."""
    runs = ImportRun.objects.select_related("user").defer("content", "error_workbook", "preview")
    if not access.sees_everything(user):
        runs = runs.filter(user=user)
    return sorted_rows(runs, params, RUN_SORT)


def run_detail(user, pk) -> ImportRun:
    """The run with its preview; 404 for a run the user may not see."""
    return get_object_or_404(runs_visible_to(user).defer(None), pk=pk)


@transaction.atomic
def import_start(*, user, kind: str, upload, skip_invalid: bool = False) -> ImportRun:
    """Stores the uploaded file and queues its check. Nothing is written to the registry yet."""
    if kind not in dict(kinds_for(user)):
        raise PermissionDenied
    limit = max_bytes()
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(
            _("The file is larger than %(limit)d MB. Split it into smaller files and import them one by one.")
            % {"limit": limit // (1024 * 1024)},
            code="too_large",
        )
    if not content:
        raise ValidationError(_("The file is empty. Choose the workbook that holds the roster."), code="empty")
    run = ImportRun.objects.create(
        user=user,
        kind=kind,
        file_name=(upload.name or "upload")[:255],
        size=len(content),
        checksum=hashlib.sha256(content).hexdigest(),
        content=content,
        skip_invalid=skip_invalid,
        dry_run=True,
    )
    # With the database backend the task row commits with the run (a worker never sees one
    # without the other); with the immediate backend the check runs here and now.
    check_import.enqueue(run.pk)
    return run


@transaction.atomic
def import_confirm(*, run: ImportRun, user, skip_invalid: bool) -> ImportRun:
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.state != State.PREVIEW:
        raise ValidationError(_("This import is no longer waiting for confirmation."), code="state")
    if run.counts.get("invalid") and not skip_invalid:
        raise ValidationError(
            _("Some rows have errors. Fix them and import the file again, or choose to write only the valid rows."),
            code="invalid_rows",
        )
    run.state, run.skip_invalid, run.dry_run = State.CONFIRMED, skip_invalid, False
    run.save(update_fields=["state", "skip_invalid", "dry_run"])
    apply_import.enqueue(run.pk)
    return run


@transaction.atomic
def import_cancel(*, run: ImportRun, user) -> ImportRun:
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.state not in (State.QUEUED, State.PREVIEW):
        raise ValidationError(_("This import can no longer be cancelled."), code="state")
    run.state, run.finished_at, run.content = State.CANCELLED, timezone.now(), None
    run.save(update_fields=["state", "finished_at", "content"])
    return run


class _Progress:
    """The worker's progress, kept in memory by the import and written with each heartbeat."""

    def __init__(self):
        self.done = self.total = 0

    def __call__(self, phase, done, total):
        self.done, self.total = done, total


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
                try:
                    ImportRun.objects.filter(pk=run_id, state__in=ImportRun.WORKING_STATES).update(
                        heartbeat_at=timezone.now(),
                        progress_done=progress.done,
                        progress_total=progress.total,
                    )
                except DatabaseError:
                    pass  # the next beat tries again
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


@transaction.atomic
def import_restart(*, run: ImportRun, user) -> ImportRun:
    """Starts an interrupted run again where it stopped: checking, or writing (which checks every
    row again against the registry as it is now)."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.state != State.INTERRUPTED or run.content is None:
        raise ValidationError(_("Only an interrupted import can be started again."), code="state")
    run.state = State.QUEUED if run.dry_run else State.CONFIRMED
    run.message, run.finished_at, run.heartbeat_at, run.progress_done, run.progress_total = "", None, None, 0, 0
    run.save(update_fields=["state", "message", "finished_at", "heartbeat_at", "progress_done", "progress_total"])
    (check_import if run.dry_run else apply_import).enqueue(run.pk)
    return run


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


def preview_for(user, run: ImportRun) -> dict:
    """The run's preview as this user may see it: for a role that sees personal data masked
    (access.sees_personal_data), every ID number and phone in it masked — the rows' keys, the
    values before and after, the invalid values — by the field they belong to, and any whole ID
    or mobile number left in the text."""
    preview = run.preview or {}
    if access.sees_personal_data(user):
        return preview
    importer = importers().get(run.kind)
    key_field = importer.key_fields[0] if importer else ""  # a row's key is its first key field's value
    # A preview kept before it named the fields: the field from the column's header.
    field_of = {
        normalize_header(name): column.field
        for column in (importer.columns if importer else ())
        for name in column.names()
    }

    def text(value, field=""):
        return masking.mask_text(masking.mask_field(field, value))

    def entry(data):
        masked = dict(data)
        field = data.get("field") or field_of.get(normalize_header(data.get("column") or ""), "")
        for name in ("before", "after", "value"):
            if name in data:
                masked[name] = text(data[name], field)
        for name in ("label", "message", "column"):
            if name in data:
                masked[name] = text(data[name])
        return masked

    def row(data):
        masked = {**data, "key": text(data.get("key"), key_field), "label": text(data.get("label"))}
        for name in ("changes", "errors"):
            if name in data:
                masked[name] = [entry(item) for item in data[name]]
        return masked

    return {
        **preview,
        "skipped_lines": [{**line, "text": text(line.get("text"))} for line in preview.get("skipped_lines", [])],
        "rows": {status: [row(data) for data in rows] for status, rows in preview.get("rows", {}).items()},
        "errors": [entry(error) for error in preview.get("errors", [])],
    }


def may_download_errors(user, run: ImportRun) -> bool:
    """The workbook of invalid rows holds the uploaded rows as they were typed, in the file's own
    columns (whatever they are named): it is for those who correct and import them again. A role
    that sees personal data masked neither imports nor corrects, and a masked copy could not be
    imported again, so it is not offered to them at all."""
    return bool(run.error_workbook) and access.sees_personal_data(user)


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
                "The import stopped because of an error in the registry. Nothing was written. The administrator has been told."
            )
            with contextlib.suppress(_Abandoned):
                _finish(run, working, {})


def _outcome(run: ImportRun, *, dry_run: bool, progress) -> dict:
    """The fields of the run once the import has run (the import itself writes the rows)."""
    try:
        result = run_import(
            run.kind,
            bytes(run.content),
            filename=run.file_name,
            actor=run.user,
            user_scope=scope_for(run.user),
            skip_invalid=run.skip_invalid,
            dry_run=dry_run,
            progress=progress,
        )
    except ImportRefused as refusal:
        return {"state": State.REFUSED, "message": str(refusal), "content": None}
    outcome = {"counts": result.counts, "preview": _preview(result), "error_workbook": result.error_workbook()}
    if dry_run:
        outcome["state"] = State.PREVIEW
    elif result.written:
        outcome.update(state=State.DONE, content=None)
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
            setattr(run, field, value)
        run.finished_at = timezone.now()
        run.save()


def check_run(run_id: int) -> None:
    _run(run_id, expected=State.QUEUED, working=State.CHECKING, dry_run=True)


def apply_run(run_id: int) -> None:
    _run(run_id, expected=State.CONFIRMED, working=State.WRITING, dry_run=False)


def record_command_run(
    *,
    kind: str,
    result,
    user,
    dry_run: bool,
    refused_message: str = "",
    source_name: str = "",
    checksum: str = "",
    size: int = 0,
) -> ImportRun:
    """The record of an import made with `manage.py import_data`."""
    return record_run(
        kind=kind,
        result=result,
        user=user,
        dry_run=dry_run,
        refused_message=refused_message,
        source_name=source_name,
        checksum=checksum,
        size=size,
        source=ImportRun.Source.COMMAND,
    )


def record_run(
    *,
    kind: str,
    result,
    user,
    dry_run: bool,
    source: str = ImportRun.Source.WEB,
    refused_message: str = "",
    source_name: str = "",
    checksum: str = "",
    size: int = 0,
) -> ImportRun:
    """The record of an import made in one go, outside the upload–preview–confirm flow: from the
    command line, or from a page that imports into one record (a survey round's counts, an
    activity's attendance). `result` is the pipeline's ImportResult, or None when the file was
    refused (`refused_message` says why). The error workbook is kept, as for the web flow."""
    message = refused_message
    if result is None:
        state, counts = State.REFUSED, {}
    else:
        counts = result.counts
        state = State.CHECKED if dry_run else (State.DONE if result.written else State.FAILED)
        if state == State.FAILED:
            message = _("Nothing was written: %(count)d rows are invalid.") % {"count": result.invalid}
    return ImportRun.objects.create(
        user=user if getattr(user, "pk", None) else None,
        source=source,
        kind=kind,
        file_name=(result.file_name if result else source_name)[:255],
        checksum=result.checksum if result else checksum,
        size=result.size if result else size,
        dry_run=dry_run,
        skip_invalid=bool(result and result.skip_invalid),
        state=state,
        counts=counts,
        message=message,
        finished_at=timezone.now(),
        error_workbook=result.error_workbook() if result is not None and result.invalid else None,
    )


# --- the background tasks (django-tasks): kept beside the work they do, so nothing imports in a circle


@task()
def check_import(run_id: int) -> None:
    check_run(run_id)


@task()
def apply_import(run_id: int) -> None:
    apply_run(run_id)
