"""The rules of compliance and participation (ORGLIFE.md §1, docs/orglife.md#compliance), as pure
functions of the facts they are handed: the periods a kind of meeting is owed for, who owes it, what a
cell of the compliance grid says, and whether a member has gone six months without organizational life.

The national rules cited: 《中国共产党支部工作条例（试行）》 (2018, "支部条例") art. 19 (三会一课 and
the monthly 主题党日), art. 20 (组织生活会 once a year), art. 21 (谈心谈话); the Party Constitution
(党章) art. 9 (six months without organizational life). The frequencies and who owes which kind are
settings with the national defaults (config/settings.py, REGISTRY_MEETING_FREQUENCIES and
REGISTRY_MEETINGS_OWED).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.development.rules import add_months, latest_start
from registry.models import MEETING_KINDS, GatheringKind

Kind = GatheringKind.Kind

# --- periods ------------------------------------------------------------------------------------

MONTH, QUARTER, YEAR = "month", "quarter", "year"
FREQUENCIES = (MONTH, QUARTER, YEAR)
FREQUENCY_LABELS = {
    MONTH: gettext_lazy("once a month"),
    QUARTER: gettext_lazy("once a quarter"),
    YEAR: gettext_lazy("once a year"),
}
_MONTHS = {MONTH: 1, QUARTER: 3, YEAR: 12}


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month, quarter or year: the span a kind of meeting is owed for, first day to last."""

    start: datetime.date
    end: datetime.date
    frequency: str

    @property
    def key(self) -> str:
        """As a URL or a workbook names it: 2026-02, 2026-Q1, 2026."""
        if self.frequency == MONTH:
            return f"{self.start:%Y-%m}"
        if self.frequency == QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def label(self) -> str:
        """As a person reads it: 2026年2月, 2026年第1季度, 2026年."""
        if self.frequency == MONTH:
            return _("%(year)s-%(month)s") % {"year": self.start.year, "month": self.start.month}
        if self.frequency == QUARTER:
            return _("%(year)s Q%(quarter)s") % {"year": self.start.year, "quarter": (self.start.month - 1) // 3 + 1}
        return str(self.start.year)

    @property
    def short_label(self) -> str:
        """The grid's column head within a year: 2月, 第1季度, 2026."""
        if self.frequency == MONTH:
            return _("month %(number)s") % {"number": self.start.month}
        if self.frequency == QUARTER:
            return _("Q%(number)s") % {"number": (self.start.month - 1) // 3 + 1}
        return str(self.start.year)

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    @property
    def previous(self) -> "Period":
        return period_of(self.start - datetime.timedelta(days=1), self.frequency)

    @property
    def following(self) -> "Period":
        return period_of(self.end + datetime.timedelta(days=1), self.frequency)


def period_of(day: datetime.date, frequency: str) -> Period:
    """The month, quarter or year `day` falls in."""
    months = _MONTHS[frequency]
    first_month = (day.month - 1) // months * months + 1
    start = datetime.date(day.year, first_month, 1)
    return Period(start, add_months(start, months) - datetime.timedelta(days=1), frequency)


def last_completed(as_of: datetime.date, frequency: str) -> Period:
    """The last period wholly before `as_of`: the one before the period `as_of` falls in. On its last
    day a period is still under way (31 December: the last completed year is the one before)."""
    return period_of(as_of, frequency).previous


def periods_in_year(year: int, frequency: str) -> list[Period]:
    """The year's months (12), quarters (4) or the year itself."""
    periods, day = [], datetime.date(year, 1, 1)
    while day.year == year:
        periods.append(period_of(day, frequency))
        day = periods[-1].end + datetime.timedelta(days=1)
    return periods


def frequency_of(kind: str, organization=None, own=None) -> str:
    """How often `kind` is owed in `organization`: by its committee's own setting (`own`, the committees'
    settings read for the page: registry/committees/own_settings.py), else the deployment's
    (settings.REGISTRY_MEETING_FREQUENCIES, the national defaults)."""
    frequency = own.frequency(kind, organization) if own is not None else None
    frequency = frequency or settings.REGISTRY_MEETING_FREQUENCIES.get(kind)
    if frequency not in FREQUENCIES:
        raise ImproperlyConfigured(
            f"REGISTRY_MEETING_FREQUENCIES[{kind!r}] is {frequency!r}: one of {', '.join(FREQUENCIES)} is meant"
        )
    return frequency


def period_for(kind: str, day: datetime.date, organization=None, own=None) -> Period:
    """The period of `kind` that `day` falls in (in `organization`, by its committee's own frequency)."""
    return period_of(day, frequency_of(kind, organization, own))


def periods_covering(first: Period, last: Period, frequency: str) -> list[Period]:
    """The periods of `frequency` from the one `first` starts in to the one `last` ends in."""
    periods = [period_of(first.start, frequency)]
    while periods[-1].end < last.end:
        periods.append(periods[-1].following)
    return periods


# --- who owes which kind ------------------------------------------------------------------------

# The kinds an organization owes (heart-to-heart talks are owed to each member: no organization owes them).
OWED_KINDS = tuple(kind for kind in MEETING_KINDS if kind != Kind.TALK)
# The kinds registry_stats' "behind" counts (issue 23 §6): the monthly and quarterly ones of 三会一课
# and the themed party day.
BEHIND_KINDS = (Kind.GENERAL_MEETING, Kind.COMMITTEE_MEETING, Kind.GROUP_MEETING, Kind.LECTURE, Kind.PARTY_DAY)
# The kinds every member of the organization is expected at (ORGLIFE.md §1, "who is expected"): the
# committee's meetings expect its members, a talk two people, a leadership meeting the leadership.
ALL_MEMBER_KINDS = (Kind.GENERAL_MEETING, Kind.GROUP_MEETING, Kind.LECTURE, Kind.PARTY_DAY, Kind.LIFE_MEETING)


def kinds_owed_by(level: str) -> tuple[str, ...]:
    """The kinds an organization of `level` owes (settings.REGISTRY_MEETINGS_OWED; ORGLIFE.md §1:
    branches, joint and temporary branches 支部党员大会, 党课, 主题党日 and 组织生活会; any organization
    with a committee its committee meetings; party groups 党小组会; general branches and committees
    their committee's meetings and the yearly 组织生活会 — committees 民主生活会), in the table's order."""
    named = settings.REGISTRY_MEETINGS_OWED.get(level, ())
    unknown = [kind for kind in named if kind not in OWED_KINDS]
    if unknown:
        raise ImproperlyConfigured(f"REGISTRY_MEETINGS_OWED[{level!r}] names no kind an organization owes: {unknown}")
    return tuple(kind for kind in OWED_KINDS if kind in named)


def owes(
    level: str,
    kind: str,
    *,
    committee_sits: bool,
    established: datetime.date | None,
    period: Period,
    owed_kinds: tuple[str, ...] | None = None,
) -> bool:
    """Whether an organization owes `kind` for `period`: its level owes the kind, it existed by the
    period's end (an organization set up later owes nothing before), and for committee meetings a
    committee sat at some time in the period (ORGLIFE.md §1: "where a committee exists"). `owed_kinds`:
    kinds_owed_by(level), when the caller asks for many organizations of the same levels."""
    if kind not in (kinds_owed_by(level) if owed_kinds is None else owed_kinds):
        return False
    if established is not None and established > period.end:
        return False
    return committee_sits or kind != Kind.COMMITTEE_MEETING


# --- the grid's cells ---------------------------------------------------------------------------

HELD, NOT_HELD, EXEMPT, NOT_YET_DUE, NOT_OWED = "held", "not_held", "exempt", "not_yet_due", "not_owed"
CELL_STATES = {
    HELD: gettext_lazy("Held"),
    NOT_HELD: gettext_lazy("Not held"),
    EXEMPT: gettext_lazy("Exempt"),
    NOT_YET_DUE: gettext_lazy("Not yet due"),
    NOT_OWED: gettext_lazy("Not owed"),
}


def cell_state(*, owed: bool, held: bool, exempt: bool, period: Period, as_of: datetime.date) -> str:
    """What the grid says of one organization, kind and period on `as_of`: held (a meeting of the kind
    in the period, whether owed or excused), exempt (excused by the committee), not held (owed, the
    period over before `as_of`), not yet due (owed, the period under way or to come), not owed."""
    if held:
        return HELD
    if not owed:
        return NOT_OWED
    if exempt:
        return EXEMPT
    if period.end < as_of:
        return NOT_HELD
    return NOT_YET_DUE


# The state of a grid column covering several of an organization's own (shorter) periods: the worst.
_COMBINED_ORDER = (NOT_HELD, NOT_YET_DUE, HELD, EXEMPT, NOT_OWED)


def combined_state(states: list[str]) -> str:
    """A column of the grid that covers several periods of an organization owing the kind more often
    than the grid's (its committee's own frequency): not held if any is, else not yet due, else held."""
    return next((state for state in _COMBINED_ORDER if state in states), NOT_OWED)


# --- six months without organizational life ----------------------------------------------------

# 党章 art. 9: a member who without good reason takes no part in organizational life for six months in
# a row is considered to have left the party. The registry lists them; a person decides.
WITHOUT_MONTHS = 6


def life_cutoff(as_of: datetime.date) -> datetime.date:
    """The latest day a last organizational life (or, without one, the registration here) may fall on
    and be *more than* six calendar months before `as_of`: six months from it ended before `as_of`
    (by the registry's one rule for months, registry/development/rules.add_months)."""
    return latest_start(as_of - datetime.timedelta(days=1), WITHOUT_MONTHS)


def without_life(*, last: datetime.date | None, registered_on: datetime.date, as_of: datetime.date) -> bool:
    """Whether a member on the roster is on the six-month work list on `as_of`: their last
    organizational life (here or elsewhere) more than six calendar months before it, or none recorded
    and registered here more than six calendar months before it."""
    return (last if last is not None else registered_on) <= life_cutoff(as_of)
