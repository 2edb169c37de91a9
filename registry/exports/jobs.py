"""Long exports, asked for in a request and prepared in the background (registry/exports/tasks.py).

The view counts the rows first (registry/exports/lists.py); above REGISTRY_EXPORT_IN_REQUEST_ROWS it
starts an ExportJob here and sends the person to its page, which refreshes itself until the file is
ready. A job is seen only by the person who asked for it, in the role they asked in: 404 for anyone
else (other staff included), and for the same person in another role."""

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404

from branches import access
from registry.exports.tasks import fail_abandoned_jobs, prepare_export
from registry.models import ExportJob

State = ExportJob.State


def jobs_of(user):
    """The jobs the user asked for in the role now in force."""
    role = access.assignment_of(user)
    if role is None:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requested_by=user, requested_as_id=role.pk)  # a superuser's implied role: NULL


def job_detail(user, pk) -> ExportJob:
    fail_abandoned_jobs()
    return get_object_or_404(jobs_of(user), pk=pk)


def job_file(user, pk) -> ExportJob:
    """The job with its file; 404 while it is not ready (or for a job that is not the user's)."""
    job = get_object_or_404(jobs_of(user), pk=pk)
    if job.state != State.DONE or not job.file:
        raise Http404
    return job


@transaction.atomic
def job_start(*, user, kind: str, query: str, rows: int, file_name: str) -> ExportJob:
    """Queues the export of `kind` with the list's query string `query`. The same export asked for
    again while it is still waiting or being prepared is that job, not a second one."""
    fail_abandoned_jobs()
    running = jobs_of(user).filter(kind=kind, query=query, state__in=ExportJob.OPEN_STATES).first()
    if running is not None:
        return running
    role = access.assignment_of(user)
    job = ExportJob.objects.create(
        kind=kind,
        query=query,
        requested_by=user,
        requested_as=role if role is not None and role.pk else None,
        rows=rows,
        file_name=file_name,
    )
    # With the database backend the task row commits with the job; the immediate backend writes now.
    prepare_export.enqueue(job.pk)
    return job
