"""Imports as the committee office sees them: started from an upload (or the command line),
checked in the background, previewed, then confirmed (or cancelled) and written.

Every import, dry run or real, leaves an ImportRun: who, when, file name and checksum, kind,
counts and outcome. The file itself is kept in the database until the import is finished, so
that any worker process on any host can read it; it is dropped afterwards (personal data).
"""

import hashlib
import logging
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from branches import access
from branches.filtering import sorted_rows
from registry.imports.kinds import KINDS, run_import
from spreadsheets.errors import ImportRefused
from spreadsheets.reading import max_bytes
from registry.models import ImportRun

logger = logging.getLogger(__name__)
State = ImportRun.State
PREVIEW_ROWS = {"new": 20, "updated": 20, "unchanged": 10, "invalid": 50}
PREVIEW_ERRORS = 1000


SECRETARY_KINDS = ("members", "development", "movements", "dues")


def kinds_for(user) -> list[tuple[str, str]]:
    """What this user may upload on the import page: the committee office every kind of record,
    a secretary the kinds kept within a subtree (members, the development ledger, their movements,
    dues). (Survey counts and attendance sheets are imported from their round and their activity,
    and leave a run here too.)"""
    uploadable = [(kind, label) for kind, label in ImportRun.KINDS if kind in KINDS]
    if access.is_committee(user):
        return uploadable
    if access.may_change_anything(user):
        return [kind for kind in uploadable if kind[0] in SECRETARY_KINDS]
    return []


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
        user=user, kind=kind, file_name=(upload.name or "upload")[:255], size=len(content),
        checksum=hashlib.sha256(content).hexdigest(), content=content, skip_invalid=skip_invalid, dry_run=True,
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


def _progress_reporter(run_id: int):
    """Writes the progress now and then (not on every row): the page polls it."""
    last = [0.0]

    def report(phase, done, total):
        now = time.monotonic()
        if now - last[0] < 0.5 and phase != "done":
            return
        last[0] = now
        ImportRun.objects.filter(pk=run_id).update(progress_done=done, progress_total=total)

    return report


def _preview(result) -> dict:
    def row(outcome):
        data = {"row": outcome.row, "label": outcome.label, "key": outcome.key}
        if outcome.changes:
            data["changes"] = [{"column": c.column, "before": c.before, "after": c.after} for c in outcome.changes]
        if outcome.errors:
            data["errors"] = [e.as_dict() for e in outcome.errors]
        return data

    errors = result.errors
    return {
        "sheet": result.sheet,
        "header_row": result.header_row,
        "ignored_columns": list(result.ignored_columns),
        "skipped_lines": [{"row": line.row, "text": line.text} for line in result.skipped_lines],
        "rows": {status: [row(o) for o in result.rows_with(status, limit)] for status, limit in PREVIEW_ROWS.items()},
        "errors": [error.as_dict() for error in errors[:PREVIEW_ERRORS]],
        "errors_total": len(errors),
    }


def _run(run_id: int, *, expected: str, working: str, dry_run: bool) -> None:
    with transaction.atomic():
        run = ImportRun.objects.select_for_update(of=("self",)).select_related("user").get(pk=run_id)
        if run.state != expected:
            return  # cancelled meanwhile, or already done by another worker
        run.state = working
        run.save(update_fields=["state"])
    try:
        result = run_import(
            run.kind, bytes(run.content), filename=run.file_name, actor=run.user, user_scope=scope_for(run.user),
            skip_invalid=run.skip_invalid, dry_run=dry_run, progress=_progress_reporter(run.pk),
        )
    except ImportRefused as refusal:
        run.state, run.message = State.REFUSED, str(refusal)
        run.content = None
    except Exception:  # a bug must not leave the import hanging: say so, keep the file for a retry
        logger.exception("import %s failed", run_id)
        run.state = State.FAILED
        run.message = _("The import stopped because of an error in the registry. Nothing was written. The administrator has been told.")
    else:
        run.counts = result.counts
        run.preview = _preview(result)
        run.error_workbook = result.error_workbook()
        if dry_run:
            run.state = State.PREVIEW
        elif result.written:
            run.state, run.content = State.DONE, None
        else:
            run.state = State.FAILED
            run.message = _("Since the check, some rows have become invalid (the registry changed meanwhile). Nothing was written: look at the errors and import the file again.")
    run.finished_at = timezone.now()
    run.save()


def check_run(run_id: int) -> None:
    _run(run_id, expected=State.QUEUED, working=State.CHECKING, dry_run=True)


def apply_run(run_id: int) -> None:
    _run(run_id, expected=State.CONFIRMED, working=State.WRITING, dry_run=False)


def record_command_run(*, kind: str, result, user, dry_run: bool, refused_message: str = "",
                       source_name: str = "", checksum: str = "", size: int = 0) -> ImportRun:
    """The record of an import made with `manage.py import_data`."""
    return record_run(kind=kind, result=result, user=user, dry_run=dry_run, refused_message=refused_message,
                      source_name=source_name, checksum=checksum, size=size, source=ImportRun.Source.COMMAND)


def record_run(*, kind: str, result, user, dry_run: bool, source: str = ImportRun.Source.WEB,
               refused_message: str = "", source_name: str = "", checksum: str = "", size: int = 0) -> ImportRun:
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
        user=user if getattr(user, "pk", None) else None, source=source,
        kind=kind, file_name=(result.file_name if result else source_name)[:255],
        checksum=result.checksum if result else checksum, size=result.size if result else size,
        dry_run=dry_run, skip_invalid=bool(result and result.skip_invalid), state=state, counts=counts,
        message=message, finished_at=timezone.now(),
        error_workbook=result.error_workbook() if result is not None and result.invalid else None,
    )


# --- the background tasks (django-tasks): kept beside the work they do, so nothing imports in a circle

@task()
def check_import(run_id: int) -> None:
    check_run(run_id)


@task()
def apply_import(run_id: int) -> None:
    apply_run(run_id)
