"""The letters' background work (django-tasks): printing a half year's letters into one PDF, with
its progress, and the task a worker runs it by. batches.batch_start queues it; the work and its task
live here together, so that nothing imports in a circle."""

import logging
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from branches import access, clock, storage
from outreach.letters.selectors import printed_for
from outreach.models import LetterBatch, LiaisonLetter
from printing.pdf import render_pdf_papers
from registry.members import masking

logger = logging.getLogger(__name__)
State = LetterBatch.State

TEMPLATE = "outreach/letters/letters_pdf.html"


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
    # The letters the person who asked sees, in the role they asked in: their committee's, when bound
    # to one (outreach.letters.selectors).
    if batch.requested_by is not None and batch.requested_as_id is not None:
        access.choose(batch.requested_by, batch.requested_as_id)
    scope = access.organization_scope(batch.requested_by, prefix="committee__") if batch.requested_by else Q()
    letters = list(
        LiaisonLetter.objects.filter(scope, year=batch.year, half=batch.half)
        .select_related("committee__chamber")
        .order_by("home_organization")
    )
    today = clock.today()
    full = batch.requested_by is not None and access.sees_personal_data(batch.requested_by)
    try:
        content = render_pdf_papers(
            TEMPLATE,
            [
                {"letters": [letter], "committee": letter.committee, "today": today, "user_sees_personal_data": full}
                for letter in letters
            ],
            progress=_progress(batch_id),
            mask=None if full else masking.mask_text,
        )
    except Exception:  # a bug must not leave the batch printing for ever: say so
        logger.exception("letter batch %s failed", batch_id)
        batch.state = State.FAILED
        batch.message = _(
            "Printing stopped because of an error in the registry. The administrator has been told; try again later."
        )
    else:
        batch.state = State.DONE
        storage.keep(batch.file, f"{batch.year}-{batch.half}-{secrets.token_hex(8)}.pdf", content)
        batch.progress_done = batch.progress_total = len(letters)
    batch.finished_at = timezone.now()
    batch.save()
    if batch.state == State.DONE:  # the newest file of a half year replaces the older ones
        older = (
            LetterBatch.objects.filter(year=batch.year, half=batch.half)
            .filter(printed_for(full))
            .exclude(pk=batch.pk)
            .exclude(state__in=LetterBatch.OPEN_STATES)
        )
        with transaction.atomic():
            storage.forget_after_commit(*older.values_list("file", flat=True))
            older.delete()


@task()
def print_batch(batch_id: int) -> None:
    print_run(batch_id)
