"""python manage.py backup PATH — a consistent copy of the whole database in one file
(pg_dump's custom format on PostgreSQL, SQLite's online backup API on SQLite), taken while the
registry keeps running. Schedule it (README: cron or a systemd timer); restore with `restore`."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registry.backups.database import BackupError, backup


class Command(BaseCommand):
    help = "Writes a consistent backup of the whole database to PATH (replacing a file there)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="the backup file to write, e.g. /var/backups/registry/registry-$(date +%%F).backup"
        )

    def handle(self, *args, path, **options):
        try:
            size = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Backup written to %(path)s (%(size).1f MB).") % {"path": path, "size": size / 1048576})
