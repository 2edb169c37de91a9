"""A migration's own test on a database of its own: migrated from nothing up to the migrations
before it (and only what they depend on), rows written with the historical models, migrated on,
and dropped afterwards.

    with migrating.empty_database() as (connection, executor):
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        ...  # rows written through `old`
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)

The test database is left alone: walking it back from the latest migrations to an old one and
forward again costs Django two full migrations' worth of model states rendered (a quarter of a
minute per test on SQLite, more on PostgreSQL), and a transactional test to flush it afterwards. A
database of its own runs only the migrations up to the ones the test names, in a test that needs no
more than `@pytest.mark.django_db`.
"""

import copy
from contextlib import contextmanager

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.utils import load_backend


@contextmanager
def empty_database(squashed: bool = False):
    """(connection, MigrationExecutor) of a database with no table yet, standing in for the test
    database (`default`) while inside, as the migrations' own code expects to find it (their
    RunPython writes through `Model.objects`): SQLite in memory, or on PostgreSQL the test
    database's name + "_migrations" on the same server. The executor knows the migrations as they
    were written, one by one (a migration's own test names one of them), unless `squashed`: then as
    a new database runs them, a squashed migration (`replaces`) instead of those it replaces. Once
    the database holds some of the replaced ones, a new MigrationExecutor goes on with the rest of
    them, as Django does for a deployment that had run some."""
    test_database = connections["default"]
    settings = copy.deepcopy(test_database.settings_dict)
    settings["TEST"] = {
        **settings.get("TEST", {}),
        "NAME": (
            "file:memorydb_migrations?mode=memory&cache=shared"
            if test_database.vendor == "sqlite"
            else f"{settings['NAME']}_migrations"
        ),
    }
    connection = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, "default")
    name = connection.creation._create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    connection.settings_dict["NAME"] = name
    connections["default"] = connection
    try:
        executor = MigrationExecutor(connection)
        if not squashed:
            executor.loader = MigrationLoader(connection, replace_migrations=False)
        yield connection, executor
    finally:
        connections["default"] = test_database
        BaseDatabaseWrapper.close(connection)  # SQLite's close() keeps a database in memory open
        connection.creation._destroy_test_db(name, verbosity=0)
