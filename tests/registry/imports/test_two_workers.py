"""Two task workers (`manage.py db_worker`, real processes) on one PostgreSQL database and one
storage, as several machines run them (README#deployment): every queued import is written by one
of them, once. django-tasks' database backend takes a task with SELECT … FOR UPDATE SKIP LOCKED and
marks it running in the same transaction (django_tasks_db: DBTaskResultQuerySet.get_locked, then
DBTaskResult.claim), so a second worker skips a task the first holds; and a worker takes an import
only from the state it expects (registry/imports/tasks.py, _run), so a task run twice could not
write twice either."""

import copy
import time

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from branches import storage
from registry.imports import tasks
from registry.models import ImportRun, Member
from tests.registry.imports.processes import Database, big_roster, start_worker

RUNS, ROWS = 6, 100


def _named_worker(database: Database, name: str):
    """A worker whose connections say its name (pg_stat_activity.application_name)."""
    named = copy.copy(database)
    named.url = f"{database.url}?application_name={name}"
    return start_worker(named)


def _wait_until_polling(workers, names):
    """Until each worker has been seen asking the database for a task, so that both compete for
    the queue from its first task (a worker that started late would find it empty)."""
    seen, deadline = set(), time.monotonic() + 30
    while seen != set(names):
        for worker in workers:
            assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
        assert time.monotonic() < deadline, f"only {seen} asked for tasks"
        with connection.cursor() as cursor:
            cursor.execute("SELECT application_name FROM pg_stat_activity WHERE application_name = ANY(%s)", [names])
            seen |= {name for (name,) in cursor.fetchall()}
        time.sleep(0.005)


@pytest.mark.django_db(transaction=True)
def test_two_workers_write_each_queued_import_exactly_once(tree, staff, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    database = Database(tmp_path)
    names = ["registry-worker-1", "registry-worker-2"]
    workers = [_named_worker(database, name) for name in names]
    try:
        _wait_until_polling(workers, names)
        with transaction.atomic():  # the whole queue appears at once
            for number in range(RUNS):
                run = ImportRun(
                    user=staff,
                    kind="members",
                    file_name=f"{number}.xlsx",
                    checksum="-",
                    dry_run=False,
                    state=ImportRun.State.CONFIRMED,
                )
                workbook = big_roster(tree["putian"].name, rows=ROWS, first=number * ROWS)
                storage.keep(run.file, f"{number}.upload", workbook)
                run.save()
                tasks.apply_import.enqueue(run.pk)
        deadline = time.monotonic() + 60
        while DBTaskResult.objects.finished().count() < RUNS:
            for worker in workers:
                assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the workers did not finish the queue"
            time.sleep(0.1)
    finally:
        for worker in workers:  # idle by now (or the test failed): no need to wait for a graceful stop
            worker.kill()
            worker.wait(timeout=10)
            worker.stderr.close()

    taken = list(DBTaskResult.objects.values_list("status", "worker_ids"))
    assert len(taken) == RUNS
    assert all(status == "SUCCESSFUL" and len(worker_ids) == 1 for status, worker_ids in taken), taken
    assert len({worker_ids[0] for _, worker_ids in taken}) == 2, "both workers took tasks"
    runs = ImportRun.objects.all()
    assert [run.state for run in runs] == [ImportRun.State.DONE] * RUNS, [run.message for run in runs]
    assert all(run.counts["new"] == ROWS and not run.file for run in runs), "each wrote its own rows, once"
    assert Member.objects.count() == RUNS * ROWS
    assert Member.history.filter(history_type="+").count() == RUNS * ROWS, "no member created twice"
