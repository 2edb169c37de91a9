"""Figures counted once and shown again, for as long as nothing they were counted from has changed
(docs/operations.md#remembered-figures).

The committee's pages count the whole registry: the home page's cards, the coverage, the summary,
the year's balance, the organizations with their members. At 100,000 members each count costs a
worker 50 to 150 ms of CPU, and two hundred people reading pages ask for the same counts again and
again while nothing changes. `remembered` keeps a count and gives it again while every table it read
is as it was, and counts afresh as soon as one is not. Never an old figure: no time limit decides.

How a change is seen (PostgreSQL): every table of the registry has a version that moves with
every commit that wrote to it (branches/changes.py). A figure is kept with the versions, read
before it was counted, of the tables it read (the queries it made are read for their table names).
It is given again only while every one of them is the same: then nothing committed since touched
them, so the figure is what counting again would give. A figure read from a table without the
trigger is never kept; inside a transaction (an atomic block, whose own uncommitted rows may be in
what it counts) every figure is counted afresh. A web request runs outside one (autocommit), as do
the task worker and the commands.

A figure remembered inside another's count (the organization tree inside a workbook) hands the
tables it read to the outer one, which then depends on them too, whether it was counted or given.

On SQLite (one machine, the embedded default) nothing is remembered: every count is made afresh.
The remembered figures are files that the workers of one machine share (settings.CACHES["figures"]).
"""

import contextlib
import contextvars
import hashlib
import pickle
import re
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.utils import translation

from branches import access, changes, clock

# The version of a table never written to since the trigger was put on it.
NEVER = 0
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_known: frozenset[str] | None = None
_built: str | None = None
# The queries read by the counts under way, outermost first (a figure remembered inside another's count).
_counting: contextvars.ContextVar[tuple[list, ...]] = contextvars.ContextVar("remembered_counting", default=())
# The folders of the code that counts and shows figures (`_build`).
BUILD_FOLDERS = ("branches", "registry", "outreach", "config", "spreadsheets", "templates", "locale")


def remembered(name: str, user, compute, *parts, alone: bool = False):
    """`compute()`, or what it gave before for the same `name`, the role's view (the committee's or a
    secretary's, and the organization it is bound to), the language, today and `parts`, while every
    table it read is unchanged. What is given is a copy: the caller may change it. `alone`: a figure
    that takes long to count is counted by one worker at a time, the others waiting for it (`_alone`;
    two queries more for the one that counts)."""
    if not changes.enabled():
        return compute()
    scope = _scope(user)
    if scope is None:
        return compute()
    if connection.in_atomic_block:  # its own uncommitted rows may be in what it counts (or in a test's)
        return compute()
    versions = changes.versions()
    cache = caches["figures"]
    where = [connection.settings_dict[setting] for setting in ("NAME", "HOST", "PORT")]
    said = repr((_build(), where, scope, translation.get_language(), clock.today().isoformat(), parts))
    key = f"{name}:{hashlib.sha256(said.encode()).hexdigest()}"
    kept = _current(cache.get(key), versions)
    if kept is None:
        with _alone(key) if alone else contextlib.nullcontext():  # the others wait, and are given it
            kept = _current(cache.get(key), versions) if alone else None
            if kept is None:
                return _counted(key, compute, versions, cache)
    for outer in _counting.get():  # the counts this one is given inside depend on what it read
        outer.append(" ".join(kept[1]))
    return pickle.loads(kept[0])


def _current(kept, versions: dict):
    """What was kept, if every table it depends on is at the version it was counted at. The figure
    is kept pickled apart from the versions (its own bytes): a figure out of date, found on every
    first visit after a change, is not unpickled only to be counted again (a thousand organizations'
    tree is 50 ms of unpickling)."""
    if kept is not None and all(versions.get(table, NEVER) == version for table, version in kept[1].items()):
        return kept
    return None


# How long a worker waits for another that counts the same figure before it counts it itself.
WAIT_FOR_ANOTHER = 10.0  # seconds
_WAITING_STEP = 0.02


@contextlib.contextmanager
def _alone(key: str):
    """While one worker counts a figure, every other that asks for it (the moment after an import,
    when every worker finds the home page's figures out of date at once) waits, instead of counting
    the same figure beside it: a PostgreSQL advisory lock on the figure's key, held by the session
    that counts, for the count only (never inside a transaction: see `remembered`). A figure nested
    in another's count takes its own lock inside the outer's: the code's nesting is the same for
    every worker, so two never wait for each other. After WAIT_FOR_ANOTHER seconds the worker counts
    it anyway."""
    lock = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
    deadline = time.monotonic() + WAIT_FOR_ANOTHER
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock])
            if cursor.fetchone()[0]:
                break
            if time.monotonic() > deadline:
                yield
                return
            time.sleep(_WAITING_STEP)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [lock])


def _counted(key: str, compute, versions: dict, cache):
    queries = []
    token = _counting.set((*_counting.get(), queries))
    try:
        with connection.execute_wrapper(_Reading(queries)):
            value = compute()
    finally:
        _counting.reset(token)
    read = {word for sql in queries for word in _NAME.findall(sql)} & _known_tables()
    if read and read <= changes.tracked_tables():
        depends = {table: versions.get(table, NEVER) for table in read | {changes.BORN, changes.ITSELF}}
        cache.set(key, (pickle.dumps(value, pickle.HIGHEST_PROTOCOL), depends))
    return value


def remembered_count(user, rows) -> int:
    """How many rows a list's queryset holds, remembered for the role's view and the query itself
    (its SQL and parameters): a long list's COUNT (the committee's roster of 100,000 members, 30 ms
    of PostgreSQL) asked again page after page and person after person."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return 0
    return remembered("count", user, rows.count, sql, tuple(params))


class _Reading:
    def __init__(self, queries: list):
        self.queries = queries

    def __call__(self, execute, sql, params, many, context):
        self.queries.append(sql)
        return execute(sql, params, many, context)


def _scope(user):
    """What the figures depend on of the user: the committee's view (admin, staff and reviewers see
    the same figures) or a secretary's, and the organization it is bound to."""
    assignment = access.assignment_of(user)
    if assignment is None:
        return None
    view = "committee" if access.sees_everything(user) else assignment.role
    root = access.scope_root(user)
    return (view, root.pk, root.path) if root is not None else (view,)


def _build() -> str:
    """This code's own mark: the files of the registry's code (their sizes and times) and the
    registry's settings (REGISTRY_*, the time zone), read once per process. The remembered figures
    outlive the workers (files); a figure counted by other code (a new version deployed) or under
    other settings (a threshold changed in the environment) is never given."""
    global _built
    if _built is None:
        root = Path(settings.BASE_DIR)
        marks = sorted(
            (str(path.relative_to(root)), path.stat().st_size, path.stat().st_mtime_ns)
            for folder in BUILD_FOLDERS
            for path in (root / folder).rglob("*")
            if path.suffix in (".py", ".html", ".mo")
        )
        chosen = sorted((name, repr(getattr(settings, name))) for name in dir(settings) if name.startswith("REGISTRY_"))
        _built = hashlib.sha256(repr((marks, chosen, settings.TIME_ZONE)).encode()).hexdigest()[:16]
    return _built


def _known_tables() -> frozenset[str]:
    global _known
    if _known is None:
        _known = frozenset(connection.introspection.django_table_names(include_views=False))
    return _known
