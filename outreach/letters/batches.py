"""A half year's letters in one PDF, printed in the background.

A hundred letters take several seconds to lay out (each on its own, so that its pages are numbered
"page 1 of 3" by itself): too long for a request. The page starts a LetterBatch and shows its
progress; a worker (django-tasks, as for imports) prints it (tasks.py); the file is kept in the private
storage (branches/storage.py), so that any worker on any host can write it and any web process serve
it, until newer files of the same half year replace it.
"""

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from branches import access
from branches.workers import give_up_silent
from outreach.letters.selectors import period_letters, printed_for
from outreach.letters.tasks import print_batch
from outreach.models import LetterBatch

State = LetterBatch.State


def batches_visible_to(user):
    if not access.sees_everything(user):
        return LetterBatch.objects.none()
    batches = LetterBatch.objects.filter(printed_for(access.sees_personal_data(user)))
    if access.scope_root(user) is not None:  # a committee's staff or reviewer: the files they asked for
        batches = batches.filter(requested_by=user)
    return batches


def batch_detail(user, pk) -> LetterBatch:
    """404 for a batch the user does not see (a secretary sees no letters)."""
    fail_abandoned_batches()
    return get_object_or_404(batches_visible_to(user), pk=pk)


def batch_file(user, pk) -> LetterBatch:
    """The batch with its file; 404 while it is not ready (or for a batch the user does not see)."""
    batch = get_object_or_404(batches_visible_to(user).defer(None), pk=pk)
    if batch.state != State.DONE or not batch.file:
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
    role = access.assignment_of(user)  # a superuser's implied role is no row: none is kept
    batch = LetterBatch.objects.create(
        year=year, half=half, requested_by=user, requested_as=role if role.pk else None, progress_total=letters.count()
    )
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
