"""The registry's kinds of spreadsheet import, and `run_import`, which runs one of them for a user's
scope.

A kind is an Importer (built on the `spreadsheets` pipeline) that describes itself on its class —
`kind`, `kind_label`, `help_text`, `secretary_may_run`, `uploadable`, its columns and template —
and lives in its room's imports.py; the room names it in `Room.import_kinds` (branches/rooms.py,
settings.REGISTRY_ROOMS). Everything that lists kinds is read from here: the import page's choices
and a secretary's kinds, the blank templates, the labels of the import list, `import_data`'s
choices and help. A new kind is its class and one line in its room; no migration.

    result = run_import("members", path_or_bytes_or_upload, actor=request.user)
    result.counts            # {"rows", "new", "updated", "unchanged", "invalid"}
    result.outcomes          # one RowOutcome per data row: status, changes (before → after), errors
    result.error_workbook()  # the invalid rows as .xlsx with a 错误说明 column

Default: all or nothing — if any row is invalid, nothing is written. With skip_invalid the
valid rows are written. A dry run validates and compares, and writes nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from branches import access
from branches.models import Organization
from registry.imports.declared import importers
from registry.imports.locks import import_lock
from spreadsheets.errors import ImportRefused
from spreadsheets.importer import Importer
from spreadsheets.pipeline import run_importer
from spreadsheets.result import ImportResult


@dataclass(frozen=True)
class CommandOption:
    """An option of `import_data` that one kind declares (`Importer.command_options`): `--meeting ID`
    for a sign-in sheet. Given, its value reaches the importer's constructor as the keyword `dest`;
    `import_data` refuses it for a kind that does not declare it."""

    flag: str  # "--meeting"
    dest: str  # the importer's keyword argument: "meeting"
    type: Callable[[str], Any] = str
    metavar: str | None = None
    help: str = ""


def command_options() -> list[tuple[CommandOption, list[str]]]:
    """Every option the kinds declare, once each (by flag), with the kinds that take it."""
    found: dict[str, tuple[CommandOption, list[str]]] = {}
    for kind, importer in importers().items():
        for option in getattr(importer, "command_options", ()):
            found.setdefault(option.flag, (option, []))[1].append(kind)
    return list(found.values())


def uploadable_kinds() -> list[str]:
    """The kinds offered on the import page, by `import_data` and as blank templates."""
    return [kind for kind, importer in importers().items() if importer.uploadable]


def importer_for(kind: str) -> type[Importer]:
    """The importer of a kind one may upload; ValueError for any other name."""
    importer = importers().get(kind)
    if importer is None or not importer.uploadable:
        raise ValueError(f"Unknown import kind {kind!r}; one of {', '.join(uploadable_kinds())}")
    return importer


def kinds_for(user) -> list[tuple[str, str]]:
    """What this user may upload, as (kind, label): the committee office every kind, a secretary
    (and a committee's staff bound to it) the kinds whose importer says `secretary_may_run` (each row
    held to their subtree), anyone else nothing."""
    if access.keeps_whole_registry(user):
        allowed = uploadable_kinds()
    elif access.may_change_anything(user):
        allowed = [kind for kind in uploadable_kinds() if importers()[kind].secretary_may_run]
    else:
        allowed = []
    return [(kind, importers()[kind].kind_label) for kind in allowed]


def template_file_name(kind: str) -> str:
    """The blank template's file name: 党员_导入模板.xlsx."""
    importer = importer_for(kind)
    return f"{importer.template_name or importer.sheet_name}_导入模板.xlsx"


def scope_for(user):
    """None for the committee office; a secretary's (or a committee's staff's) rows must stay inside
    their subtree."""
    return None if access.keeps_whole_registry(user) else access.changeable_organizations(user)


def scope_ids(user_scope) -> set[int] | None:
    """None (no restriction), or the ids of the organizations the rows may touch, from a
    queryset or an iterable of organizations or ids (e.g. access.changeable_organizations(user))."""
    if user_scope is None:
        return None
    if hasattr(user_scope, "values_list"):
        return set(user_scope.values_list("pk", flat=True))
    return {item.pk if isinstance(item, Organization) else int(item) for item in user_scope}


def run_import(
    kind: str,
    source,
    *,
    actor=None,
    user_scope: Iterable | None = None,
    skip_invalid: bool = False,
    dry_run: bool = False,
    sheet: str | None = None,
    filename: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    options: dict[str, Any] | None = None,
) -> ImportResult:
    """Imports one file of `kind`, one of uploadable_kinds() ("members", "dues" …).

    `source`: a path, bytes or a file-like object (an upload); `filename` names bytes (its
    extension tells a .csv apart). `user_scope`: the organizations a secretary keeps (rows outside
    them are invalid rows that say so); None for the committee office. `progress(phase, done,
    total)` is called now and then, for a progress bar. `options`: the values of the kind's own
    options (its `command_options`, e.g. {"meeting": 12}), handed to its importer.

    Raises ImportRefused when the file cannot be read as that kind at all. Row errors never raise:
    they are in the result.
    """
    # A kind imported from the page of the record it is for (not uploadable) is named by its options.
    importer_class = (importers().get(kind) if options else None) or importer_for(kind)
    scope = scope_ids(user_scope)
    if scope is not None and not importer_class.secretary_may_run:
        raise ImportRefused(
            _("Only the committee office can import %(kind)s.") % {"kind": importer_class.kind_label},
            code="not_allowed",
        )
    importer = importer_class(actor=actor, scope_ids=scope, progress=progress, **(options or {}))
    if dry_run:
        return run_importer(
            importer, source, skip_invalid=skip_invalid, dry_run=True, sheet=sheet, filename=filename, progress=progress
        )
    # Checked and written while holding the kind's lock: another import of this kind waits
    # (registry/imports/locks.py), so that each one is checked against what the other wrote.
    with import_lock(kind, holder=str(getattr(actor, "username", "") or "")):
        return run_importer(
            importer,
            source,
            skip_invalid=skip_invalid,
            dry_run=False,
            sheet=sheet,
            filename=filename,
            progress=progress,
        )
