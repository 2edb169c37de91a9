"""A real database shared with processes of their own (`manage.py db_worker`, `import_data`): a file
copy of the suite's in-memory SQLite database, or the suite's PostgreSQL test database (the test
must be transactional, so that the processes see its rows)."""

import datetime
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

from registry.backups.database import backup, restore
from registry.idnumbers import id_check_character

ROOT = Path(__file__).resolve().parents[3]
ROWS = 12_000
HEADERS = ["姓名", "公民身份号码", "所在党组织", "管理类别", "党员身份", "入党时间", "联系电话", "从事职业"]


def big_roster(organization: str, rows: int = ROWS, occupation: str = "销售", first: int = 0) -> bytes:
    """A members workbook of `rows` people, numbered from `first` (ID numbers differ up to number 9,000)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("党员")
    sheet.append(HEADERS)
    for index in range(first, first + rows):
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=index % 9000)
        first17 = f"350102{birth:%Y%m%d}{index // 9000:03d}"
        sheet.append(
            [
                f"党员{index}",
                first17 + id_check_character(first17),
                organization,
                "在册流动党员",
                "正式党员",
                "2010-07-01",
                f"139{index:08d}",
                occupation,
            ]
        )
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
            host = quote(db["HOST"], safe="")  # a Unix socket's directory (scripts/test.sh) as a URL's host
            self.url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}:{db['PORT']}/{db['NAME']}"

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

    def take_back(self, *, killed_while_writing: bool = False):
        """The processes' database as the test sees it (SQLite: the file, a hot journal rolled back)."""
        if self.vendor == "sqlite":
            if killed_while_writing:
                assert Path(f"{self.file}-journal").exists(), "the worker was killed inside its write transaction"
            sqlite3.connect(self.file).execute("SELECT COUNT(*) FROM registry_member").fetchone()  # rolls back
            restore(self.file, force=True)


# `manage.py` started at the test's own moment: the suite runs on a day of its own (tests/conftest.py,
# time-machine), and a worker that wrote its heartbeats by the wall clock would look weeks ahead of
# (or behind) the test that judges them. The process moves its clock to the moment it was started
# at, as the test reads it, and lets it run from there.
AT_THE_TESTS_MOMENT = """
import datetime, runpy, sys
import time_machine
time_machine.travel(datetime.datetime.fromisoformat(sys.argv.pop(1)), tick=True).start()
sys.argv[0] = "manage.py"
runpy.run_path("manage.py", run_name="__main__")
"""


def manage(database: Database, *arguments: str, **popen) -> subprocess.Popen:
    """`manage.py ARGUMENTS` in a process of its own, on `database`, on the test's clock."""
    env = {**os.environ, "DATABASE_URL": database.url, "DEBUG": "true", "LOG_LEVEL": "WARNING"}
    env.pop("TASKS_BACKEND", None)
    moment = datetime.datetime.now(datetime.UTC).isoformat()
    return subprocess.Popen(
        [sys.executable, "-c", AT_THE_TESTS_MOMENT, moment, *arguments],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        **popen,
    )


def start_worker(database: Database) -> subprocess.Popen:
    return manage(
        database,
        "db_worker",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.1",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
