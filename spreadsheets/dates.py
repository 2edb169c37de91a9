"""Dates as secretaries type them, to the day or to the month (docs/spreadsheets.md#dates, "Values").

Accepted: 2016-12-06, 2016/12/6, 2016.12.6, 20161206, 2016年12月6日, and a month alone:
2016.12, 2016-12, 2016/12, 201612, 2016年12月 (kept as the first of the month, month precision).
Anything else is an error, never a guess.
"""

import datetime
import re
import unicodedata
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DAY = "day"
MONTH = "month"


class PartialDate(NamedTuple):
    date: datetime.date
    precision: str  # DAY or MONTH


_SEPARATED = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?|月)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\ufeff]")
_MIDNIGHT = re.compile(r"\s+00:00(:00)?$")  # a datetime that is really a date


def parse_partial_date(text: str) -> PartialDate:
    """Reads a typed date; raises ValidationError with a message that says what to type instead."""
    cleaned = str(text).strip()
    if not cleaned.isascii():
        cleaned = _INVISIBLE.sub("", unicodedata.normalize("NFKC", cleaned)).strip()
    cleaned = _MIDNIGHT.sub("", cleaned)
    match = _SEPARATED.match(cleaned) or _COMPACT.match(cleaned)
    if not match:
        raise ValidationError(
            _(
                "“%(value)s” is not a date. Write it as 2016-12-06, 2016.12.6 or 2016年12月6日, or 2016-12 "
                "when only the month is known."
            )
            % {"value": text},
            code="date_format",
        )
    year, month, day = int(match[1]), int(match[2]), match[3]
    try:
        if day is None:
            return PartialDate(datetime.date(year, month, 1), MONTH)
        return PartialDate(datetime.date(year, month, int(day)), DAY)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a real date (check the month and the day).") % {"value": text},
            code="date_invalid",
        ) from None


def format_partial_date(value: datetime.date | None, precision: str = DAY) -> str:
    """The way the registry shows and exports a partial date: 2016-12-06, or 2016-12 for a month."""
    if value is None:
        return ""
    if precision == MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


class MonthDate(datetime.date):
    """A date known to the month (the first of it), as a workbook holds it: a real date cell shown
    as yyyy-mm, so that Excel sorts and filters it with the dates known to the day, and that the
    import reads back to the month (spreadsheets.reading finds the cells by their number format)."""

    @classmethod
    def of(cls, value: datetime.date) -> "MonthDate":
        return cls(value.year, value.month, 1)
