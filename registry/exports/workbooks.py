"""Workbooks out of the registry: exactly what a list shows, with the canonical headers of the
import (docs/spreadsheets.md), so that an export re-imports as "unchanged"; blank templates; and
the export log that every download writes.

Dates known to the day are date cells shown yyyy-mm-dd; dates known to the month are date cells
shown yyyy-mm (spreadsheets.dates.MonthDate), so that Excel sorts and filters both together, and
the import reads each back to its precision. ID numbers, phones and codes
are text, and nothing is ever written as a formula (spreadsheets.writing).
"""

import functools

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from registry.imports.kinds import importer_for
from registry.members import masking
from registry.models import ExportLog
from spreadsheets import writing
from spreadsheets.dates import MONTH, MonthDate

TEXT_FIELDS = {"id_number", "phone", "credit_code", "secretary_phone"}
WIDTHS = {"id_number": 22, "credit_code": 22, "phone": 15, "secretary_phone": 15, "name": 16}


def columns_for(kind: str):
    return importer_for(kind).columns


def cell_reader(meta, column):
    """How a column shows a record of the model of `meta`: names for references, words for choices, a
    date of month precision as a month. Worked out once per column (the field, its kind, its
    precision's field), then read for each of the thousands of rows a workbook writes."""
    name = column.field
    field = meta.get_field(name)
    if field.many_to_many:
        return lambda record: "、".join(sorted(str(item) for item in getattr(record, name).all()))
    foreign = isinstance(field, models.ForeignKey)
    canonical = column.canonical
    precision = f"{name}_precision"
    dated = isinstance(field, models.DateField) and precision in {other.name for other in meta.concrete_fields}

    def read(record):
        value = getattr(record, name)
        if value is None or value == "":
            return None
        if foreign:
            return str(value)
        if canonical:
            return canonical.get(value, value)
        if dated and getattr(record, precision, None) == MONTH:
            return MonthDate.of(value)
        return value

    return read


def _widths(columns) -> list[int | None]:
    return [WIDTHS.get(column.field) for column in columns]


def build_workbook(kind: str, records) -> tuple[bytes, int]:
    """(.xlsx bytes, number of rows) for an iterable of records of `kind`."""
    importer = importer_for(kind)
    columns = importer.columns
    return build_table(importer.sheet_name, columns, _rows(columns, records))


def _rows(columns, records):
    readers = None
    for record in records:
        if readers is None:  # the records' model, known from the first
            readers = [cell_reader(record._meta, column) for column in columns]
        yield [read(record) for read in readers]


def build_template(kind: str) -> bytes:
    """A blank workbook: canonical headers, a drop-down on every choice column, instructions. The
    same bytes for every download of a kind in a language (the importers' columns are code), so
    each process writes it once: the members' and the development's templates took 0.4-0.5 s to
    write, on every download."""
    return _template(kind, translation.get_language())


@functools.cache
def _template(kind: str, language: str | None) -> bytes:
    with translation.override(language):
        importer = importer_for(kind)
        columns = importer.columns
        workbook = writing.new_workbook()
        sheet = workbook.active
        sheet.title = importer.sheet_name
        bold = Font(bold=True)
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            cell = sheet.cell(row=1, column=index, value=column.header + ("*" if column.required else ""))
            cell.font = bold
            sheet.column_dimensions[letter].width = WIDTHS.get(column.field) or writing.default_width(column.header)
            if column.field in TEXT_FIELDS:
                for row in range(2, 1002):
                    sheet.cell(row=row, column=index).number_format = "@"
            if column.canonical:
                words = list(dict.fromkeys(column.canonical.values()))
                validation = DataValidation(
                    type="list",
                    formula1='"' + ",".join(words) + '"',
                    allow_blank=True,
                    error=_("Choose one of: %(choices)s") % {"choices": "、".join(words)},
                    errorTitle=_("Not one of the accepted values"),
                    showErrorMessage=True,
                )
                validation.add(f"{letter}2:{letter}5000")
                sheet.add_data_validation(validation)
        sheet.freeze_panes = "A2"
        notes = workbook.create_sheet(_("Instructions"))
        notes.column_dimensions["A"].width = 22
        notes.column_dimensions["B"].width = 50
        notes.column_dimensions["C"].width = 60
        notes.append([_("Column"), _("Also accepted as header"), _("What to write")])
        for cell in notes[1]:
            cell.font = bold
        for column in columns:
            hint = []
            if column.required:
                hint.append(_("required"))
            if column.canonical:
                hint.append(_("one of: %(choices)s") % {"choices": "、".join(dict.fromkeys(column.canonical.values()))})
            if column.field in TEXT_FIELDS:
                hint.append(_("keep the column formatted as text"))
            notes.append([column.header, "、".join(column.aliases), "；".join(hint)])
        notes.append([])
        for line in (
            _("Dates: 2016-12-06, 2016.12.6 or 2016年12月6日; 2016-12 when only the month is known."),
            _("An empty cell never erases what the registry already holds."),
            _("Rows may be in any order; a row may name a parent that stands further down."),
        ):
            notes.append([line])
        return writing.to_bytes(workbook)


SEARCH_PARAMETERS = {"q"}  # what a person types into a search box: a name, or (part of) an ID number or phone


def log_export(*, user, kind: str, filters: dict, rows: int, file_name: str) -> ExportLog:
    """The export log's row for one download. The filters are kept without the personal data
    that may have been typed into them (docs/domain.md#personal-data): whatever in a search
    looks like an ID number or a phone, or part of one, and any whole ID or mobile number
    elsewhere, is kept masked — whoever downloaded, and whoever reads the log."""
    return ExportLog.objects.create(
        user=user if getattr(user, "pk", None) else None,
        kind=kind,
        filters=masked_filters(filters),
        rows=rows,
        file_name=file_name,
    )


def masked_filters(filters: dict) -> dict:
    def masked(key, value):
        if isinstance(value, (list, tuple)):
            return [masked(key, item) for item in value]
        if isinstance(value, dict):
            return {inner: masked(inner, item) for inner, item in value.items()}
        return masking.mask_search(value) if key in SEARCH_PARAMETERS else masking.mask_text(value)

    return {key: masked(key, value) for key, value in (filters or {}).items()}


def build_table(sheet_name: str, columns, rows) -> tuple[bytes, int]:
    """(.xlsx bytes, number of rows) for other lists: `columns` have `.header` and `.field`, each
    row is a list of ready values in column order. Same formats and formula safety as above."""
    return writing.table_workbook(
        sheet_name,
        [column.header for column in columns],
        rows,
        text_columns=[column.field in TEXT_FIELDS for column in columns],
        widths=_widths(columns),
    )
