"""Inserting many rows with their history rows, fast: COPY on PostgreSQL, executemany on SQLite.

Django's bulk_create prepares every value of every row through the field (a million calls for
40,000 members and their history rows) and, on SQLite, sends 34 rows per statement. For 100,000
members that alone takes longer than the whole import may. Here the values are converted once
per column type, and the primary keys are allocated beforehand so that each history row can name
its record: from the sequence on PostgreSQL, after the table's largest id on SQLite (inside the
import's transaction, which holds SQLite's write lock from its first write).

The history rows are the ones django-simple-history's bulk_history_create would write: every
tracked field, history_date, history_type "+", history_user, history_change_reason — copied by
the database from the records just inserted (INSERT … SELECT), not sent a second time. On other
databases `supported()` is False and the caller uses bulk_create_with_history instead.
"""

import contextlib
import csv
import datetime
import io
import json
import operator
import queue
import threading
from collections.abc import Iterable

from django.db import IntegrityError, connection, models
from django.db.models.sql import Query

# Rows a COPY sends at a time. Each chunk is held as CSV text, then as the UTF-8 bytes sent, by a
# producer and a consumer with two more queued: at 10,000 members that was 45 MB at the import's
# peak, at 2,000 it is a fifth of that, in as long.
COPY_CHUNK = 2_000


def supported() -> bool:
    return connection.vendor in ("postgresql", "sqlite")


def allocate_ids(model, count: int) -> list[int]:
    table, column = model._meta.db_table, model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
            sequence = cursor.fetchone()[0]
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX({quote(column)}), 0) FROM {quote(table)}")
        start = cursor.fetchone()[0]
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            if found:
                start = max(start, found[0])
        return list(range(start + 1, start + 1 + count))


def _converter(field):
    """How one column's Python values reach the database, without the per-value field machinery,
    as (convert, passed): a value of the class `passed` (and None) goes as it is, any other one
    through `convert`. For COPY none is needed: the csv module writes dates as ISO text, booleans
    as True/False. On SQLite a plain date goes as it is: the driver calls the adapter Django
    registers for that class (adapt_date, the same isoformat) in C, which costs a third of a call
    of ours for each of the 1.7 million dates of 100,000 members and their history rows; a
    subclass of date (no adapter is looked up for it) is converted here."""
    if connection.vendor == "postgresql":
        return None
    if isinstance(field, models.DateTimeField):
        return _datetime_converter(), None
    if isinstance(field, models.DateField):
        return operator.methodcaller("isoformat"), datetime.date
    if isinstance(field, models.BooleanField):
        return int, None
    return None


def _datetime_converter():
    """adapt_datetimefield_value, once for a run of the same moment (every history row's history_date)."""
    last = [None, None]

    def convert(value):
        if value is not last[0]:
            last[0], last[1] = value, connection.ops.adapt_datetimefield_value(value)
        return last[1]

    return convert


def insert(model, attnames: list[str], rows: Iterable[tuple]) -> None:
    """Inserts `rows` (tuples aligned with `attnames`) into the model's table."""
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    fields = [by_attname[attname] for attname in attnames]
    converters = [(index, _converter(field)) for index, field in enumerate(fields)]
    converters = [(index, convert) for index, convert in converters if convert is not None]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)

    def converted():
        if not converters:
            yield from rows
            return
        for row in rows:
            row = list(row)
            for index, (convert, passed) in converters:
                value = row[index]
                if value is not None and value.__class__ is not passed:
                    row[index] = convert(value)
            yield row

    # The driver's own cursor, past Django's wrapper: its errors (a row refused by a constraint) are
    # made Django's here, as the wrapper would, for the import to say them (DatabaseError).
    with connection.cursor() as cursor, connection.wrap_database_errors:
        raw = cursor.cursor
        if connection.vendor == "postgresql":
            _copy(raw, f"COPY {table} ({columns}) FROM STDIN", converted())
        else:
            placeholders = ", ".join(["?"] * len(fields))
            raw.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", converted())


NULL = "\\N"  # COPY's NULL marker; an empty string stays an empty string


def _copy(raw_cursor, statement: str, rows) -> None:
    """COPY … FROM STDIN (FORMAT csv) in chunks. A second thread writes the next chunk's CSV
    (the csv module, in C) while the server digests the previous one: the driver releases the
    GIL while it waits, so the two overlap on two cores. Written alongside an import's reading,
    each chunk's COPY holds the connection's lock (one_call_at_a_time)."""
    statement += f" WITH (FORMAT csv, NULL '{NULL}')"
    if getattr(connection, "one_call_at_a_time", None) is not None:
        # Written alongside the import's reading (pipeline._Writer), which is what the server's
        # digesting overlaps with: no thread of its own (starting one waits for the reading thread
        # to let go of the interpreter, 17 ms each time).
        for text in _csv_chunks(rows):
            with one_call_at_a_time():
                _copy_chunk(raw_cursor, statement, text)
        return
    chunks: queue.Queue = queue.Queue(maxsize=2)
    failure = []

    def produce():
        try:
            for text in _csv_chunks(rows):
                chunks.put(text)
        except BaseException as error:  # handed to the consumer, which raises it
            failure.append(error)
        finally:
            chunks.put(None)

    producer = threading.Thread(target=produce, name="import-copy", daemon=True)
    producer.start()
    try:
        while (text := chunks.get()) is not None:
            _copy_chunk(raw_cursor, statement, text)
    finally:
        while producer.is_alive():  # let the producer finish even if the server refused a chunk
            with contextlib.suppress(queue.Empty):
                chunks.get(timeout=0.1)
    if failure:
        raise failure[0]


def _csv_chunks(rows):
    chunk = []
    for row in rows:
        chunk.append([NULL if value is None else value for value in row])
        if len(chunk) == COPY_CHUNK:
            yield _csv_text(chunk)
            chunk = []
    if chunk:
        yield _csv_text(chunk)


def _copy_chunk(raw_cursor, statement: str, text: bytes) -> None:
    if hasattr(raw_cursor, "copy_expert"):  # psycopg2
        raw_cursor.copy_expert(statement, io.BytesIO(text), size=1 << 20)
    else:  # psycopg 3
        with raw_cursor.copy(statement) as copy:
            copy.write(text)


def one_call_at_a_time():
    """The lock an import writing alongside its reading holds for each exchange with the database
    (pipeline._Writer): a COPY's is the driver's alone, past Django's execute wrappers."""
    return getattr(connection, "one_call_at_a_time", None) or contextlib.nullcontext()


def _csv_text(chunk) -> bytes:
    """The chunk as CSV, encoded: the bytes the server reads (a StringIO of the text would hold four
    bytes a character, BytesIO shares these)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(chunk)
    return buffer.getvalue().encode()


def insert_with_history(model, attnames: list[str], rows: list[tuple], *, actor, reason: str) -> list[int]:
    """Inserts new records and their "+" history rows; returns the new primary keys."""
    history = model.history.model
    pk = model._meta.pk.attname
    tracked = [field.attname for field in history.tracked_fields]
    missing = [name for name in tracked if name not in {pk, *attnames}]
    if missing:
        raise ValueError(f"history fields not given: {missing}")
    ids = allocate_ids(model, len(rows))
    with indexes_built_after(model, len(ids)), indexes_built_after(history, len(ids)):
        with checked_once(model, ids):
            insert(model, [pk, *attnames], ((pk_value, *row) for pk_value, row in zip(ids, rows, strict=True)))
        if ids:
            _history_of_inserted(model, history, tracked, ids, actor=actor, reason=reason)
    return ids


@contextlib.contextmanager
def checked_once(model, ids: list[int]):
    """SQLite: the table's CHECK constraints made once over the rows just inserted (keys `ids`), in
    one statement, instead of row by row as each is inserted. Row by row, SQLite builds each
    constraint's list of allowed values (status IN (…)) again for every row: 100,000 members took
    2.5 s to insert with their fourteen constraints, 1.5 s without, and the one statement that makes
    the same checks over them takes 0.2 s. A row that fails one is refused as SQLite would refuse it
    (IntegrityError "CHECK constraint failed: name"), inside the caller's transaction, so nothing of
    the load stays. The same expressions: the model's CheckConstraints and its fields' own checks,
    compiled as the migrations compiled them; a row for which one is NULL passes, as in a CHECK.
    PostgreSQL checks a row in microseconds: there the constraints stay as they are."""
    checks = _check_conditions(model) if connection.vendor == "sqlite" and ids else []
    if not checks:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA ignore_check_constraints = ON")
        try:
            yield
        finally:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
        quote = connection.ops.quote_name
        key = quote(model._meta.pk.column)
        select = f"SELECT 1 FROM {quote(model._meta.db_table)} WHERE {key} BETWEEN %s AND %s AND"
        failing = " OR ".join(f"NOT ({sql})" for _name, sql, _params in checks)
        every = [value for _name, _sql, params in checks for value in params]
        cursor.execute(f"{select} ({failing}) LIMIT 1", [ids[0], ids[-1], *every])
        if cursor.fetchone() is None:
            return
        for name, sql, params in checks:
            cursor.execute(f"{select} NOT ({sql}) LIMIT 1", [ids[0], ids[-1], *params])
            if cursor.fetchone() is not None:
                raise IntegrityError(f"CHECK constraint failed: {name}")


def _check_conditions(model) -> list[tuple[str, str, list]]:
    """(name, SQL, parameters) of each CHECK the model's table has: its Meta CheckConstraints and its
    fields' own (a positive integer's, say)."""
    checks = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            query = Query(model=model, alias_cols=False)
            where = query.build_where(constraint.condition)
            sql, params = where.as_sql(query.get_compiler(connection=connection), connection)
            checks.append((constraint.name, sql, list(params)))
    for field in model._meta.concrete_fields:
        sql = field.db_check(connection)
        if sql:
            checks.append((field.column, sql, []))
    return checks


# A load of at least this many rows into a table that holds no more than it builds the table's
# plain indexes afterwards (indexes_built_after).
BULK_LOAD_ROWS = 20_000


@contextlib.contextmanager
def indexes_built_after(model, rows: int):
    """A bulk load of `rows` rows into the model's table with its plain indexes — those that
    enforce nothing: not the primary key's, not a unique one — dropped before and created again,
    from their own definitions, after: one sort per index instead of a search and an insertion per
    row in each of them. 100,000 new members went into their sixteen indexes on PostgreSQL in 7 s,
    into none in 0.9 s, and the sixteen were then built in 2 s; the import's writing, with the
    history and the declared dues entries, took 11.3 s on PostgreSQL and 7.3 s on SQLite, now 6.5-7
    and 4.8-5.3.

    Only for a load that is most of the table (at least BULK_LOAD_ROWS rows, and no fewer than the
    table held before): rebuilding sorts every row, old ones too. Inside the caller's transaction:
    if the load fails, the indexes come back with the rollback. Meanwhile PostgreSQL holds the
    table locked for reading too (DROP INDEX), until the import commits — the first import of a
    roster into a registry that does not have it yet, which nobody reads. Outside a transaction
    the indexes are left as they are."""
    if rows < BULK_LOAD_ROWS or not connection.in_atomic_block or connection.vendor not in ("postgresql", "sqlite"):
        yield
        return
    table = model._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {quote(table)} LIMIT %s) AS held", [rows + 1])
        if cursor.fetchone()[0] > rows:
            yield
            return
        indexes = _plain_indexes(cursor, table)
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    with connection.cursor() as cursor, _checked_now(cursor, table):
        yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)


@contextlib.contextmanager
def _checked_now(cursor, table: str):
    """PostgreSQL creates no index on a table with checks still waiting for the commit (a deferred
    foreign key's of each row inserted): during the load the table's deferred constraints are
    immediate — each statement checks the rows it inserted as it ends, in the thread that writes
    alongside the import's reading (pipeline._Writer), not all of them at once before the indexes
    are built (1 s of 100,000 members with their dues entries) — and deferred again after."""
    deferred = []
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND condeferred ORDER BY 1",
            [connection.ops.quote_name(table)],
        )
        deferred = ", ".join(connection.ops.quote_name(name) for (name,) in cursor.fetchall())
    if deferred:
        cursor.execute(f"SET CONSTRAINTS {deferred} IMMEDIATE")
    yield
    if deferred:
        cursor.execute(f"SET CONSTRAINTS {deferred} DEFERRED")


def _plain_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """(name, the statement that creates it) of each index of the table that backs no constraint."""
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index AS i JOIN pg_class AS c "
            "ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass AND NOT i.indisunique AND NOT i.indisprimary "
            "AND NOT i.indisexclusion AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = i.indexrelid) "
            "ORDER BY 1",
            [connection.ops.quote_name(table)],
        )
        return cursor.fetchall()
    # SQLite: an index a constraint made has no statement; a unique one is left as it is.
    cursor.execute(
        "SELECT m.name, m.sql FROM sqlite_master AS m, pragma_index_list(m.tbl_name) AS i "
        "WHERE m.type = 'index' AND m.tbl_name = %s AND m.sql IS NOT NULL AND i.name = m.name AND NOT i.\"unique\" "
        "ORDER BY m.name",
        [table],
    )
    return cursor.fetchall()


HISTORY_FIELDS = ("history_date", "history_change_reason", "history_type", "history_user_id")


def _history_of_inserted(model, history, tracked: list[str], ids: list[int], *, actor, reason: str) -> None:
    """The history rows of the records just inserted, copied by the database from them in one
    INSERT … SELECT (in the order of their keys): each holds the record's values as written, as
    bulk_history_create's would, with no value of them going through Python a second time (on
    SQLite that was a third of the members' writing). The keys allocated are one run (always on
    SQLite, above every other record's; on PostgreSQL unless another session drew from the
    sequence meanwhile), else they are named."""
    quote = connection.ops.quote_name
    source = {field.attname: field.column for field in model._meta.concrete_fields}
    target = {field.attname: field for field in history._meta.concrete_fields}
    postgres = connection.vendor == "postgresql"
    placeholders = [
        f"CAST(%s AS {target[name].cast_db_type(connection)})" if postgres else "%s" for name in HISTORY_FIELDS
    ]
    key = quote(model._meta.pk.column)
    now = datetime.datetime.now(datetime.UTC)
    params = [connection.ops.adapt_datetimefield_value(now), reason, "+", getattr(actor, "pk", None)]
    if ids[-1] - ids[0] + 1 == len(ids):  # one run of keys, every one of them ours
        where = f"{key} BETWEEN %s AND %s"
        params += [ids[0], ids[-1]]
    elif postgres:  # the sequence was drawn from by another session meanwhile
        where = f"{key} = ANY(%s)"
        params.append(list(ids))
    else:
        where = f"{key} IN (SELECT value FROM json_each(%s))"
        params.append(json.dumps(list(ids)))
    columns = ", ".join(quote(target[name].column) for name in [*tracked, *HISTORY_FIELDS])
    values = ", ".join([*(quote(source[name]) for name in tracked), *placeholders])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} ({columns}) SELECT {values} "
            f"FROM {quote(model._meta.db_table)} WHERE {where} ORDER BY {key}",
            params,
        )
