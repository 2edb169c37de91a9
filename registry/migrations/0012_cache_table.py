"""The cache's table (settings.CACHES: django.core.cache.backends.db.DatabaseCache), made here so
that `migrate` is all a deployment runs, and every worker counts the open pages' throttle in one
place."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name('registry_cache')}")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0011_checkin_and_reconciliation"),
    ]

    operations = [
        migrations.RunPython(create_cache_table, drop_cache_table, elidable=True),
    ]
