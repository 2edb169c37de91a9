"""A throwaway PostgreSQL cluster for the benchmarks (bench/load.py, bench/import_members.py): a
temporary directory, a free port on 127.0.0.1, stopped and removed whatever happens -- or the
database DATABASE_URL names, when it is a PostgreSQL one."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def pg_bindir() -> Path:
    """PG_BIN if set, else the newest /usr/lib/postgresql/<version>/bin holding initdb (as
    scripts/lib.sh finds it)."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(
        (int(path.parent.name.split(".")[0]), path)
        for path in Path("/usr/lib/postgresql").glob("*/bin")
        if (path / "initdb").exists() and path.parent.name.split(".")[0].isdigit()
    )
    if not found:
        raise SystemExit("No PostgreSQL under /usr/lib/postgresql/*/bin: install postgresql or set DATABASE_URL.")
    return found[-1][1]


class Postgres:
    """A throwaway cluster, or the database DATABASE_URL names. `durable=False` turns fsync,
    synchronous commit and full page writes off (the load bench measures the web tier, not the
    disk); an import bench keeps them on, as in production. `statements=True` loads
    pg_stat_statements into the throwaway cluster when the installation has it (the load bench's
    top statements)."""

    def __init__(self, durable: bool = True, statements: bool = False):
        self.durable = durable
        self.statements = statements
        given = os.environ.get("DATABASE_URL", "")
        self.url = given if given.startswith("postgres") else ""
        self.directory = None
        self.bin = None

    def __enter__(self):
        if self.url:
            return self
        self.bin = pg_bindir()
        self.directory = tempfile.mkdtemp(prefix="bench-load-pg-")
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        port = free_port()
        self._as_postgres(
            self.bin / "initdb",
            "-D",
            f"{self.directory}/data",
            "-A",
            "trust",
            "-U",
            "postgres",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        options = f"-p {port} -k {self.directory} -h {HOST} -c max_connections=100"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        if self.statements and (self.bin.parent / "lib" / "pg_stat_statements.so").exists():
            options += " -c shared_preload_libraries=pg_stat_statements"
        self._as_postgres(
            self.bin / "pg_ctl",
            "-D",
            f"{self.directory}/data",
            "-l",
            f"{self.directory}/log",
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )
        self._as_postgres(self.bin / "createdb", "-h", HOST, "-p", str(port), "-U", "postgres", "registry")
        self.url = f"postgres://postgres@{HOST}:{port}/registry"
        return self

    def server_pid(self) -> int | None:
        """The throwaway cluster's postmaster (None for a database DATABASE_URL names)."""
        if not self.directory:
            return None
        return int((Path(self.directory) / "data" / "postmaster.pid").read_text().split()[0])

    def _as_postgres(self, *command):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *map(str, command)], check=True, capture_output=True, cwd=self.directory)

    def __exit__(self, *_exc_info):
        if self.directory:
            try:
                self._as_postgres(self.bin / "pg_ctl", "-D", f"{self.directory}/data", "-m", "fast", "-w", "stop")
            except subprocess.CalledProcessError:
                print("warning: pg_ctl stop failed", file=sys.stderr)
            finally:
                shutil.rmtree(self.directory, ignore_errors=True)
        return False
