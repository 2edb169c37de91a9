"""The annual statistics' workbooks (docs/statistics.md#workbook), logged like every export: the report,
one sheet per table in the form's layout (title, table number, unit, as-of date, the rows numbered and
the columns lettered, numbers as numbers, no formula; a cell the registry holds no records for left empty
and noted under the table), and a figure's records."""

from django.utils import timezone
from django.utils.translation import gettext as _

from branches import access
from registry.exports.workbooks import log_export
from registry.members.masking import mask_id_number
from registry.statistics import layouts
from spreadsheets import writing


def report_workbook(user, organization, period, figures: dict) -> tuple[bytes, str, str]:
    """The report (`figures`: report_json's shape, live or as filed): the bytes, its name and an ASCII one."""
    workbook = writing.new_workbook()
    workbook.remove(workbook.active)
    unit = organization.name if organization is not None else _("the whole registry")
    for layout in layouts.LAYOUTS:
        sheet = workbook.create_sheet(layout.id)
        sheet.append([layout.title])
        sheet.append([f"{_('Table')} {layout.id}", f"{_('Reporting unit')}：{unit}", f"{_('Unit')}：{layout.unit}"])
        sheet.append([f"{_('As of')} {period.cutoff:%Y-%m-%d}"])
        sheet.append(["", "甲", *[column for column, _label in layout.columns]])
        sheet.append(["栏", _("Item"), *[label for _column, label in layout.columns]])
        cells = figures.get(layout.id, {})
        for row, label in layout.rows:
            figures_of_row = [
                None if layout.unrecorded_note(row, column) else cells.get(row, {}).get(column, 0)
                for column, _label in layout.columns
            ]
            sheet.append([int(row), label, *figures_of_row])
        sheet.append([])
        for check in figures.get("checks", []):
            if check["table"] == layout.id:
                sheet.append(["", writing.escaped(check["rule"]), _("holds") if check["holds"] else _("does not hold")])
        for keys, note in layout.unrecorded_lines():  # left empty above: not recorded, not zero
            sheet.append(["", str(keys), str(note)])
    content = writing.to_bytes(workbook)
    stamp = timezone.localtime()
    file_name = f"党内统计年报_{period.key}_{stamp:%Y%m%d_%H%M}.xlsx"
    scope = "all" if organization is None else organization.pk
    log_export(
        user=user,
        kind="statistics",
        filters={"scope": scope, "period": period.key},
        rows=len(layouts.LAYOUTS),
        file_name=file_name,
    )
    return content, file_name, f"statistics-{period.key}-{stamp:%Y%m%d-%H%M}"


def cell_workbook(user, records, *, kind: str, filters: dict) -> tuple[bytes, str, str]:
    """A figure's records as its page lists them (ID numbers masked for a reviewer)."""
    masked = not access.sees_personal_data(user)
    if kind == layouts.ORGANIZATION:
        headers = [_("Party organization"), _("Level")]
        rows = ([record.name, record.get_level_display()] for record in records)
        text_columns = ()
    elif kind in (layouts.ENTERPRISE, layouts.CHAMBER):
        headers = [_("Name")]
        rows = ([record.name] for record in records)
        text_columns = ()
    else:
        headers = [_("Name"), _("Citizen ID number"), _("Party organization"), _("Category"), _("Left the roster")]
        rows = (
            [
                record.name,
                mask_id_number(record.id_number) if masked else record.id_number,
                record.organization.name,
                record.get_category_display(),
                record.left_on,
            ]
            for record in records
        )
        text_columns = (False, True)
    content, count = writing.table_workbook(_("Records"), headers, rows, text_columns=text_columns)
    stamp = timezone.localtime()
    file_name = f"统计数据名单_{stamp:%Y%m%d_%H%M}.xlsx"
    log_export(user=user, kind="statistics_cell", filters=filters, rows=count, file_name=file_name)
    return content, file_name, f"statistics-cell-{stamp:%Y%m%d-%H%M}"
