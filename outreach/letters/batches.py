"""A half year's letters in one PDF, printed in the background.

A hundred letters take several seconds to lay out (each on its own, so that its pages are numbered
"page 1 of 3" by itself): too long for a request. The page starts a LetterBatch and shows its
progress; a worker (django-tasks, as for imports) prints it; the file is kept in the database, so
that any worker on any host can write it and any web process serve it, until newer files of the same
half year replace it.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from branches import access, clock
from branches.workers import give_up_silent
from outreach.committee import committee_of_record
from outreach.letters.selectors import period_letters
from outreach.models import LetterBatch, LiaisonLetter
from printing.pdf import render_pdf_papers

logger = logging.getLogger(__name__)
State = LetterBatch.State

TEMPLATE = "outreach/letters/letters_pdf.html"


def _printed(full: bool) -> Q:
    """Batches printed with personal data in full (for the committee office, who post the letters)
    or masked (for a reviewer): the one is never handed to those who should get the other."""
    printed_full = Q(requested_by__role_assignment__role__in=access.PERSONAL_DATA_ROLES)
    return printed_full if full else ~printed_full


def batches_visible_to(user):
    if not access.sees_everything(user):
        return LetterBatch.objects.none()
    return LetterBatch.objects.filter(_printed(access.sees_personal_data(user))).defer("content")


def batch_detail(user, pk) -> LetterBatch:
    """404 for a batch the user does not see (a secretary sees no letters)."""
    fail_abandoned_batches()
    return get_object_or_404(batches_visible_to(user), pk=pk)


def batch_file(user, pk) -> LetterBatch:
    """The batch with its file; 404 while it is not ready (or for a batch the user does not see)."""
    batch = get_object_or_404(batches_visible_to(user).defer(None), pk=pk)
    if batch.state != State.DONE or batch.content is None:
        raise Http404
    return batch


@transaction.atomic
def batch_start(*, user, year: int, half: int) -> LetterBatch:
    """Queues the printing of a half year's letters (404 when that half year has none). A batch
    of the same half year still waiting or printing is reused, not started twice."""
    letters = period_letters(user, year, half)
    if half not in (1, 2) or not letters.exists():
        raise Http404
    fail_abandoned_batches()
    running = batches_visible_to(user).filter(year=year, half=half, state__in=LetterBatch.OPEN_STATES).first()
    if running is not None:
        return running
    batch = LetterBatch.objects.create(year=year, half=half, requested_by=user, progress_total=letters.count())
    # With the database backend the task row commits with the batch; the immediate backend prints now.
    print_batch.enqueue(batch.pk)
    return batch


def fail_abandoned_batches(now=None) -> int:
    """Marks failed the batches still printing whose worker has given no sign of life (a letter
    printed) for REGISTRY_IMPORT_STALE_SECONDS: it was killed, or its host restarted. Without this
    the half year would stay "printing" for ever, and every new request would be handed that batch.
    Called when a batch is started and by its page; returns how many it marked."""
    return give_up_silent(
        LetterBatch.objects.filter(state=State.WORKING),
        started_field="requested_at",
        now=now,
        state=State.FAILED,
        message=_(
            "Printing stopped before it finished (the worker printing it was stopped). Print the half year again "
            "from the letters' page."
        ),
    )


def _progress(batch_id: int):
    def report(done, total):
        LetterBatch.objects.filter(pk=batch_id, state=State.WORKING).update(
            progress_done=done, progress_total=total, heartbeat_at=timezone.now()
        )

    return report


def print_run(batch_id: int) -> None:
    with transaction.atomic():
        batch = LetterBatch.objects.select_for_update().get(pk=batch_id)
        if batch.state != State.QUEUED:
            return  # already taken by another worker
        batch.state, batch.heartbeat_at = State.WORKING, timezone.now()
        batch.save(update_fields=["state", "heartbeat_at"])
    letters = list(
        LiaisonLetter.objects.filter(year=batch.year, half=batch.half)
        .select_related("committee")
        .order_by("home_organization")
    )
    committee, today = committee_of_record(), clock.today()
    full = batch.requested_by is not None and access.sees_personal_data(batch.requested_by)
    try:
        content = render_pdf_papers(
            TEMPLATE,
            [
                {"letters": [letter], "committee": committee, "today": today, "user_sees_personal_data": full}
                for letter in letters
            ],
            progress=_progress(batch_id),
        )
    except Exception:  # a bug must not leave the batch printing for ever: say so
        logger.exception("letter batch %s failed", batch_id)
        batch.state = State.FAILED
        batch.message = _(
            "Printing stopped because of an error in the registry. The administrator has been told; try again later."
        )
    else:
        batch.state, batch.content = State.DONE, content
        batch.progress_done = batch.progress_total = len(letters)
    batch.finished_at = timezone.now()
    batch.save()
    if batch.state == State.DONE:  # the newest file of a half year replaces the older ones
        LetterBatch.objects.filter(year=batch.year, half=batch.half).filter(_printed(full)).exclude(
            pk=batch.pk
        ).exclude(state__in=LetterBatch.OPEN_STATES).delete()


# --- the background task (django-tasks): kept beside the work it does, so nothing imports in a circle


@task()
def print_batch(batch_id: int) -> None:
    print_run(batch_id)
