"""An import's uploaded file and its error workbook move from the database (bytes in the run's row)
to the private storage (branches/storage.py), which every app machine and task worker shares: the
bytes are written as files and the row keeps their names."""

import secrets

from django.core.files.base import ContentFile
from django.db import migrations, models

import branches.storage


def _bytes_to_files(apps, schema_editor):
    ImportRun = apps.get_model("registry", "ImportRun")
    for pk in ImportRun.objects.filter(
        models.Q(content__isnull=False) | models.Q(error_workbook__isnull=False)
    ).values_list("pk", flat=True):
        run = ImportRun.objects.only("content", "error_workbook", "file", "error_file").get(pk=pk)
        if run.content is not None:
            run.file.save(f"{secrets.token_hex(12)}.upload", ContentFile(bytes(run.content)), save=False)
        if run.error_workbook is not None:
            run.error_file.save(
                f"{secrets.token_hex(12)}-errors.xlsx", ContentFile(bytes(run.error_workbook)), save=False
            )
        run.save(update_fields=["file", "error_file"])


def _files_to_bytes(apps, schema_editor):
    ImportRun = apps.get_model("registry", "ImportRun")
    for run in ImportRun.objects.exclude(file="", error_file="").only("file", "error_file").iterator():
        for name, field in (("content", run.file), ("error_workbook", run.error_file)):
            if field:
                with field.storage.open(field.name, "rb") as handle:
                    setattr(run, name, handle.read())
        run.save(update_fields=["content", "error_workbook"])


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0032_candidate_name_pinyin"),
    ]

    operations = [
        migrations.AddField(
            model_name="importrun",
            name="file",
            field=models.FileField(
                blank=True,
                editable=False,
                max_length=200,
                storage=branches.storage.PrivateStorage(),
                upload_to="imports/%Y/%m/",
                verbose_name="file",
            ),
        ),
        migrations.AddField(
            model_name="importrun",
            name="error_file",
            field=models.FileField(
                blank=True,
                editable=False,
                max_length=200,
                storage=branches.storage.PrivateStorage(),
                upload_to="imports/%Y/%m/",
            ),
        ),
        migrations.RunPython(_bytes_to_files, _files_to_bytes, elidable=True),
        migrations.RemoveField(model_name="importrun", name="content"),
        migrations.RemoveField(model_name="importrun", name="error_workbook"),
        migrations.RenameField(model_name="importrun", old_name="error_file", new_name="error_workbook"),
    ]
