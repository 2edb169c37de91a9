"""A consistent copy of the whole database in one file, and putting it back.

- PostgreSQL: `pg_dump --format=custom` (one snapshot: a consistent copy while people keep working);
  restored in one transaction that first drops the tables present and then loads the copy, so that
  the database ends up exactly as the copy, or, if anything goes wrong, exactly as it was.
- SQLite: the online backup API (`sqlite3.Connection.backup`: a consistent copy while the file is
  in use); restored the same way in the other direction, into the open database, which SQLite
  replaces in one transaction (other processes see the old contents or the new, never a mix).

Both files are written beside their destination under a temporary name and renamed when complete:
a backup interrupted half way never replaces an earlier backup of the same name.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connection as default_connection
from django.utils.translation import gettext as _

from branches import changes

POSTGRES_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"
# Tables `migrate` fills by itself: a database holding only these holds no data yet (the changes'
# table, branches/changes.py, records migrate's own writes).
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission", changes.TABLE}


class BackupError(Exception):
    """A backup or a restore refused or failed; the message says in Chinese what to do."""


def backup(path, *, connection=default_connection) -> int:
    """Writes a consistent copy of the database to `path` (replacing a file there); returns its size."""
    path = Path(path)
    if path.is_dir():
        raise BackupError(
            _("%(path)s is a folder. Give the name of the backup file to write, for example %(path)s/registry.backup.")
            % {"path": path}
        )
    if not path.parent.is_dir():
        raise BackupError(
            _("The folder %(folder)s does not exist. Create it, or give another path for the backup.")
            % {"folder": path.parent}
        )
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(handle)
    try:
        if connection.vendor == "postgresql":
            _run(
                _pg_program("pg_dump", connection),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={partial}",
                env=_pg_env(connection),
            )
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            raise BackupError(
                _("Backups are made of PostgreSQL and SQLite databases only, not %(vendor)s.")
                % {"vendor": connection.vendor}
            )
        os.replace(partial, path)
    finally:
        Path(partial).unlink(missing_ok=True)
    return path.stat().st_size


def restore(path, *, force: bool = False, connection=default_connection) -> None:
    """Replaces the whole database with the copy in `path`. Refuses a database that holds data
    unless `force` (the data would be lost), and a file that is not a backup of this kind of database."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(
            _("There is no backup file %(path)s. Check the path (a backup is written by “manage.py backup PATH”).")
            % {"path": path}
        )
    kind = backup_kind(path)
    if kind is None:
        raise BackupError(
            _(
                "%(path)s is not a backup of the registry: it is neither a PostgreSQL custom-format dump "
                "nor an SQLite database. Choose a file written by “manage.py backup”."
            )
            % {"path": path}
        )
    if kind != connection.vendor:
        raise BackupError(
            _(
                "%(path)s is a backup of a %(kind)s database, but this registry runs on %(vendor)s. "
                "Restore it on a registry that uses %(kind)s."
            )
            % {"path": path, "kind": _label(kind), "vendor": _label(connection.vendor)}
        )
    holding = tables_with_data(connection)
    if holding and not force:
        raise BackupError(
            _(
                "The database is not empty (%(count)d tables hold data, for example %(table)s). Restoring "
                "replaces everything in it with the backup. Make a backup of it first, then run the "
                "restore again with --force."
            )
            % {"count": len(holding), "table": holding[0]}
        )
    if kind == "postgresql":
        _restore_postgresql(path, connection)
    else:
        _restore_sqlite(path, connection)


def backup_kind(path) -> str | None:
    """ "postgresql", "sqlite" or None, from the file's first bytes."""
    with open(path, "rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head.startswith(POSTGRES_MAGIC):
        return "postgresql"
    if head == SQLITE_MAGIC:
        return "sqlite"
    return None


def tables_with_data(connection=default_connection) -> list[str]:
    """The tables holding at least one row, leaving out those `migrate` fills by itself."""
    tables = [name for name in sorted(connection.introspection.table_names()) if name not in BOOKKEEPING_TABLES]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        holding = []
        for table in tables:
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")
            if cursor.fetchone():
                holding.append(table)
    return holding


# --- PostgreSQL -----------------------------------------------------------------------------------------


def _restore_postgresql(path: Path, connection) -> None:
    """pg_restore writes the copy as SQL; psql runs it after dropping the tables present, all in one
    transaction (a failure leaves the database as it was)."""
    connection.close()  # holds no lock on the tables being dropped
    env = _pg_env(connection)
    with tempfile.TemporaryDirectory(prefix="registry-restore-") as work:
        script = Path(work) / "restore.sql"
        _run(
            _pg_program("pg_restore", connection),
            "--no-owner",
            "--no-privileges",
            f"--file={script}",
            str(path),
            env=env,
        )
        drop = Path(work) / "drop.sql"
        tables = connection.introspection.table_names()
        quote = connection.ops.quote_name
        # The copy brings the changes' trigger function with it (branches/changes.py), as it does the tables.
        drop.write_text(
            (f"DROP TABLE IF EXISTS {', '.join(quote(table) for table in tables)} CASCADE;\n" if tables else "")
            + f"DROP FUNCTION IF EXISTS {changes.TRIGGER}() CASCADE;\n",
            encoding="utf-8",
        )
        connection.close()
        _run(
            _pg_program("psql", connection),
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "-v",
            "ON_ERROR_STOP=1",
            f"--file={drop}",
            f"--file={script}",
            env=env,
        )


def _pg_env(connection) -> dict:
    settings = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    if settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings["OPTIONS"]["sslmode"]
    return env


def _pg_program(name: str, connection) -> str:
    """The PostgreSQL client program `name`, of the server's major version or newer (Debian keeps
    each version's programs in /usr/lib/postgresql/<version>/bin), else the one on PATH."""
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    versions = []
    for directory in Path("/usr/lib/postgresql").glob("*/bin"):
        major = directory.parent.name.split(".")[0]
        if major.isdigit() and int(major) >= server_major and (directory / name).exists():
            versions.append((int(major), directory / name))
    if versions:
        return str(min(versions)[1])
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(
        _(
            "%(program)s was not found. Install the PostgreSQL client programs (on Debian: "
            "apt-get install postgresql-client) and try again."
        )
        % {"program": name}
    )


def _run(program: str, *arguments: str, env: dict) -> None:
    completed = subprocess.run([program, *arguments], env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        raise BackupError(
            _("%(program)s failed, and nothing was changed: %(error)s")
            % {"program": Path(program).name, "error": (completed.stderr or completed.stdout).strip()[-2000:]}
        )


# --- SQLite -----------------------------------------------------------------------------------------------


def _restore_sqlite(path: Path, connection) -> None:
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError(_("A restore cannot run inside a transaction."))
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(
            _("The SQLite database could not be replaced, and nothing was changed: %(error)s") % {"error": error}
        ) from error
    finally:
        source.close()


def _label(vendor: str) -> str:
    return {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(vendor, vendor)
