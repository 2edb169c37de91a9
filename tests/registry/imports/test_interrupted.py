"""A worker killed in the middle of an import, for real: `manage.py db_worker` runs in a process of its
own on a real database (a file for SQLite, the test database on PostgreSQL) and is killed with
SIGKILL while it writes a big workbook. Nothing of the workbook is in the registry, the run says it
was interrupted, and it can be started again."""

import datetime
import os
import signal
import time

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from branches import storage
from registry.imports import tasks
from registry.models import ImportRun, Member
from tests.registry.imports.processes import ROWS, Database, big_roster, start_worker


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_writing_leaves_nothing_and_the_run_starts_again(
    tree, staff, client_for, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    run = ImportRun(
        user=staff,
        kind="members",
        file_name="big.xlsx",
        checksum="-",
        size=0,
        dry_run=False,
        state=ImportRun.State.CONFIRMED,
    )
    storage.keep(run.file, "big.upload", big_roster(tree["putian"].name))
    run.save()
    tasks.apply_import.enqueue(run.pk)
    database = Database(tmp_path)
    database.hand_over()

    worker = start_worker(database)
    try:
        deadline = time.monotonic() + 60
        while not database.writing():
            assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the worker never began writing"
            time.sleep(0.02)
        if database.vendor == "sqlite":
            time.sleep(0.5)  # well into the transaction: the lock row, then the rows
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        worker.stderr.close()
    database.take_back(killed_while_writing=True)

    run.refresh_from_db()
    assert run.state == ImportRun.State.WRITING, "the worker died before it could say anything"
    assert Member.objects.count() == 0, "nothing of the workbook was written"
    assert tasks.interrupt_abandoned_runs() == 0, "a second later, the run is not given up yet"

    later = timezone.now() + datetime.timedelta(seconds=django_settings.REGISTRY_IMPORT_STALE_SECONDS + 1)
    assert tasks.interrupt_abandoned_runs(now=later) == 1
    run.refresh_from_db()
    assert run.state == ImportRun.State.INTERRUPTED and "重新开始" in run.message
    assert run.file and storage.read(run.file), "the file is kept, to start again"

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = client_for(staff)
    page = client.get(reverse("registry:import_detail", args=[run.pk]))
    assert page.context["may_restart"] and "中断" in page.content.decode()
    client.post(reverse("registry:import_restart", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE, run.message
    assert Member.objects.count() == ROWS
