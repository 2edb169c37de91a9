"""The long exports' background work (django-tasks): a worker writes the workbook of an ExportJob —
the same Selection and workbook as the request would (registry/exports/lists.py), in the scope and
with the masking of the role it was asked in — stores it in the private storage and marks the job
done or failed. Each person keeps only their KEPT latest files. jobs.py queues the work; the work
and its task live here together, so that nothing imports in a circle."""

import logging
import secrets
import time

from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from branches import access, storage
from branches.workers import give_up_silent
from registry.exports import lists
from registry.exports.workbooks import masked_filters
from registry.models import ExportJob

logger = logging.getLogger(__name__)
State = ExportJob.State

KEPT = 5  # files each person keeps: a newer one done drops the oldest
HEARTBEAT_ROWS = 2000  # the progress is written at most once a second, after this many rows


def _counted(job_id: int):
    """Wraps the records' iterator: the rows written so far and a sign of life, now and then."""

    def counted(records):
        last = time.monotonic()
        for done, record in enumerate(records, start=1):
            if done % HEARTBEAT_ROWS == 0 and time.monotonic() - last >= 1:
                ExportJob.objects.filter(pk=job_id, state=State.WORKING).update(
                    rows_done=done, heartbeat_at=timezone.now()
                )
                last = time.monotonic()
            yield record

    return counted


def fail_abandoned_jobs(now=None) -> int:
    """Marks failed the jobs still being prepared whose worker has given no sign of life for
    REGISTRY_IMPORT_STALE_SECONDS (killed, its host restarted): otherwise the page would wait for
    ever. Called when a job is asked for and by its page; returns how many it marked."""
    return give_up_silent(
        ExportJob.objects.filter(state=State.WORKING),
        started_field="created_at",
        now=now,
        state=State.FAILED,
        message=_(
            "The export stopped before it finished (the worker preparing it was stopped). Export the list again."
        ),
    )


def export_run(job_id: int) -> None:
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        if job.state != State.QUEUED:
            return  # already taken by another worker
        job.state, job.heartbeat_at = State.WORKING, timezone.now()
        job.save(update_fields=["state", "heartbeat_at"])
    user = job.requested_by
    try:
        if user is None:
            raise LookupError("the user who asked for the export is gone")
        # The role the export was asked in: its scope, and personal data as that role sees them.
        if job.requested_as_id is not None:
            access.choose(user, job.requested_as_id)
        chosen = lists.selection(user, job.kind, QueryDict(job.query))
        content, rows = chosen.workbook(counted=_counted(job.pk))
    except Exception:  # a bug must not leave the job being prepared for ever: say so
        logger.exception("export job %s failed", job_id)
        job.state = State.FAILED
        job.message = _(
            "The export stopped because of an error in the registry. The administrator has been told; try again later."
        )
    else:
        storage.keep(job.file, f"{job.kind}-{secrets.token_hex(8)}.xlsx", content)
        job.state, job.rows, job.rows_done = State.DONE, rows, rows
        job.filters = masked_filters(chosen.filters)
    job.finished_at = timezone.now()
    job.save()
    if job.state == State.DONE and user is not None:
        _forget_older(user)


def _forget_older(user) -> None:
    """Each person's KEPT latest finished jobs stay; the older ones go, with their files."""
    finished = ExportJob.objects.filter(requested_by=user).exclude(state__in=ExportJob.OPEN_STATES)
    older = list(finished.order_by("-created_at", "-pk").values_list("pk", "file")[KEPT:])
    if older:
        with transaction.atomic():
            storage.forget_after_commit(*(name for _pk, name in older))
            ExportJob.objects.filter(pk__in=[pk for pk, _name in older]).delete()


@task()
def prepare_export(job_id: int) -> None:
    export_run(job_id)
