"""Workbooks of the movements: the register in the import's own columns (so that an export imports
again as "unchanged", docs/spreadsheets.md#movements-columns) and the year's balance."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from branches import access
from registry.exports.workbooks import build_table, log_export
from registry.members.masking import mask_id_number
from registry.movements import balance as balances
from registry.movements.balance import ARRIVAL_KINDS, DEPARTURE_KINDS, HELD_ARRIVAL_KINDS, HELD_DEPARTURE_KINDS, Balance
from registry.movements.imports import COLUMNS, EVENT_CANONICAL, MovementImporter
from spreadsheets.writing import table_workbook


def movement_rows(movements, *, masked: bool):
    for movement in movements.iterator(chunk_size=2000):
        member = movement.member
        values = {
            "name": member.name,
            "id_number": mask_id_number(member.id_number) if masked else member.id_number,
            "kind": EVENT_CANONICAL.get(movement.kind, movement.kind),
            "date": movement.date,
            "other_side": movement.other_side or None,
            "letter_number": movement.letter_number or None,
            "valid_days": movement.valid_days,
            "receipt_on": movement.receipt_on,
            "whole_unit": "是" if movement.whole_unit else None,
            "certificate_number": movement.certificate_number or None,
            "reason": movement.reason or None,
            "notes": movement.notes or None,
        }
        yield [values[column.field] for column in COLUMNS]


def movement_workbook(user, movements, params) -> tuple[bytes, str, str]:
    """The register as the list shows it (scoped, filtered), masked for those who see ID numbers masked:
    the bytes, the file's name and its ASCII fallback (branches.downloads)."""
    movements = movements.exclude(kind="arrival")  # a restoration is the roster's business, not a register row
    content, rows = build_table(
        MovementImporter.sheet_name, COLUMNS, movement_rows(movements, masked=not access.sees_personal_data(user))
    )
    stamp = timezone.localtime()
    file_name = f"党员变动登记_{stamp:%Y%m%d_%H%M}.xlsx"
    applied = {key: value for key, value in params.items() if key != "page" and value}
    log_export(user=user, kind="movements", filters=applied, rows=rows, file_name=file_name)
    return content, file_name, f"movements-{stamp:%Y%m%d-%H%M}"


def figure_caption(figure: str, kind: str = "", *, last_day: datetime.date, held: bool = False) -> str:
    """What a figure of the balance counts, the same words wherever it is shown (the page's tiles
    and columns, the people behind a figure, the workbook): the end is the last day counted. `held`:
    the balance where membership is held (docs/lifecycle.md#held-balance)."""
    year_end = (last_day.month, last_day.day) == (12, 31)
    if held:
        end = _("Held here on 31 December") if year_end else _("Held here today")
        captions = {"start": _("Held here on 1 January"), "arrived": _("In"), "left": _("Out"), "end": end}
        arrivals, departures = HELD_ARRIVAL_KINDS, HELD_DEPARTURE_KINDS
    else:
        end = _("On the roster on 31 December") if year_end else _("On the roster today")
        captions = {"start": _("On the roster on 1 January"), "arrived": _("Arrived"), "left": _("Left"), "end": end}
        arrivals, departures = ARRIVAL_KINDS, DEPARTURE_KINDS
    caption = str(captions.get(figure, figure))
    label = arrivals.get(kind) if figure == "arrived" else departures.get(kind) if figure == "left" else None
    return f"{caption} · {label}" if label else caption


def balance_workbook(user, balance: Balance) -> tuple[bytes, str, str]:
    """The balance table: one row per organization and the total, arrivals and departures by kind (the
    bytes, the file's name and its ASCII fallback); the roster's, or the one where membership is held."""
    last_day = balance.last_day
    headers = [_("Party organization")] + [
        figure_caption(figure, kind, last_day=last_day, held=balance.held)
        for figure, kind, _sum in balances.headers(balance.held)
    ]

    def line(name, row):
        return (
            [name, row.count("start")]
            + [count for _kind, count in row.arrivals_by_kind()]
            + [row.count("arrived")]
            + [count for _kind, count in row.departures_by_kind()]
            + [row.count("left")]
            + [row.count("end")]
        )

    rows = [line(row.organization.name, row) for row in balance.rows] + [line(_("Total"), balance.total)]
    content, count = table_workbook(
        f"{balance.year}", [str(header) for header in headers], rows, widths=[40] + [12] * (len(headers) - 1)
    )
    if balance.held:
        file_name = f"党员数量变化情况_组织关系在本组织_{balance.year}.xlsx"
        filters = {"year": balance.year, "balance": "held"}
    else:
        file_name = f"党员增减情况_{balance.year}.xlsx"
        filters = {"year": balance.year}
    log_export(user=user, kind="movement_balance", filters=filters, rows=count, file_name=file_name)
    return content, file_name, f"balance-{'held-' if balance.held else ''}{balance.year}"
