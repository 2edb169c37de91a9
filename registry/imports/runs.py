"""Imports as the committee office sees them: started from an upload (or the command line),
checked in the background, previewed, then confirmed (or cancelled) and written. The checking and
writing is background work, in tasks.py; this module starts it, and shows and records the runs.

Every import, dry run or real, leaves an ImportRun: who, when, file name and checksum, kind,
counts and outcome. The file itself is kept in the private storage (branches/storage.py) until the
import is finished, so that any worker process on any host can read it; it is dropped afterwards
(personal data).
"""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from branches import access, storage
from branches.filtering import sorted_rows
from registry.imports.kinds import importers, kinds_for
from registry.imports.tasks import apply_import, check_import
from registry.members import masking
from registry.models import ImportRun
from spreadsheets.reading import max_bytes
from spreadsheets.table import normalize_header

State = ImportRun.State

RUN_SORT = {"started": "created_at", "user": "user__username", "file": "file_name", "kind": "kind"}


def runs_visible_to(user, params=None):
    """The import runs the user may see, in the order of the column sorted by (`?sort=`)."""
    runs = ImportRun.objects.select_related("user").defer("preview")
    if not access.sees_whole_registry(user):  # a secretary, or a committee's staff: their own runs
        runs = runs.filter(user=user)
    return sorted_rows(runs, params, RUN_SORT)


def run_detail(user, pk) -> ImportRun:
    """The run with its preview; 404 for a run the user may not see."""
    return get_object_or_404(runs_visible_to(user).defer(None), pk=pk)


@transaction.atomic
def import_start(*, user, kind: str, upload, skip_invalid: bool = False, options: dict | None = None) -> ImportRun:
    """Stores the uploaded file and queues its check. Nothing is written to the registry yet.

    `options`: the kind's own (its importer's keyword arguments, as JSON), for a sheet uploaded on
    the page of the record it is for — an activity's or a meeting's sign-in sheet, a survey round's
    counts; the page has found the record among the user's, and the importer finds it again, in
    the user's scope, when the worker reads the file. Such a kind may be one not offered on the
    import page (not `uploadable`)."""
    importer = importers().get(kind)
    from_its_page = (
        bool(options)
        and importer is not None
        and access.may_change_anything(user)
        and (importer.secretary_may_run or access.is_committee(user))
    )
    if kind not in dict(kinds_for(user)) and not from_its_page:
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
    run = ImportRun(
        user=user,
        kind=kind,
        file_name=(upload.name or "upload")[:255],
        size=len(content),
        checksum=hashlib.sha256(content).hexdigest(),
        options=options or {},
        skip_invalid=skip_invalid,
        dry_run=True,
    )
    storage.keep(run.file, f"{secrets.token_hex(12)}.upload", content)
    run.save()
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
    storage.forget_after_commit(run.file.name)
    run.state, run.finished_at, run.file = State.CANCELLED, timezone.now(), None
    run.save(update_fields=["state", "finished_at", "file"])
    return run


@transaction.atomic
def import_restart(*, run: ImportRun, user) -> ImportRun:
    """Starts an interrupted run again where it stopped: checking, or writing (which checks every
    row again against the registry as it is now)."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.state != State.INTERRUPTED or not run.file:
        raise ValidationError(_("Only an interrupted import can be started again."), code="state")
    run.state = State.QUEUED if run.dry_run else State.CONFIRMED
    run.message, run.finished_at, run.heartbeat_at, run.progress_done, run.progress_total = "", None, None, 0, 0
    run.save(update_fields=["state", "message", "finished_at", "heartbeat_at", "progress_done", "progress_total"])
    (check_import if run.dry_run else apply_import).enqueue(run.pk)
    return run


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
    command line (a page never reads a file itself: import_start). `result` is the pipeline's
    ImportResult, or None when the file was refused (`refused_message` says why). The error
    workbook is kept, as for the web flow."""
    message = refused_message
    if result is None:
        state, counts = State.REFUSED, {}
    else:
        counts = result.counts
        state = State.CHECKED if dry_run else (State.DONE if result.written else State.FAILED)
        if state == State.FAILED:
            message = _("Nothing was written: %(count)d rows are invalid.") % {"count": result.invalid}
    run = ImportRun(
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
    )
    if result is not None and result.invalid:
        storage.keep(run.error_workbook, f"{secrets.token_hex(12)}-errors.xlsx", result.error_workbook())
    run.save()
    return run
