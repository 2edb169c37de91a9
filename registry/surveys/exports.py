"""The survey's workbooks: a round's reconciliation — per organization and in total, counted beside
on record with the difference, and the work list of gaps on a second sheet — and the blank
survey-count template, one row per organization to count."""

from django.utils.translation import gettext as _
from openpyxl.styles import Font

from registry.surveys.imports import COLUMNS, SurveyCountImporter
from registry.surveys.selectors import COMPARED, Reconciliation
from spreadsheets.writing import append, new_workbook, to_bytes


def reconciliation_workbook(result: Reconciliation) -> bytes:
    workbook = new_workbook()
    bold = Font(bold=True)
    sheet = workbook.active
    sheet.title = _("Reconciliation")[:31]
    header = [_("Party organization")]
    for key in COMPARED:
        label = str(COMPARED[key][2])
        header += [
            _("%(figure)s counted") % {"figure": label},
            _("%(figure)s on record") % {"figure": label},
            _("%(figure)s difference") % {"figure": label},
        ]
    header.append(_("Activists counted"))
    append(sheet, header)
    for row in result.rows:
        cells = [row.organization.name]
        for line in row.lines:
            cells += [line.counted, line.on_record, line.gap]
        cells.append(row.count.activists)
        append(sheet, cells)
    totals = [_("Total")]
    for line in result.totals:
        totals += [line.counted, line.on_record, line.gap]
    totals.append(result.activists)
    append(sheet, totals)
    for cell in list(sheet[1]) + list(sheet[sheet.max_row]):
        cell.font = bold
    sheet.column_dimensions["A"].width = 40
    sheet.freeze_panes = "B2"

    gaps = workbook.create_sheet(_("Work list")[:31])
    append(gaps, [_("Party organization"), _("Figure"), _("Counted"), _("On record"), _("Difference"), _("What to do")])
    for cell in gaps[1]:
        cell.font = bold
    for gap in result.gaps:
        append(
            gaps,
            [gap.organization.name, gap.line.label, gap.line.counted, gap.line.on_record, gap.line.gap, gap.sentence],
        )
    gaps.column_dimensions["A"].width = 40
    gaps.column_dimensions["F"].width = 60
    return to_bytes(workbook)


def template_workbook(organizations) -> bytes:
    """A workbook with the canonical headers and one row per organization the user may count."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = SurveyCountImporter.sheet_name
    bold = Font(bold=True)
    append(sheet, [column.header for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = bold
    sheet.column_dimensions["A"].width = 40
    for letter in "BCDEF":
        sheet.column_dimensions[letter].width = 14
    for organization in organizations:
        append(sheet, [organization.name])
    sheet.freeze_panes = "A2"
    return to_bytes(workbook)
