"""A worker killed in the middle of an import, for real: `manage.py db_worker` runs in a process of its
own on a real database (a file for SQLite, the test database on PostgreSQL) and is killed with
SIGKILL while it writes a big workbook. Nothing of the workbook is in the registry, the run says it
was interrupted, and it can be started again."""

import datetime
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from registry.backups.database import backup, restore
from registry.idnumbers import id_check_character
from registry.imports import runs
from registry.models import ImportRun, Member

ROOT = Path(__file__).resolve().parents[3]
ROWS = 12_000
HEADERS = ["姓名", "公民身份号码", "所在党组织", "管理类别", "党员身份", "入党时间", "联系电话", "从事职业"]


def big_roster(organization: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("党员")
    sheet.append(HEADERS)
    for index in range(ROWS):
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=index % 9000)
        first17 = f"350102{birth:%Y%m%d}{index // 9000:03d}"
        sheet.append([f"党员{index}", first17 + id_check_character(first17), organization, "在册流动党员", "正式党员",
                      "2010-07-01", f"139{index:08d}", "销售"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class Database:
    """The database the worker process uses, and how to see from outside that it is writing."""

    def __init__(self, tmp_path):
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            # The suite's SQLite database is in memory: the worker gets a file copy of it, and the
            # test reads the file back after the kill.
            self.file = tmp_path / "registry.sqlite3"
            self.url = f"sqlite:///{self.file}"
        else:
            db = connection.settings_dict
            self.url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    def hand_over(self):
        if self.vendor == "sqlite":
            backup(self.file)

    def writing(self) -> bool:
        if self.vendor == "sqlite":  # the import's transaction has begun changing the file
            return Path(f"{self.file}-journal").exists()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND xact_start IS NOT NULL AND (query ILIKE 'COPY %%' OR query ILIKE '%%nextval%%')"
            )
            return cursor.fetchone()[0] > 0

    def take_back(self):
        """The worker's database as the test sees it (SQLite: the file, its hot journal rolled back)."""
        if self.vendor == "sqlite":
            assert Path(f"{self.file}-journal").exists(), "the worker was killed inside its write transaction"
            sqlite3.connect(self.file).execute("SELECT COUNT(*) FROM registry_member").fetchone()  # rolls back
            restore(self.file, force=True)


def start_worker(database: Database) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database.url, "DEBUG": "true", "LOG_LEVEL": "WARNING"}
    env.pop("TASKS_BACKEND", None)
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_writing_leaves_nothing_and_the_run_starts_again(tree, staff, client_for, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    run = ImportRun.objects.create(
        user=staff, kind="members", file_name="big.xlsx", checksum="-", size=0, dry_run=False,
        content=big_roster(tree["putian"].name), state=ImportRun.State.CONFIRMED,
    )
    runs.apply_import.enqueue(run.pk)
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
    database.take_back()

    run.refresh_from_db()
    assert run.state == ImportRun.State.WRITING, "the worker died before it could say anything"
    assert Member.objects.count() == 0, "nothing of the workbook was written"
    assert runs.interrupt_abandoned_runs() == 0, "a second later, the run is not given up yet"

    later = timezone.now() + datetime.timedelta(seconds=django_settings.REGISTRY_IMPORT_STALE_SECONDS + 1)
    assert runs.interrupt_abandoned_runs(now=later) == 1
    run.refresh_from_db()
    assert run.state == ImportRun.State.INTERRUPTED and "重新开始" in run.message
    assert run.content is not None, "the file is kept, to start again"

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = client_for(staff)
    page = client.get(reverse("registry:import_detail", args=[run.pk]))
    assert page.context["may_restart"] and "中断" in page.content.decode()
    client.post(reverse("registry:import_restart", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE, run.message
    assert Member.objects.count() == ROWS
