"""Issue 27 §4: two conditions the figures count over every member, stored (Member.six_knowns_met,
Member.pays_here_own_facts): generated columns the database computes on every write.

SQLite adds them by remaking the member table, which drops the table's planner statistics
(sqlite_stat1) where ANALYZE had gathered some: without them the grouped counts per organization
left the covering index (organization, category, status, left_on, registered_on) for left_on's,
11 -> 40 ms at 100,000 members. Where the database had statistics, the table's are gathered again
(0.1 s at 100,000). PostgreSQL rewrites the table and keeps its statistics."""

from django.db import migrations, models


def gather_statistics_again(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        if cursor.fetchone() is not None:
            cursor.execute("ANALYZE registry_member")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0041_member_organization_index_with_registered_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="pays_here_own_facts",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(
                        models.Q(
                            models.Q(("category", "temporary"), _negated=True),
                            models.Q(
                                models.Q(("category", "self_managed"), ("flowed_out", False)),
                                ("pays_dues_here", True),
                                models.Q(("category", "self_managed"), ("pays_dues_here__isnull", True)),
                                _connector="OR",
                            ),
                        ),
                        then=models.Value(True),
                    ),
                    default=models.Value(False),
                ),
                output_field=models.BooleanField(),
            ),
        ),
        migrations.AddField(
            model_name="member",
            name="six_knowns_met",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(
                        models.Q(
                            models.Q(
                                models.Q(("category", "self_managed"), _negated=True),
                                ("flowed_out", True),
                                _connector="OR",
                            ),
                            ("left_home__isnull", False),
                            models.Q(("work_address", ""), _negated=True),
                            ("work_address__isnull", False),
                            models.Q(
                                models.Q(
                                    models.Q(("origin_address", ""), _negated=True), ("origin_address__isnull", False)
                                ),
                                models.Q(
                                    models.Q(("origin_organization", ""), _negated=True),
                                    ("origin_organization__isnull", False),
                                ),
                                _connector="OR",
                            ),
                            models.Q(("occupation", ""), _negated=True),
                            ("occupation__isnull", False),
                            models.Q(("phone", ""), _negated=True),
                            ("phone__isnull", False),
                            ("dues_paid_through__isnull", False),
                        ),
                        then=models.Value(True),
                    ),
                    default=models.Value(False),
                ),
                output_field=models.BooleanField(),
            ),
        ),
        migrations.RunPython(gather_statistics_again, migrations.RunPython.noop, elidable=True),
    ]
