"""Calendar quarters: committee visits are due 1–2 times a quarter [000], visits are counted per quarter."""

import datetime
from typing import NamedTuple


class Quarter(NamedTuple):
    year: int
    number: int  # 1–4

    @classmethod
    def of(cls, day: datetime.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> datetime.date:
        if self.number == 4:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, 3 * self.number + 1, 1) - datetime.timedelta(days=1)

    def __str__(self):
        return f"{self.year} Q{self.number}"


def quarters_of(year: int) -> list[Quarter]:
    return [Quarter(year, number) for number in range(1, 5)]
