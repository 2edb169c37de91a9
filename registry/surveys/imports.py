"""The survey-count workbook: one row per organization, read by the import pipeline's reader.

Canonical headers 党组织名称, 摸排党员数, 自管党员, 在册流动党员, 预备党员, 入党积极分子 and their
aliases; the header row, title rows, totals lines, full-width digits and counts such as 3人 are
handled by the same rules as every other import (SPREADSHEETS.md), because the same code reads
them: registry.imports' reader, table locator and value parsers, and an Importer of its own kind.

All or nothing: one invalid row (a negative or non-numeric count, an unknown organization, one
outside a secretary's organizations, parts that add up to more than the members found) and
nothing is written; every invalid row is named with its row number, column and a sentence.
"""

import io
import logging

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from branches.models import Organization
from registry.imports import ImportRefused, ImportResult, RowOutcome
from registry.imports.base import INVALID, NEW, UPDATED, Importer, ParsedRow, label_of
from registry.imports.pipeline import scope_ids
from registry.imports.reading import load_source, open_sheets
from registry.imports.table import Column, locate_table
from registry.imports.values import count_parser, reference_parser
from registry.models import SurveyCount, SurveyRound
from registry.surveys import services

logger = logging.getLogger(__name__)

COLUMNS = (
    Column("organization", "党组织名称", ("组织名称", "名称", "党组织", "所在党组织", "党支部"), reference_parser,
           required=True, memo=False),
    Column("members", "摸排党员数", ("摸排人数", "摸底党员数", "党员数", "党员人数"), count_parser, required=True),
    Column("self_managed", "自管党员", ("自管党员数", "自管"), count_parser),
    Column("registered_mobile", "在册流动党员", ("在册流动党员数", "流动党员", "流动党员数"), count_parser),
    Column("probationary", "预备党员", ("预备党员数",), count_parser),
    Column("activists", "入党积极分子", ("入党积极分子数", "积极分子", "积极分子数"), count_parser),
)
FIGURES = SurveyCount.FIGURES


class SurveyCountImporter(Importer):
    kind = "survey_counts"
    kind_label = gettext_lazy("survey counts")
    sheet_name = "摸底排查"
    columns = COLUMNS
    key_fields = ("organization",)
    label_field = "organization"
    scoped = True

    def __init__(self, *, survey_round: SurveyRound, **kwargs):
        super().__init__(**kwargs)
        self.survey_round = survey_round

    def resolve(self, rows: list[ParsedRow]) -> None:
        organizations = dict(Organization.objects.values_list("name", "id"))
        existing = {
            values.pop("organization_id"): values
            for values in SurveyCount.objects.filter(survey_round=self.survey_round).values("organization_id", *FIGURES)
        }
        for row in rows:
            name = self.value(row, "organization")
            if name is None:
                self.check_required(row, ("organization",))
                continue
            pk = organizations.get(name)
            if pk is None:
                self.add_error(row, "organization", _(
                    "There is no party organization named “%(name)s” in the registry. Check the name (it must match exactly)."
                ) % {"name": name}, "reference_unknown")
                continue
            if self.scope_ids is not None and pk not in self.scope_ids:
                self.add_error(row, "organization", _(
                    "“%(name)s” is outside the organizations you keep: you can enter counts only for your own organization and those below it."
                ) % {"name": name}, "scope")
                continue
            before = existing.get(pk)
            given = {figure: self.value(row, figure) for figure in FIGURES if self.value(row, figure) is not None}
            if before is None:
                self.check_required(row, ("members",))
            self._check_parts(row, {**(before or {}), **given})
            row.data, row.target = given, pk
            if row.errors:
                continue
            if before is None:
                row.status = NEW
            else:
                self.compare(row, before, given)

    def _check_parts(self, row: ParsedRow, figures: dict) -> None:
        """The parts cannot be more than the members found (an empty cell keeps the registry's value)."""
        members = figures.get("members")
        if members is None:
            return
        parts = (figures.get("self_managed") or 0) + (figures.get("registered_mobile") or 0)
        if parts > members and not self.has_error(row, "registered_mobile"):
            self.add_error(row, "registered_mobile", _(
                "Self-managed and registered mobile members together (%(parts)d) cannot be more than the members found (%(members)d)."
            ) % {"parts": parts, "members": members}, "parts_exceed_total", value=figures.get("registered_mobile") or 0)
        probationary = figures.get("probationary") or 0
        if probationary > members and not self.has_error(row, "probationary"):
            self.add_error(row, "probationary", _(
                "Probationary members (%(count)d) cannot be more than the members found (%(members)d)."
            ) % {"count": probationary, "members": members}, "parts_exceed_total", value=probationary)

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        organizations = Organization.objects.in_bulk([row.target for row in rows])
        for row in rows:
            services.survey_count_save(
                survey_round=self.survey_round, organization=organizations[row.target], data=row.data,
                actor=self.actor, reason=reason,
            )


def import_survey_counts(*, survey_round: SurveyRound, source, actor=None, user_scope=None, dry_run: bool = False,
                         filename: str | None = None) -> ImportResult:
    """Reads a survey-count workbook into `survey_round`: validates every row, then writes all of
    them or none. `user_scope`: the organizations a secretary keeps (None for the committee).

    Raises ImportRefused when the file cannot be read as survey counts at all."""
    scope = scope_ids(user_scope)
    source_file = load_source(source, filename)
    result = ImportResult(
        kind=SurveyCountImporter.kind, file_name=source_file.name, checksum=source_file.checksum,
        size=source_file.size, dry_run=dry_run, actor=actor,
    )
    result._source = source_file
    result.file_format, sheets = open_sheets(source_file)
    importer = SurveyCountImporter(survey_round=survey_round, actor=actor, scope_ids=scope)
    table = locate_table(
        sheets, importer.columns, kind_label=str(importer.kind_label), preferred_sheet=importer.sheet_name
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
            row=row.number, status=row.status, key=str(importer.value(row, "organization") or ""),
            label=label_of(importer, row), changes=row.changes or (), errors=tuple(row.errors or ()),
        )
        for row in rows
    ]
    if not dry_run and not any(row.status == INVALID for row in rows):
        to_write = [row for row in rows if row.status in (NEW, UPDATED)]
        if to_write:
            reason = (_("Spreadsheet import: %(name)s") % {"name": result.file_name or "-"})[:100]
            try:
                with transaction.atomic():
                    importer.write(to_write, reason=reason)
            except (ValidationError, DatabaseError) as error:
                logger.exception("Survey-count import of %s failed while writing", result.file_name)
                raise ImportRefused(
                    _("The registry refused the import while writing, and nothing was written: %(error)s")
                    % {"error": "; ".join(getattr(error, "messages", [str(error)]))},
                    code="write_failed",
                ) from error
        result.written = True
    result.finished_at = timezone.now()
    return result


def template_workbook(organizations) -> bytes:
    """A workbook with the canonical headers and one row per organization the user may count."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SurveyCountImporter.sheet_name
    bold = Font(bold=True)
    sheet.append([column.header for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = bold
    sheet.column_dimensions["A"].width = 40
    for letter in "BCDEF":
        sheet.column_dimensions[letter].width = 14
    for organization in organizations:
        sheet.append([organization.name])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
