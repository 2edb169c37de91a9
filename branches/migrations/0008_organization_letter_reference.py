# A committee's own pattern of its letters' reference numbers (issue 27 §1): each committee of a
# deployment numbers its liaison letters itself (the pattern empty: REGISTRY_LETTER_REFERENCE).

from django.db import migrations, models

import branches.models


class Migration(migrations.Migration):
    dependencies = [
        ("branches", "0007_inbox"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalorganization",
            name="letter_reference",
            field=models.CharField(
                blank=True,
                help_text=(
                    "For a committee: its letters' reference numbers, e.g. 闽商党〔{year}〕{n}号 "
                    "(empty: the registry's)."
                ),
                max_length=60,
                validators=[branches.models.validate_reference_pattern],
                verbose_name="letters' reference pattern",
            ),
        ),
        migrations.AddField(
            model_name="organization",
            name="letter_reference",
            field=models.CharField(
                blank=True,
                help_text=(
                    "For a committee: its letters' reference numbers, e.g. 闽商党〔{year}〕{n}号 "
                    "(empty: the registry's)."
                ),
                max_length=60,
                validators=[branches.models.validate_reference_pattern],
                verbose_name="letters' reference pattern",
            ),
        ),
    ]
