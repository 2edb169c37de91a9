"""One import pipeline for four kinds: read → find the header row → map columns → normalize →
validate every row → compare with the registry → write once, in one transaction.

    result = run_import("members", path_or_bytes_or_upload, actor=request.user)
    result.counts            # {"rows", "new", "updated", "unchanged", "invalid"}
    result.outcomes          # one RowOutcome per data row: status, changes (before → after), errors
    result.error_workbook()  # the invalid rows as .xlsx with a 错误说明 column

Default: all or nothing — if any row is invalid, nothing is written. With skip_invalid the
valid rows are written. A dry run validates and compares, and writes nothing.
"""

import logging
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Organization
from registry.imports.base import INVALID, NEW, UPDATED, Importer, label_of
from registry.imports.chambers import ChamberImporter
from registry.imports.enterprises import EnterpriseImporter
from registry.imports.errors import ImportRefused
from registry.imports.members import MemberImporter
from registry.imports.organizations import OrganizationImporter
from registry.imports.reading import load_source, open_sheets
from registry.imports.result import ImportResult, RowOutcome
from registry.imports.table import locate_table

logger = logging.getLogger(__name__)

KINDS: dict[str, type[Importer]] = {
    importer.kind: importer
    for importer in (ChamberImporter, EnterpriseImporter, OrganizationImporter, MemberImporter)
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
    """Imports one file of `kind` ("chambers", "enterprises", "organizations", "members").

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
            _("Only the committee office can import %(kind)s.") % {"kind": importer_class.kind_label}, code="not_allowed"
        )
    importer = importer_class(actor=actor, scope_ids=scope, progress=progress)
    return run_importer(importer, source, skip_invalid=skip_invalid, dry_run=dry_run, sheet=sheet,
                        filename=filename, progress=progress)


def run_importer(
    importer: Importer,
    source,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
    sheet: str | None = None,
    filename: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportResult:
    """The pipeline itself, for an importer already made: `run_import` for the four kinds of
    records, and kinds that need more than a scope to be made (registry.surveys.imports reads a
    survey round's counts with it). Same arguments, same result, same refusals."""
    source_file = load_source(source, filename)
    result = ImportResult(
        kind=importer.kind, file_name=source_file.name, checksum=source_file.checksum, size=source_file.size,
        dry_run=dry_run, skip_invalid=skip_invalid, actor=importer.actor,
    )
    result._source = source_file
    report = progress or (lambda phase, done, total: None)
    report("read", 0, 0)
    file_format, sheets = open_sheets(source_file)
    result.file_format = file_format
    table = locate_table(
        sheets, importer.columns, kind_label=str(importer.kind_label), preferred_sheet=importer.sheet_name,
        sheet_name=sheet,
    )
    result.sheet, result.header_row = table.sheet.name, table.header_row
    result.ignored_columns = table.ignored_columns
    result._header_cells = table.header_cells
    rows = importer.run(table, result.skipped_lines)
    if not rows:
        raise ImportRefused(
            _("There are no rows below the header row (row %(row)d): the file holds no %(kind)s.")
            % {"row": table.header_row, "kind": importer.kind_label},
            code="no_rows",
        )
    result.outcomes = [
        RowOutcome(
            row=row.number, status=row.status, key=_key(importer, row), label=label_of(importer, row),
            changes=row.changes or (), errors=tuple(row.errors or ()),
        )
        for row in rows
    ]
    invalid = any(row.status == INVALID for row in rows)
    if not dry_run and (skip_invalid or not invalid):
        to_write = [row for row in rows if row.status in (NEW, UPDATED)]
        if to_write:
            _write(importer, to_write, result)
        result.written = True
    result.finished_at = timezone.now()
    report("done", len(rows), len(rows))
    return result


def _key(importer: Importer, row) -> str:
    value = row.values[importer.position[importer.key_fields[0]]]
    return str(value) if value is not None else ""


def _write(importer: Importer, rows, result: ImportResult) -> None:
    reason = _("Spreadsheet import: %(name)s") % {"name": result.file_name or "-"}
    try:
        with transaction.atomic():
            importer.write(rows, reason=str(reason)[:100])
    except (ValidationError, DatabaseError) as error:
        # Every row was validated first; a refusal here means the registry changed meanwhile
        # or a rule was missed. Nothing was written (the transaction rolled back).
        logger.exception("Import of %s (%s) failed while writing", result.file_name, result.kind)
        raise ImportRefused(
            _("The registry refused the import while writing, and nothing was written: %(error)s")
            % {"error": "; ".join(getattr(error, "messages", [str(error)]))},
            code="write_failed",
        ) from error
