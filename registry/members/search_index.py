"""The roster's search by name, on PostgreSQL, read from a trigram index (docs/operations.md#the-name-search).

A name is searched for anywhere in it (`filters.search`: the name without spaces, in any case,
contains what was typed): no ordinary index serves that, and PostgreSQL read the whole roster for
each search — 40-50 ms at 100,000 members, a fifth of the database's time under load, and the same
again for the list's count. A GIN index of the name's trigrams (pg_trgm) finds the rows holding
every three characters typed in a millisecond: "林秀英", "党员12". Fewer than three characters ("王")
make no trigram, and are searched for by reading the roster as before.

The index is on the expression the search compares, written as Django writes it (filters.search):
UPPER(REPLACE(REPLACE(name, ' ', ''), '　', '')). Put in after `migrate` (post_migrate) and idempotent,
like the trigger of branches/changes.py: the extension pg_trgm is one PostgreSQL ships with and lets
the database's owner install (a trusted extension); where it may not be installed, the search reads
the roster as before and `migrate` says so, not fails.
"""

import logging

from django.db import DatabaseError, connections, transaction

logger = logging.getLogger(__name__)

INDEX = "registry_member_name_search"
EXPRESSION = "UPPER(REPLACE(REPLACE(name, ' ', ''), '\u3000', '')::text)"


def install(using, **_kwargs) -> None:
    database = connections[using]
    if database.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=using), database.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {INDEX} ON registry_member USING gin (({EXPRESSION}) gin_trgm_ops)"
            )
    except DatabaseError as error:  # no right to install the extension: the search reads the roster
        logger.warning("The name search's trigram index was not created (%s): names are searched row by row.", error)
