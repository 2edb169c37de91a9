"""python manage.py restore PATH [--force] — replaces the whole database with a backup written by
`backup`, in one transaction. Refuses a database that already holds data unless --force, a file
that is not a backup, and a backup of the other kind of database."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registry.backups.database import BackupError, restore


class Command(BaseCommand):
    help = "Replaces the whole database with the backup in PATH (written by `manage.py backup`)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a backup file written by `manage.py backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that holds data (everything in it is replaced by the backup)",
        )

    def handle(self, *args, path, force, **options):
        try:
            restore(path, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "The database was restored from %(path)s. Restart the web and task workers, then run "
                "“manage.py migrate” if the backup is older than this version of the registry."
            )
            % {"path": path}
        )
