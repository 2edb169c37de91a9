# A member's committee posts and candidacies go with a member record deleted as a mistake (as their
# dues and discipline do), instead of protecting it (registry/models/committees.py).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0022_candidate_steps"),
    ]

    operations = [
        migrations.AlterField(
            model_name="committeemembership",
            name="member",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="committee_posts",
                to="registry.member",
                verbose_name="party member",
            ),
        ),
        migrations.AlterField(
            model_name="electioncandidate",
            name="member",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="candidacies",
                to="registry.member",
                verbose_name="party member",
            ),
        ),
    ]
