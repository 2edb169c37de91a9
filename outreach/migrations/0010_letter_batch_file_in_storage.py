"""A half year's printed letters move from the database (bytes in the batch's row) to the private
storage (branches/storage.py), which every app machine and task worker shares."""

import secrets

from django.core.files.base import ContentFile
from django.db import migrations, models

import branches.storage


def _bytes_to_files(apps, schema_editor):
    LetterBatch = apps.get_model("outreach", "LetterBatch")
    for pk in LetterBatch.objects.filter(content__isnull=False).values_list("pk", flat=True):
        batch = LetterBatch.objects.only("content", "file", "year", "half").get(pk=pk)
        name = f"{batch.year}-{batch.half}-{secrets.token_hex(8)}.pdf"
        batch.file.save(name, ContentFile(bytes(batch.content)), save=False)
        batch.save(update_fields=["file"])


def _files_to_bytes(apps, schema_editor):
    LetterBatch = apps.get_model("outreach", "LetterBatch")
    for batch in LetterBatch.objects.exclude(file="").only("file").iterator():
        with batch.file.storage.open(batch.file.name, "rb") as handle:
            batch.content = handle.read()
        batch.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0009_remove_activities"),
    ]

    operations = [
        migrations.AddField(
            model_name="letterbatch",
            name="file",
            field=models.FileField(
                blank=True,
                editable=False,
                max_length=200,
                storage=branches.storage.PrivateStorage(),
                upload_to="letters/%Y/",
                verbose_name="file",
            ),
        ),
        migrations.RunPython(_bytes_to_files, _files_to_bytes, elidable=True),
        migrations.RemoveField(model_name="letterbatch", name="content"),
    ]
