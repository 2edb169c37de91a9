"""python manage.py import_data KIND FILE [--skip-invalid] [--dry-run] [--sheet NAME] [--json]
[--errors-out PATH] [--user USERNAME] [the kind's own options: --meeting ID for meeting_attendance]

Exit 0: every row valid and (unless a dry run) written. 1: some rows invalid (nothing written,
or with --skip-invalid the valid rows written). 2: the file cannot be read as that kind at all,
with one sentence on stderr and no traceback.
"""

import argparse
import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from django.utils.translation import gettext as _

from registry.imports import ImportRefused, run_import
from registry.imports.kinds import command_options, importers, scope_for, uploadable_kinds
from registry.imports.runs import record_command_run

EXIT_INVALID_ROWS = 1
EXIT_REFUSED = 2


class KindsHelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's order of the options, and the list of kinds below them as written (one a line)."""


def kinds_help() -> str:
    """Every kind one may import here, each with its label, its help line and who may import it
    (read from the Importers, registry/imports/kinds.py)."""
    kinds = uploadable_kinds()
    width = max(map(len, kinds), default=0)
    lines = ["KIND, what the file holds:"]
    for kind in kinds:
        importer = importers()[kind]
        only = "" if importer.secretary_may_run else " (the committee office only)"
        lines.append(f"  {kind:<{width}}  {importer.kind_label}: {importer.help_text}{only}")
    lines.append("A secretary named by --user imports the other kinds, each row held to their subtree.")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Imports one kind of record from a spreadsheet (.xlsx, .xls, .ods, .csv); the kinds are listed below."

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", KindsHelpFormatter)
        kwargs.setdefault("epilog", kinds_help())
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=uploadable_kinds(), metavar="KIND", help="one of the kinds listed below")
        parser.add_argument("file")
        parser.add_argument("--skip-invalid", action="store_true", help="write the valid rows even if some are invalid")
        parser.add_argument("--dry-run", action="store_true", help="validate and compare; write nothing")
        parser.add_argument("--sheet", help="read this sheet (default: the first one with a header row)")
        parser.add_argument("--json", action="store_true", help="print one JSON object with the counts and the errors")
        parser.add_argument(
            "--errors-out", metavar="PATH", help="write the invalid rows to this .xlsx, with a 错误说明 column"
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="import as this user (history rows name them; a secretary is held to their scope)",
        )
        # The options a kind declares for itself (Importer.command_options), e.g. --meeting ID.
        for option, _kinds in command_options():
            parser.add_argument(
                option.flag, dest=option.dest, type=option.type, metavar=option.metavar, help=option.help
            )

    def handle(self, *args, **options):
        kind_options = {}
        for option, kinds in command_options():
            if options.get(option.dest) is None:
                continue
            if options["kind"] not in kinds:
                raise CommandError(
                    _("%(option)s is an option of %(kinds)s only.") % {"option": option.flag, "kinds": "、".join(kinds)}
                )
            kind_options[option.dest] = options[option.dest]
        actor, scope = None, None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(_("There is no user named “%(name)s”.") % {"name": options["user"]})
            scope = scope_for(actor)
        try:
            result = run_import(
                options["kind"],
                options["file"],
                actor=actor,
                user_scope=scope,
                skip_invalid=options["skip_invalid"],
                dry_run=options["dry_run"],
                sheet=options["sheet"],
                options=kind_options,
            )
        except ImportRefused as refusal:
            self.record(options, None, actor, refused_message=refusal.message)
            if options["json"]:
                self.stdout.write(json.dumps({"refused": refusal.code, "message": refusal.message}, ensure_ascii=False))
            self.stderr.write(refusal.message)
            sys.exit(EXIT_REFUSED)

        self.record(options, result, actor)
        if options["errors_out"] and result.invalid:
            with open(options["errors_out"], "wb") as handle:
                handle.write(result.error_workbook())
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self.print_summary(result)
        if result.invalid:
            sys.exit(EXIT_INVALID_ROWS)

    def record(self, options, result, actor, refused_message=""):
        """Every import, from the command too, is listed at /imports/."""
        source_name, checksum, size = "", "", 0
        if result is None:
            source_name, checksum, size = _file_facts(options["file"])
        record_command_run(
            kind=options["kind"],
            result=result,
            user=actor,
            dry_run=options["dry_run"],
            refused_message=refused_message,
            source_name=source_name,
            checksum=checksum,
            size=size,
        )

    def print_summary(self, result):
        self.stdout.write(
            _(
                "%(file)s, sheet “%(sheet)s”, header in row %(header)d: %(rows)d rows — %(new)d new, "
                "%(updated)d updated, %(unchanged)d unchanged, %(invalid)d invalid."
            )
            % {"file": result.file_name, "sheet": result.sheet, "header": result.header_row, **result.counts}
        )
        if result.ignored_columns:
            self.stdout.write(_("Ignored columns: %(columns)s") % {"columns": "、".join(result.ignored_columns)})
        for line in result.skipped_lines:
            self.stdout.write(_("Row %(row)d skipped (a totals line): %(text)s") % {"row": line.row, "text": line.text})
        for error in result.errors:
            self.stdout.write(f"  {error.row} {error.column} “{error.value}”: {error.message}")
        if result.dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        elif result.written:
            self.stdout.write(_("Written."))
        else:
            self.stdout.write(_("Nothing was written: correct the rows above, or import again with --skip-invalid."))


def _file_facts(path: str) -> tuple[str, str, int]:
    """Name, SHA-256 and size of a file the import refused (it may not exist or be unreadable)."""
    import hashlib
    from pathlib import Path

    name = Path(path).name
    try:
        digest, size = hashlib.sha256(), 0
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
        return name, digest.hexdigest(), size
    except OSError:
        return name, "", 0
