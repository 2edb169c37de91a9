"""What tells remembered figures (branches/remembered.py) that a table changed: a statement trigger
on every table of the registry, and the tables' versions it keeps (PostgreSQL only;
docs/operations.md#remembered-figures).

- The trigger `registry_change` records, once per transaction and table, that the transaction wrote
  to it: a row (table, transaction id) in the table `registry_change`. The row is seen by others
  exactly when the transaction commits, with what it wrote, and not at all if it rolls back.
- A table's version is the number of such rows: it moves with every commit that wrote to the table,
  whatever order the commits come in (rows are only added, and a later reader sees every row an
  earlier one saw: the same number is the same rows; `compact` sums them up into one row per table
  and keeps the number, so that no figure is counted again for it). Two more versions belong to every figure:
  a random number written once when the table is made (another database, or one made anew, never
  shares a figure), and the table's own identity (its oid: a restored backup makes it anew).
- The versions are read once per request (RequestMiddleware), riding on the query of the user's
  roles that every page makes (`with_versions`, from branches.access), else by a query of their own.
"""

import contextvars
import json

from django.conf import settings
from django.db import connection, connections
from django.db.models import TextField
from django.db.models.expressions import RawSQL

TABLE = "registry_change"
TRIGGER = "registry_change"
# Tables that no figure reads, written by reading pages (sessions, login attempts, the throttle's
# counts): a change there moves no figure, so they carry no trigger.
UNTRACKED = frozenset({"django_session", TABLE, "registry_cache", "registry_requestcount"})
UNTRACKED_PREFIXES = ("axes_",)
# The versions every figure has: the random number written when the table was made, and its oid.
BORN, ITSELF = "", "#"
# More rows than this, and the next reader sums them up into one row per table (`compact`).
COMPACT_ABOVE = 500
_tracked: frozenset[str] | None = None
# The versions read once per request (RequestMiddleware); outside a request, each figure reads them.
_request: contextvars.ContextVar[dict | None] = contextvars.ContextVar("registry_change_request", default=None)
_VERSIONS = (
    f"SELECT table_name, COUNT(*) AS n, SUM(weight) AS w FROM {TABLE} GROUP BY table_name "
    f"UNION ALL SELECT '{ITSELF}', 0, '{TABLE}'::regclass::oid::bigint"
)


class RequestMiddleware:
    """The tables' versions read once for all the figures of a request (the home page asks for several):
    a figure remembered later in the request that read what committed since is counted again by the
    next request, whose versions have moved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set({})
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def enabled() -> bool:
    return connection.vendor == "postgresql" and settings.REGISTRY_REMEMBER_FIGURES


def versions() -> dict:
    """The versions of the tables (table: its number of writing commits): once per request, riding on the query
    of the user's roles that every page makes (`with_versions`), else one query of its own."""
    memo = _request.get()
    if memo is not None and "versions" in memo:
        return memo["versions"]
    with connection.cursor() as cursor:
        cursor.execute(_VERSIONS)
        return _noted({table: (rows, weight) for table, rows, weight in cursor.fetchall()})


def _noted(rows: dict) -> dict:
    found = {table: int(weight) for table, (_rows, weight) in rows.items()}
    memo = _request.get()
    if memo is not None:
        memo["versions"] = found
    if sum(int(row[0]) for row in rows.values()) > COMPACT_ABOVE:
        compact()
    return found


def with_versions(queryset):
    """`queryset` (the user's roles, read once per request by branches.access) carrying the tables'
    versions as `figure_versions`, when a request will want them: so that they cost no query of their
    own (the home page keeps under 20). Hand the first row read to `note_versions`."""
    memo = _request.get()
    if memo is None or "versions" in memo or connection.in_atomic_block or not enabled():
        return queryset
    expression = f"SELECT json_object_agg(table_name, json_build_array(n, w))::text FROM ({_VERSIONS}) v"
    return queryset.annotate(figure_versions=RawSQL(expression, [], output_field=TextField()))


def note_versions(row) -> None:
    said = getattr(row, "figure_versions", None)
    if said is not None and _request.get() is not None:
        _noted(json.loads(said))


def compact() -> None:
    """One row per table, each with the sum of that table's rows: the versions stay as they were (a row
    deleted by two at once is summed by the one that deleted it). Rows of transactions still running
    are not seen, and stay."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH gone AS (DELETE FROM {TABLE} RETURNING table_name, weight) "
            f"INSERT INTO {TABLE} (table_name, weight) SELECT table_name, SUM(weight) FROM gone GROUP BY table_name"
        )


def tracked_tables() -> frozenset[str]:
    """The tables that carry the trigger, read once per process (a table made later is not
    remembered from until the workers start again)."""
    global _tracked
    if _tracked is None:
        _tracked = frozenset(_carrying(connection))
    return _tracked


def _carrying(database) -> set[str]:
    with database.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s AND pg_table_is_visible(c.oid)",
            [TRIGGER],
        )
        return {row[0] for row in cursor.fetchall()}


def tracked(table: str) -> bool:
    return table not in UNTRACKED and not table.startswith(UNTRACKED_PREFIXES)


def install(using, **_kwargs) -> None:
    """After `migrate` (post_migrate): the table of changes, the trigger's function, and the
    trigger on every table of the registry that has none yet. PostgreSQL only; idempotent."""
    database = connections[using]
    if database.vendor != "postgresql":
        return
    global _tracked
    with database.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigserial PRIMARY KEY, table_name text NOT NULL, "
            f"xid xid8, weight bigint NOT NULL DEFAULT 1)"
        )
        cursor.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {TABLE}_once ON {TABLE} (table_name, xid)")
        cursor.execute(
            f"INSERT INTO {TABLE} (table_name, weight) SELECT %s, floor(random() * 9e18)::bigint "
            f"WHERE NOT EXISTS (SELECT 1 FROM {TABLE} WHERE table_name = %s)",
            [BORN, BORN],
        )
        cursor.execute(
            f"""CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO {TABLE} (table_name, xid) VALUES (TG_TABLE_NAME, pg_current_xact_id())
              ON CONFLICT (table_name, xid) DO NOTHING;
              RETURN NULL;
            END $$"""
        )
        have = _carrying(database)
        tables = set(database.introspection.django_table_names(only_existing=True, include_views=False))
        for table in sorted(tables - have):
            if tracked(table):
                cursor.execute(
                    f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f"ON {database.ops.quote_name(table)} FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
                )
        for table in sorted(have):
            if not tracked(table):  # no longer told of (UNTRACKED grew)
                cursor.execute(f"DROP TRIGGER {TRIGGER} ON {database.ops.quote_name(table)}")
    _tracked = None
