"""Background work (an import checked or written, a half year's letters printed) whose worker has
stopped giving signs of life: killed, out of memory, its host restarted. Each such record keeps
`heartbeat_at` (written while the worker works) and `finished_at`; one rule says when to give up."""

import datetime

from django.conf import settings
from django.db import OperationalError
from django.db.models import Q, QuerySet
from django.utils import timezone


def give_up_silent(working: QuerySet, *, started_field: str, now=None, **outcome) -> int:
    """Marks finished, with `outcome` (state, message), the records of `working` whose worker has
    been silent for REGISTRY_IMPORT_STALE_SECONDS (or, never heard from, started that long ago).
    Returns how many it marked; 0 when another writer holds SQLite's lock (the next call tries again)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.REGISTRY_IMPORT_STALE_SECONDS)
    silent = working.filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, **{f"{started_field}__lt": cutoff})
    )
    if not silent.exists():  # a read, which never waits: the usual case
        return 0
    try:
        return silent.update(finished_at=now, **outcome)
    except OperationalError:  # SQLite: a worker holds the write lock, so it is alive; try again later
        return 0
