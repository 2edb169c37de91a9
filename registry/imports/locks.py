"""Two imports of the same kind never interleave: an import that writes takes its kind's lock row
first, in the transaction that then checks every row against the registry and writes them, and
keeps it until that transaction ends. The second one waits, then checks against what the first
wrote (a member the first added is "updated" by the second, not added twice).

- PostgreSQL: the row lock of the kind's ImportLock row (an UPDATE waits for the other
  transaction's commit or rollback). A worker that dies loses its connection, and its lock with it.
- SQLite: the database has one writer at a time; the lock statement is the transaction's first
  write, so it takes the write lock (waiting up to the connection's timeout, 20 s) and keeps it to
  the end: every import, of any kind, runs alone while it writes.
"""

from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from registry.models import ImportLock


def hold_import_lock(kind: str, *, holder: str = "") -> None:
    """Takes `kind`'s lock for the rest of the current transaction (must be inside one, and on
    SQLite before any other statement of it)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("hold_import_lock() must run inside a transaction")
    # The row may not exist yet; INSERT … ON CONFLICT DO NOTHING (SQLite: INSERT OR IGNORE) is a
    # write, so on SQLite it is what takes the write lock.
    ImportLock.objects.bulk_create([ImportLock(kind=kind)], ignore_conflicts=True)
    ImportLock.objects.filter(kind=kind).update(taken_at=timezone.now(), taken_by=holder[:100])


@contextmanager
def import_lock(kind: str, *, holder: str = ""):
    """A transaction holding `kind`'s lock."""
    with transaction.atomic():
        hold_import_lock(kind, holder=holder)
        yield
