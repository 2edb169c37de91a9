"""Months as the ledger counts them: a month is the first day of it (a `datetime.date`).

Months unpaid (docs/lifecycle.md#months-unpaid) are the whole months after the paid-through month
and before the current month: paid through October, now November: 0; paid through August, now
November: 2. "Now" is a date handed in (`as_of`), `clock.today()` when none is given, so
that figures can be checked at any day (`registry_stats --as-of`) without freezing the clock.
"""

import datetime
import re
import unicodedata

from django.db.models import Q

from branches import clock

REMINDER_MONTHS = 3  # the secretary's reminder list
DECIDE_MONTHS = 6  # the list the branch must decide on (党章 art. 9)
AHEAD_LIMIT = 12  # a month may be paid at most this many months after the current one


def first_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def index(month: datetime.date) -> int:
    return month.year * 12 + month.month - 1


def from_index(value: int) -> datetime.date:
    return datetime.date(value // 12, value % 12 + 1, 1)


def add(month: datetime.date, count: int) -> datetime.date:
    return from_index(index(month) + count)


def between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every month from `first` to `last`, both included."""
    return [from_index(value) for value in range(index(first), index(last) + 1)]


def year_months(year: int) -> list[datetime.date]:
    return [datetime.date(year, month, 1) for month in range(1, 13)]


def months_unpaid(paid_through: datetime.date | None, as_of: datetime.date | None = None) -> int | None:
    """None when nothing is known (no ledger entry); 0 when paid up or ahead."""
    if paid_through is None:
        return None
    return max(index(first_of(as_of or clock.today())) - index(first_of(paid_through)) - 1, 0)


def on_reminder_list(months_unpaid: int | None) -> bool:
    """REMINDER_MONTHS or more months unpaid: the member is on the secretary's reminder list."""
    return months_unpaid is not None and months_unpaid >= REMINDER_MONTHS


def for_the_branch_to_decide(months_unpaid: int | None) -> bool:
    """DECIDE_MONTHS or more months unpaid: the branch must decide (党章 art. 9)."""
    return months_unpaid is not None and months_unpaid >= DECIDE_MONTHS


def latest_unpaid_limit(months: int, as_of: datetime.date | None = None) -> datetime.date:
    """Paid through a month before this one ⇔ `months` or more months unpaid."""
    return add(first_of(as_of or clock.today()), -months)


def unpaid_at_least(months: int, as_of: datetime.date | None = None, prefix: str = "") -> Q:
    """Members with `months` or more months unpaid (never those with no entry at all)."""
    return Q(**{f"{prefix}dues_paid_through__lt": latest_unpaid_limit(months, as_of)})


def paid_up(as_of: datetime.date | None = None, prefix: str = "") -> Q:
    """No month unpaid: paid through last month or later."""
    return Q(**{f"{prefix}dues_paid_through__gte": add(first_of(as_of or clock.today()), -1)})


def unknown(prefix: str = "") -> Q:
    """No ledger entry at all: the dues status is unknown (one of the six knowns missing)."""
    return Q(**{f"{prefix}dues_paid_through__isnull": True})


def latest_allowed(as_of: datetime.date | None = None) -> datetime.date:
    return add(first_of(as_of or clock.today()), AHEAD_LIMIT)


# --- typed months: 2026-03, 2026.3, 2026年3月, and ranges within one year ----------------------

_MONTH = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?"
_SINGLE = re.compile(rf"^{_MONTH}$")
_RANGE_FULL = re.compile(rf"^{_MONTH}\s*(?:-|~|～|—|至|到)\s*{_MONTH}$")
_RANGE_SHORT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*(?:-|~|～|—|至|到)\s*(\d{1,2})\s*月?$")


class MonthError(ValueError):
    """`code`: "month_format", "range_across_years" or "range_order"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_months(text: str) -> tuple[datetime.date, datetime.date]:
    """(first, last) of a typed month or range (docs/spreadsheets.md#dues-columns):
    2026-03, 2026.3, 2026年3月; 2026.1-2026.3, 2026年1-3月, 2026年1月至3月. A range stays within
    one year. Raises MonthError."""
    cleaned = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
    if match := _SINGLE.match(cleaned):
        month = _month(match[1], match[2])
        return month, month
    if match := _RANGE_FULL.match(cleaned):
        first, last = _month(match[1], match[2]), _month(match[3], match[4])
    elif match := _RANGE_SHORT.match(cleaned):
        first, last = _month(match[1], match[2]), _month(match[1], match[3])
    else:
        raise MonthError("month_format")
    if first.year != last.year:
        raise MonthError("range_across_years")
    if last < first:
        raise MonthError("range_order")
    return first, last


def _month(year: str, month: str) -> datetime.date:
    try:
        value = datetime.date(int(year), int(month), 1)
    except ValueError:
        raise MonthError("month_format") from None
    if not 1900 <= value.year <= 2100:
        raise MonthError("month_format")
    return value


def format_month(month: datetime.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def format_months(first: datetime.date, last: datetime.date) -> str:
    return format_month(first) if first == last else f"{format_month(first)}—{format_month(last)}"
