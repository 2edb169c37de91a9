"""Who the annual statistics count and into which bucket (docs/statistics.md, ../shared/STATISTICS.md).
Pure functions of dates and values: the tables (registry/statistics/tables.py) read the records once
and ask here.
"""

import datetime
from dataclasses import dataclass

from registry.idnumbers import birth_date_from_id


@dataclass(frozen=True)
class Period:
    """The period a report counts: 1 January to its cut-off day (31 December, or 30 June for a half year)."""

    year: int
    half: bool = False

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def cutoff(self) -> datetime.date:
        return datetime.date(self.year, 6, 30) if self.half else datetime.date(self.year, 12, 31)

    def holds(self, day: datetime.date | None) -> bool:
        return day is not None and self.first_day <= day <= self.cutoff

    @property
    def key(self) -> str:
        """How URLs and filed reports name the period: "2026" or "2026h1"."""
        return f"{self.year}h1" if self.half else str(self.year)

    @classmethod
    def from_key(cls, key: str) -> "Period":
        """The period a URL names; ValueError for anything else."""
        half = key.endswith("h1")
        year = int(key[:-2] if half else key)
        if not 1900 <= year <= 2100:
            raise ValueError(key)
        return cls(year, half)

    def previous_year(self) -> "Period":
        return Period(self.year - 1)


def age_on(birth: datetime.date | None, day: datetime.date) -> int | None:
    """Age in whole years (实足年龄) on `day` [STATISTICS.md "Who counts whom"]: someone born on
    29 February has their birthday on 1 March in a common year."""
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def birth_of(birth_date: datetime.date | None, id_number: str) -> datetime.date | None:
    """The birth date the ID number carries (it agrees with the record's, Member.clean), else the record's."""
    try:
        return birth_date_from_id(id_number)
    except (ValueError, TypeError):
        return birth_date


def bucket(value, edges) -> str | None:
    """The column of the first (lowest, highest, column) edge holding `value` (bounds inclusive, None
    open), or None for a value that is missing or falls outside every edge."""
    if value is None:
        return None
    for lowest, highest, column in edges:
        if (lowest is None or value >= lowest) and (highest is None or value <= highest):
            return column
    return None


def is_minority(ethnicity: str) -> bool:
    """少数民族: any ethnicity recorded other than 汉族 (an empty one is not known, so not counted)."""
    name = (ethnicity or "").strip()
    return bool(name) and name not in ("汉", "汉族")


def is_taiwanese(native_place: str) -> bool:
    """台湾省籍 (T2 E) is read from 籍贯 [STATISTICS.md T2]."""
    return (native_place or "").strip().startswith("台湾")


def probationary_on(status: str, joined: datetime.date | None, made_full: datetime.date | None, day) -> bool:
    """A probationary member on `day`: still probationary, or made full only after it."""
    if status == "probationary":
        return True
    return made_full is not None and made_full > day


# The decision on a probationary member counts as 推迟讨论 (T15 E) when the branch met on it more than
# this many months after the probation ended *(ours: 细则 art. 30 asks for a timely discussion)*.
LATE_DISCUSSION_MONTHS = 3
