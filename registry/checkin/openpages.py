"""What every page open to people without an account shares (docs/checkin.md#security): exempt
from LoginRequiredMiddleware, throttled per address, never cached, never sending the address on,
and answering every failure with a plain Chinese page instead of an exception.

They are exempt from Django's CSRF check. With `Referrer-Policy: no-referrer` a browser posts the
form with `Origin: null`, which the check refuses; and the check would protect nothing here: no
cookie or session speaks for the visitor — the unguessable link (or the public poster address) is
all the authority a submission has, and a submission changes nothing until a secretary accepts it.
No cookie is set by these pages either."""

import contextlib
import logging
import threading
import time
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from registry.models.checkin import RequestCount

log = logging.getLogger("registry.checkin")
WINDOW_SECONDS = 600
_SQLITE_STATEMENT = threading.Lock()


def remote_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def window_key(address: str | None, scope: str = "open-page") -> str:
    """The cache key of the address's (or, for another `scope`, the user's) count in the current window."""
    return f"registry:{scope}:{address}:{int(time.time()) // WINDOW_SECONDS}"


def over_limit(address: str | None, *, scope: str = "open-page", limit: int | None = None) -> bool:
    """Counts this request against the address's window; True when past the limit. The same
    counter limits the searches of logged-in users (`scope="search"`, keyed by the user:
    config.middleware.SearchThrottleMiddleware), with a limit of their own."""
    return count_request(window_key(address, scope)) > (settings.REGISTRY_OPEN_PAGE_LIMIT if limit is None else limit)


def count_request(key: str) -> int:
    """Adds one to the window's count and returns it, in one statement (issue 20 §5): the database
    cache's add-then-incr read the count and wrote it back, and 150 simultaneous requests from one
    address went through a limit of 60. An upsert counts every request once on SQLite and on
    PostgreSQL, whichever worker serves it. The first request of a window deletes the past ones."""
    table = connection.ops.quote_name(RequestCount._meta.db_table)
    expires = connection.ops.adapt_datetimefield_value(timezone.now() + timedelta(seconds=WINDOW_SECONDS))
    # SQLite: threads that share one connection (the tests' in-memory database under a live server)
    # must not interleave a statement and the fetch of what it returns; across processes SQLite's
    # own lock serializes the statement, as PostgreSQL's row lock does.
    with (
        _SQLITE_STATEMENT if connection.vendor == "sqlite" else contextlib.nullcontext(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"INSERT INTO {table} (name, count, expires_at) VALUES (%s, 1, %s) "
            f"ON CONFLICT (name) DO UPDATE SET count = {table}.count + 1 RETURNING count",
            [key, expires],
        )
        count = cursor.fetchone()[0]
        if count == 1:
            cursor.execute(
                f"DELETE FROM {table} WHERE expires_at < %s", [connection.ops.adapt_datetimefield_value(timezone.now())]
            )
    return count


def refusal(request, message: str, *, status: int = 200):
    """The plain page for a link or address that cannot be used: it names nobody."""
    return render(request, "checkin/open_refused.html", {"message": message}, status=status)


def open_page(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        address = remote_address(request)
        if over_limit(address):
            log.warning("open page throttled for %s: %s", address, request.path[:40])
            response = refusal(
                request, _("Too many requests from this network. Wait ten minutes and try again."), status=429
            )
        else:
            response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return login_not_required(csrf_exempt(wrapped))
