"""The registry's kinds of spreadsheet import — chambers, enterprises, organizations, members, the
development ledger, the movement register, dues —
each an Importer built on the `spreadsheets` pipeline, and `run_import`, which runs one of them
for a user's scope.

    result = run_import("members", path_or_bytes_or_upload, actor=request.user)
    result.counts            # {"rows", "new", "updated", "unchanged", "invalid"}
    result.outcomes          # one RowOutcome per data row: status, changes (before → after), errors
    result.error_workbook()  # the invalid rows as .xlsx with a 错误说明 column

Default: all or nothing — if any row is invalid, nothing is written. With skip_invalid the
valid rows are written. A dry run validates and compares, and writes nothing.
"""

from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from branches.models import Organization
from registry.development.imports import DevelopmentImporter
from registry.dues.imports import DuesImporter
from registry.imports.locks import import_lock
from registry.members.imports import MemberImporter
from registry.movements.imports import MovementImporter
from registry.organizations.imports import ChamberImporter, EnterpriseImporter, OrganizationImporter
from spreadsheets.errors import ImportRefused
from spreadsheets.importer import Importer
from spreadsheets.pipeline import run_importer
from spreadsheets.result import ImportResult

KINDS: dict[str, type[Importer]] = {
    importer.kind: importer
    for importer in (
        ChamberImporter,
        EnterpriseImporter,
        OrganizationImporter,
        MemberImporter,
        DevelopmentImporter,
        MovementImporter,
        DuesImporter,
    )
}


def importer_for(kind: str) -> type[Importer]:
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(f"Unknown import kind {kind!r}; one of {', '.join(KINDS)}") from None


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
) -> ImportResult:
    """Imports one file of `kind` ("chambers", "enterprises", "organizations", "members", "dues").

    `source`: a path, bytes or a file-like object (an upload); `filename` names bytes (its
    extension tells a .csv apart). `user_scope`: the organizations a secretary keeps (rows outside
    them are invalid rows that say so); None for the committee office. `progress(phase, done,
    total)` is called now and then, for a progress bar.

    Raises ImportRefused when the file cannot be read as that kind at all. Row errors never raise:
    they are in the result.
    """
    importer_class = importer_for(kind)
    scope = scope_ids(user_scope)
    if scope is not None and not importer_class.scoped:
        raise ImportRefused(
            _("Only the committee office can import %(kind)s.") % {"kind": importer_class.kind_label},
            code="not_allowed",
        )
    importer = importer_class(actor=actor, scope_ids=scope, progress=progress)
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
