# Several roles per person, and staff and reviewers bound to their committee (issue 27 §1, §2): the
# one-role-per-user uniqueness (a one-to-one link) becomes a foreign key, a role is held once per
# person and organization, and only an administrator must be bound to no organization.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0005_name_pinyin"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="roleassignment",
            name="role_secretary_has_organization",
        ),
        migrations.AlterField(
            model_name="roleassignment",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="role_assignments",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
        migrations.AddConstraint(
            model_name="roleassignment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("organization__isnull", False), ("role", "secretary")),
                    models.Q(("organization__isnull", True), ("role", "admin")),
                    ("role__in", ["staff", "reviewer"]),
                    _connector="OR",
                ),
                name="role_secretary_has_organization",
            ),
        ),
        migrations.AddConstraint(
            model_name="roleassignment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organization__isnull", False)),
                fields=("user", "role", "organization"),
                name="role_once_per_user_and_organization",
            ),
        ),
        migrations.AddConstraint(
            model_name="roleassignment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organization__isnull", True)),
                fields=("user", "role"),
                name="role_once_per_user_unbound",
            ),
        ),
    ]
