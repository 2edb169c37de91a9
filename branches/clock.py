"""The registry's one notion of "today" (docs/operations.md#time).

Every rule that counts days — a notice running, a probation ending, dues months behind, a letter
expired, a certificate due for review — asks `today()`, never the wall clock directly, so that the
whole registry agrees on the date of the request it serves, and the test suite can pin that date
(tests/conftest.py travels to one fixed day; a test that needs another travels there itself).

`today()` is the local date in `settings.TIME_ZONE` (Asia/Shanghai: a secretary's "today" turns at
midnight in China, not in UTC). `now()` is the aware timestamp for the moments that are recorded
(history rows, an import's start, a letter printed).
"""

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    """This moment, timezone-aware."""
    return timezone.now()


def today() -> datetime.date:
    """Today's date where the committee is (settings.TIME_ZONE)."""
    return timezone.localdate(timezone.now())


def after_today(day: datetime.date) -> bool:
    """`day > today()`, without asking for the active time zone when `day` is surely past: every
    zone's date is within a day of UTC's. An import checks two dates a row of 100,000 rows, and the
    time zone's lookup (a context-local variable) costs more than the rest of the check."""
    if day < datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(days=1):  # not now(): settings
        return False
    return day > today()


def this_year() -> int:
    return today().year
