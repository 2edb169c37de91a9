"""The models and the migrations agree: a model change without its migration fails here, not on a
production database."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"makemigrations found changes without a migration:\n{out.getvalue()}" if exit_.code else "")


# contrib.auth's many-to-many tables: a migration makes their id the kind DEFAULT_AUTO_FIELD names
# (a bigint on PostgreSQL), the models auth's own AutoField (an integer). Django's doing, not ours;
# their ids are compared by name only.
AUTH_MANY_TO_MANY_IDS = {
    ("auth_group_permissions", "id"),
    ("auth_user_groups", "id"),
    ("auth_user_user_permissions", "id"),
}


def schema(connection) -> dict:
    """Every table of `connection`'s database: its columns (name, type, null) and its constraints and
    indexes (columns, kind, what a foreign key points to), without the names a database gives
    them (a field renamed keeps the index named after its old name)."""
    introspection = connection.introspection
    tables = {}
    with connection.cursor() as cursor:
        for table in introspection.table_names(cursor):
            if table == "django_migrations":
                continue
            columns = {
                column.name: (
                    (column.type_code, column.null_ok, column.internal_size, column.precision, column.scale)
                    if (table, column.name) not in AUTH_MANY_TO_MANY_IDS
                    else "an id"
                )
                for column in introspection.get_table_description(cursor, table)
            }
            constraints = sorted(
                (
                    tuple(found["columns"] or ()),
                    tuple(found.get("orders") or ()),
                    bool(found["primary_key"]),
                    bool(found["unique"]),
                    bool(found["index"]),
                    bool(found["check"]),
                    tuple(found["foreign_key"] or ()),
                    str(found.get("type") or ""),
                )
                for found in introspection.get_constraints(cursor, table).values()
            )
            tables[table] = {"columns": columns, "constraints": constraints}
    return tables


@pytest.mark.django_db
def test_the_migrations_build_the_tables_the_models_declare():
    """The suite's test databases are made from the models (tests/conftest.py: TEST MIGRATE False,
    the quicker way), so here the migrations are applied from nothing on a database of their own,
    as `migrate` applies them to a new database (registry's first 44 and outreach's first 13 squashed),
    and
    must give the same tables, columns, constraints and indexes."""
    from django.db import connections

    from branches import changes
    from registry.members import search_index
    from tests import migrating

    from_models = schema(connections["default"])
    with migrating.empty_database(squashed=True) as (connection, executor):
        executor.migrate(executor.loader.graph.leaf_nodes())
        changes.install(connection.alias)  # what `migrate` does after the migrations (post_migrate)
        search_index.install(connection.alias)
        migrated = schema(connection)
    assert sorted(migrated) == sorted(from_models)
    differing = {
        table: {"migrated": migrated[table], "models": from_models[table]}
        for table in migrated
        if migrated[table] != from_models[table]
    }
    assert differing == {}
