"""The rules of committees, terms and elections (docs/committees.md), as pure functions of the facts
they are handed: the services, the forms and the imports ask them before anything is written.

The national rules cited: 《中国共产党支部工作条例（试行）》 (2018, "支部条例"), the Party Constitution
(党章), 《中国共产党基层组织选举工作条例》 (2020, "选举条例"). Numbers that localities set differently
are settings (config/settings.py, REGISTRY_TERM_* and REGISTRY_ELECTION_*).
"""

import datetime
import math
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.development.rules import add_months, add_years


@dataclass(frozen=True)
class Refusal:
    field: str
    code: str
    message: str


# --- terms ------------------------------------------------------------------------------------

CURRENT, ENDING, POSTPONED, OVER = "current", "ending", "postponed", "over"
TERM_STATES = {
    CURRENT: gettext_lazy("In its term"),
    ENDING: gettext_lazy("Term ending within 6 months"),
    POSTPONED: gettext_lazy("Term postponed"),
    OVER: gettext_lazy("Term over"),
}
# A term is elected for 1 to 5 years: the Party Constitution allows three to five [党章],
# and branch terms before 2018 were two or three years (imported history).
TERM_YEARS_RANGE = (1, 5)
# Levels that have no committee: a party group has a leader, not a committee (ORGLIFE.md §2).
NO_COMMITTEE_LEVELS = ("party_group",)


def term_years_for(level: str, organization=None, own=None) -> int:
    """The term's length for an organization of `level`: its committee's own (`own`, the committees'
    settings: registry/committees/own_settings.py), else REGISTRY_TERM_YEARS (branches and general
    branches 3 years, committees 5) [支部条例; 党章: three to five years]."""
    years = settings.REGISTRY_TERM_YEARS
    found = own.term_years(level, organization) if own is not None else None
    return found or years.get(level, years["branch"])


def term_ends_on(held_on: datetime.date, years: int) -> datetime.date:
    """The day a term ends: the election's day + its length, never shortened (29 Feb + 3 years = 1 Mar)."""
    return add_years(held_on, years)


def postponement_limit(ends_on: datetime.date) -> datetime.date:
    """The latest day a term may be postponed to: at most a year after its end (延期换届 for at most a year,
    approved by the committee above [ORGLIFE.md §2; 选举条例]; REGISTRY_TERM_POSTPONEMENT_MAX_MONTHS)."""
    return add_months(ends_on, settings.REGISTRY_TERM_POSTPONEMENT_MAX_MONTHS)


def ending_horizon(as_of: datetime.date) -> datetime.date:
    """The last day of the look-ahead: `as_of` + REGISTRY_TERM_ENDING_MONTHS calendar months."""
    return add_months(as_of, settings.REGISTRY_TERM_ENDING_MONTHS)


def term_state(*, ends_on: datetime.date, postponed_until: datetime.date | None, as_of: datetime.date) -> str:
    """The state of a term on `as_of` — one of four, never two at once:

    - OVER: it ended before `as_of` (任届期满未换届), with no postponement running on that day (none,
      or one that ran out: a postponement does not make a term endless);
    - POSTPONED: it ended before `as_of` and a postponement runs to `as_of` or later;
    - ENDING: it ends on `as_of` or within REGISTRY_TERM_ENDING_MONTHS after it (a postponement
      approved ahead moves the end it is judged by);
    - CURRENT: otherwise.
    A later election replaces the term: the caller hands in the organization's latest one."""
    if ends_on < as_of:
        return POSTPONED if postponed_until is not None and postponed_until >= as_of else OVER
    end = max(ends_on, postponed_until or ends_on)
    return ENDING if end <= ending_horizon(as_of) else CURRENT


def term_years_refusal(years: int | None, field: str = "term_years") -> Refusal | None:
    low, high = TERM_YEARS_RANGE
    if years is None or low <= years <= high:
        return None
    return Refusal(
        field,
        "term_length",
        _("A term is elected for %(low)d to %(high)d years (the Party Constitution: three to five); %(years)d is not.")
        % {"low": low, "high": high, "years": years},
    )


def postponement_refusals(
    *, ends_on: datetime.date, until: datetime.date, approved_on: datetime.date, today: datetime.date
) -> list[Refusal]:
    """A postponement runs past the term's end, to at most a year after it, approved on a day that has come."""
    found = []
    limit = postponement_limit(ends_on)
    if until <= ends_on:
        found.append(
            Refusal(
                "until",
                "postponement_before_end",
                _("The term ends on %(end)s: a postponement runs to a later day.") % {"end": ends_on.isoformat()},
            )
        )
    elif until > limit:
        found.append(
            Refusal(
                "until",
                "postponement_too_long",
                _(
                    "A term is postponed by at most a year: this one ends on %(end)s, so it may be postponed to "
                    "%(limit)s at the latest."
                )
                % {"end": ends_on.isoformat(), "limit": limit.isoformat()},
            )
        )
    if approved_on > today:
        found.append(Refusal("approved_on", "future", _("The approval's date is in the future.")))
    return found


# --- who has a vote, who may sit on a committee --------------------------------------------------


def in_line(member_path: str, organization_path: str) -> bool:
    """Whether a member held by the organization at `member_path` belongs to the organization at
    `organization_path`, or to one below it (a branch's party groups, a general branch's branches), or
    to one above it (a cadre of the committee above may sit on a branch's committee) [ORGLIFE.md §2]."""
    if not member_path or not organization_path:
        return member_path == organization_path
    return member_path.startswith(organization_path) or organization_path.startswith(member_path)


@dataclass(frozen=True)
class Person:
    """What the rules need to know of a member: handed in by the service, the form or the import."""

    name: str
    full: bool  # status: full member (not probationary)
    held_here: bool  # self-managed: membership held here (LIFECYCLE.md §4)
    organization_path: str
    organization_name: str
    under_probation: bool  # under 留党察看 on the day in question (registry.members.rules)
    rights_back_on: datetime.date | None = None


def has_a_vote(person: Person) -> bool:
    """Full members whose membership is held here and who are not under 留党察看 vote [LIFECYCLE.md
    §1; 党章: 留党察看期间没有表决权、选举权和被选举权]. Registered mobile members vote where their
    membership is held; probationary members have no vote [党章]."""
    return person.full and person.held_here and not person.under_probation


def eligibility_refusal(
    person: Person, *, organization_path: str, organization_name: str, day: datetime.date, field: str = "member"
) -> Refusal | None:
    """Who may sit on a committee or stand for election: a full member [党章: a probationary member
    has no right to vote or be elected] of the organization, one below or above it [ORGLIFE.md §2], not
    under 留党察看 on `day` [党章; LIFECYCLE.md §2, discipline]."""
    if not person.full:
        return Refusal(
            field,
            "not_full_member",
            _(
                "%(name)s is a probationary member: only full members may be elected or sit on a committee "
                "(a probationary member has no right to be elected)."
            )
            % {"name": person.name},
        )
    if not in_line(person.organization_path, organization_path):
        return Refusal(
            field,
            "not_in_organization",
            _(
                "%(name)s belongs to %(theirs)s, which is neither %(organization)s nor an organization above or "
                "below it: a committee's members come from the organization itself (or from above it)."
            )
            % {"name": person.name, "theirs": person.organization_name, "organization": organization_name},
        )
    if person.under_probation:
        back = person.rights_back_on.isoformat() if person.rights_back_on else "—"
        return Refusal(
            field,
            "under_probation_of_rights",
            _(
                "%(name)s is under 留党察看 on %(day)s and cannot be elected or sit on a committee until the "
                "rights come back on %(back)s."
            )
            % {"name": person.name, "day": day.isoformat(), "back": back},
        )
    return None


# --- elections ----------------------------------------------------------------------------------


def attendance_refusals(*, expected: int, present: int) -> list[Refusal]:
    """A vote is valid only when more than half of the members with a vote are present [ORGLIFE.md §2;
    LIFECYCLE.md §1: the branch meeting's vote]. `expected` counts the members with a vote (has_a_vote)."""
    if present > expected:
        return [
            Refusal(
                "voters_present",
                "present_above_expected",
                _("%(present)d present is more than the %(expected)d members with a vote expected.")
                % {"present": present, "expected": expected},
            )
        ]
    if present * 2 <= expected:
        return [
            Refusal(
                "voters_present",
                "too_few_present",
                _(
                    "Only %(present)d of the %(expected)d members with a vote were present: a vote is valid only "
                    "when more than half of them are present (at least %(needed)d). Hold the vote again."
                )
                % {"present": present, "expected": expected, "needed": expected // 2 + 1},
            )
        ]
    return []


def candidates_needed(seats: int) -> int:
    """Committee members are elected from more candidates than seats (差额选举), at least
    REGISTRY_ELECTION_CANDIDATE_SURPLUS_PERCENT (20 %) more [ORGLIFE.md §2; 选举条例: 差额选举]; a secretary (and a
    deputy) of an organization without a committee — one or two seats — may be elected from as many
    candidates as seats."""
    if seats < 3:
        return seats
    return math.ceil(seats * (100 + settings.REGISTRY_ELECTION_CANDIDATE_SURPLUS_PERCENT) / 100)


def candidate_refusals(*, seats: int, votes: list[int], present: int) -> list[Refusal]:
    found = []
    needed = candidates_needed(seats)
    if len(votes) < needed:
        found.append(
            Refusal(
                "candidates",
                "too_few_candidates",
                _(
                    "%(seats)d seats need at least %(needed)d candidates (20 %% more candidates than seats for "
                    "committee members); %(count)d were given."
                )
                % {"seats": seats, "needed": needed, "count": len(votes)},
            )
        )
    if any(count > present for count in votes):
        found.append(
            Refusal(
                "candidates",
                "votes_above_present",
                _("A candidate cannot receive more votes than the %(present)d members present.") % {"present": present},
            )
        )
    return found


def elected_among(candidates: list[tuple[object, int]], *, present: int, seats: int) -> tuple[list, Refusal | None]:
    """Who is elected: a candidate with more than half of the votes of those present [ORGLIFE.md §2],
    the most votes first, up to the seats. Two with the same votes at the last seat are not decided by
    the registry: a refusal asks for another round between them."""
    winners = sorted(
        ((key, votes) for key, votes in candidates if votes * 2 > present), key=lambda pair: pair[1], reverse=True
    )
    if len(winners) > seats and winners[seats - 1][1] == winners[seats][1]:
        return [], Refusal(
            "candidates",
            "tie_at_last_seat",
            _(
                "Two candidates have %(votes)d votes each for the last seat: hold another round between them "
                "and record its result."
            )
            % {"votes": winners[seats][1]},
        )
    return [key for key, _votes in winners[:seats]], None


def election_date_refusals(
    *, held_on: datetime.date, today: datetime.date, approved_on: datetime.date | None = None
) -> list[Refusal]:
    found = []
    if held_on > today:
        found.append(Refusal("held_on", "future", _("The election's date is in the future.")))
    if approved_on is not None:
        if approved_on < held_on:
            found.append(
                Refusal(
                    "secretary_approved_on",
                    "approved_before_election",
                    _("The secretary is approved after the election, not before (%(day)s).")
                    % {"day": held_on.isoformat()},
                )
            )
        elif approved_on > today:
            found.append(Refusal("secretary_approved_on", "future", _("The approval's date is in the future.")))
    return found


def number_order_refusal(
    *, number: int, held_on: datetime.date, others: list[tuple[int, datetime.date]]
) -> Refusal | None:
    """An organization's terms follow one another: a higher 届次 is elected later than a lower one."""
    for other_number, other_day in others:
        if other_number < number and other_day >= held_on:
            message = _("Term %(other)d was elected on %(other_day)s: term %(number)d must be elected after it.")
        elif other_number > number and other_day <= held_on:
            message = _("Term %(other)d was elected on %(other_day)s: term %(number)d must be elected before it.")
        else:
            continue
        return Refusal(
            "number",
            "out_of_order",
            message % {"other": other_number, "other_day": other_day.isoformat(), "number": number},
        )
    return None


# --- posts --------------------------------------------------------------------------------------


def post_dates_refusals(
    *, started_on: datetime.date, ended_on: datetime.date | None, today: datetime.date
) -> list[Refusal]:
    found = []
    if started_on > today:
        found.append(Refusal("started_on", "future", _("The day the post begins is in the future.")))
    if ended_on is not None:
        if ended_on < started_on:
            found.append(
                Refusal(
                    "ended_on",
                    "out_of_order",
                    _("A post ends on or after the day it began (%(day)s).") % {"day": started_on.isoformat()},
                )
            )
        elif ended_on > today:
            found.append(Refusal("ended_on", "future", _("The day the post ended is in the future.")))
    return found


def overlapping(
    first: tuple[datetime.date, datetime.date | None], second: tuple[datetime.date, datetime.date | None]
) -> bool:
    """Whether two periods in office (from the first day, to the day office was left, open when None)
    share a day."""
    (start_a, end_a), (start_b, end_b) = first, second
    return (end_b is None or start_a < end_b) and (end_a is None or start_b < end_a)
