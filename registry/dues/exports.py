"""The branch's 党费收缴台账 for a year as a workbook: one row per member, one column per month
(the amount received, 已申报 for a declared month), the year's total and what is due a month.
Written through spreadsheets.writing (text stays text, nothing is a formula); amounts are
Decimals written as numbers, never through a float."""

from decimal import Decimal

from registry.dues import months as dues_months
from registry.members.masking import mask_id_number
from spreadsheets import writing

DECLARED = "已申报"


def ledger_headers(year: int) -> list[str]:
    return [
        "姓名",
        "公民身份号码",
        "所在党组织",
        *[f"{year}年{month}月" for month in range(1, 13)],
        "合计",
        "月应交",
        "党费交至",
    ]


def ledger_workbook(*, organization, year: int, rows, show_personal_data: bool) -> tuple[bytes, int]:
    """(.xlsx bytes, number of members) from selectors.ledger_rows."""
    months = dues_months.year_months(year)

    def lines():
        for member, entries, due in rows:
            cells = []
            total = Decimal("0.00")
            for month in months:
                entry = entries.get(month)
                if entry is None:
                    cells.append(None)
                elif entry.amount is None:
                    cells.append(DECLARED)
                else:
                    cells.append(entry.amount)
                    total += entry.amount
            paid_through = dues_months.format_month(member.dues_paid_through) if member.dues_paid_through else None
            yield [
                member.name,
                member.id_number if show_personal_data else mask_id_number(member.id_number),
                member.organization.name,
                *cells,
                total,
                due,
                paid_through,
            ]

    headers = ledger_headers(year)
    text_columns = [False, True, False] + [False] * 14 + [True]
    widths = [12, 22, 28] + [10] * 12 + [10, 10, 10]
    return writing.table_workbook(
        f"{year}年党费收缴台账"[:31], headers, lines(), text_columns=text_columns, widths=widths
    )
