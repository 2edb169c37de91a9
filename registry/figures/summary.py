"""The headline figures as tables: for the printable summary (A4) and its workbook. Built from
what registry.figures.dashboard counted, so the page, the print and the workbook cannot disagree."""

import re

from django.utils.translation import gettext as _
from openpyxl.styles import Font

from spreadsheets.writing import append, new_workbook, to_bytes

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _tile_rows(tiles) -> list[list]:
    rows = []
    for tile in tiles:
        rows.append([str(tile.label), tile.value, tile.total if tile.total is not None else ""])
    return rows


def summary_tables(context: dict) -> list[dict]:
    """[{title, headers, rows}] in the order of the page."""
    tables = [
        {
            "title": _("Members"),
            "headers": [_("Figure"), _("Number"), _("Of")],
            "rows": _tile_rows(context["member_tiles"]),
        },
        {
            "title": _("Party organizations"),
            "headers": [_("Figure"), _("Number"), _("Of")],
            "rows": _tile_rows(context["organization_tiles"]),
        },
    ]
    if context.get("dues_tiles"):
        rows = _tile_rows(context["dues_tiles"])
        if context.get("dues_received") is not None:
            rows.append(
                [_("Dues received in %(year)d (yuan)") % {"year": context["dues_year"]}, context["dues_received"], ""]
            )
        tables.append({"title": _("Dues"), "headers": [_("Figure"), _("Number"), _("Of")], "rows": rows})
    if context.get("chamber_tiles"):
        tables.append(
            {
                "title": _("Chambers and enterprises"),
                "headers": [_("Figure"), _("Number"), _("Of")],
                "rows": _tile_rows(context["chamber_tiles"]),
            }
        )
    development = context.get("development")
    if development:
        tables.append(
            {
                "title": _("Development"),
                "headers": [_("Figure"), _("Number"), _("Of")],
                "rows": _tile_rows(development["tiles"])
                + [[str(worklist.label), count, ""] for worklist, count in development["worklists"]],
            }
        )
        tables.append(
            {
                "title": _("Candidates by stage and organization"),
                "headers": [_("Party organization"), *(str(label) for label in development["columns"])],
                "rows": [
                    [row["organization"].name, *(cell["value"] for cell in row["cells"])] for row in development["rows"]
                ],
            }
        )
    tables.append(
        {
            "title": _("Six knowns by organization"),
            "headers": [_("Party organization"), _("Complete"), _("Apply"), _("Share")],
            "rows": [[bar.label, bar.value, bar.total, f"{bar.share:.0f}%"] for bar in context["six_knowns_bars"]],
        }
    )
    survey = context.get("survey")
    if survey:
        tables.append(
            {
                "title": _("Survey round: %(name)s") % {"name": survey["round"].name},
                "headers": [_("Figure"), _("Counted"), _("On record"), _("Difference")],
                "rows": [[line.label, line.counted, line.on_record, line.gap] for line in survey["totals"].values()]
                + ([[_("activists"), survey["activists"], "", ""]] if survey["activists"] is not None else []),
            }
        )
    if context.get("advice"):
        tables.append(
            {
                "title": _("Formation advice"),
                "headers": [_("Advice"), _("Number")],
                "rows": [[str(rule.label), count] for rule, count in context["advice"]],
            }
        )
    return tables


def summary_workbook(tables: list[dict]) -> bytes:
    workbook = new_workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    used = set()
    for index, table in enumerate(tables, start=1):
        title = _SHEET_FORBIDDEN.sub(" ", str(table["title"]))[:28] or str(index)
        while title in used:
            title = f"{title[:26]}{index}"
        used.add(title)
        sheet = workbook.create_sheet(title)
        append(sheet, [str(header) for header in table["headers"]])
        for cell in sheet[1]:
            cell.font = bold
        for row in table["rows"]:
            append(sheet, row)
        sheet.column_dimensions["A"].width = 40
    return to_bytes(workbook)
