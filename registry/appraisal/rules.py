"""The rules of the annual appraisal of members (民主评议党员, ORGLIFE.md §3, docs/appraisal.md): pure
functions of the facts they are given, asked by the services (the grading page) and by the
spreadsheet import alike, so that both refuse the same thing with the same code and words.

Sources: ORGLIFE.md §3; 《关于在党内开展民主评议党员的意见》 (中组部, 1988: the steps — 学习教育, 自我
评价, 民主评议, 组织考察 — and the grades' meaning); 《中国共产党党员教育管理工作条例》 (2019, "教育条例":
the branch appraises its members once a year; probationary members take part without a grade; a
member found 不合格 is dealt with by 限期改正, 劝退 or 除名); LIFECYCLE.md §2 (劝退, 劝而不退除名 and
自行脱党除名 are departures, decided only where membership is held).
"""

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registry.members.rules import not_held_here_message

# The grades (评议等次), best first [ORGLIFE.md §3].
EXCELLENT, QUALIFIED, BASICALLY_QUALIFIED, UNQUALIFIED = "excellent", "qualified", "basically_qualified", "unqualified"
GRADES = (
    EXCELLENT,
    QUALIFIED,
    BASICALLY_QUALIFIED,
    UNQUALIFIED,
)  # AppraisalResult.Grade: 优秀 · 合格 · 基本合格 · 不合格
NOT_GRADED = "not_graded"  # a participant without a grade: a probationary member (or one not yet decided)

# What is done with a member graded 不合格 (组织处置) [教育条例; ORGLIFE.md §3]: correction within a
# deadline, or one of three departures (LIFECYCLE.md §2), each recorded as the movement of that kind.
CORRECTION = "correction"  # 限期改正
PERSUADED, PERSUASION_REFUSED, LAPSED = (
    "persuaded",
    "persuasion_refused",
    "lapsed",
)  # 劝退 · 劝而不退除名 · 自行脱党除名
DEPARTURES = (PERSUADED, PERSUASION_REFUSED, LAPSED)  # each the Movement.Kind of the same name

# A round is held by a branch (any organization but a party group, whose members are appraised in
# their branch) [ORGLIFE.md §3: "once a year per branch"].
PARTY_GROUP = "party_group"


@dataclass(frozen=True)
class Refusal:
    field: str  # the field (a row's column) the refusal is about; "" for the whole round
    code: str  # stable, for programs and the import's error column (docs/spreadsheets.md#appraisal-columns)
    message: str


def excellent_share() -> Fraction:
    """The largest share of 优秀 among the members graded: settings.REGISTRY_APPRAISAL_EXCELLENT_SHARE,
    "1/3" by default [ORGLIFE.md §3: "at most a third"], read exactly ("1/3", "0.3", "30%")."""
    text = str(getattr(settings, "REGISTRY_APPRAISAL_EXCELLENT_SHARE", "1/3")).strip()
    share = Fraction(text[:-1]) / 100 if text.endswith("%") else Fraction(text)
    return min(max(share, Fraction(0)), Fraction(1))


def excellent_cap(graded: int, share: Fraction | None = None) -> int:
    """How many of `graded` members may be 优秀: the share of them, rounded down (a third of 9 is 3,
    of 10 still 3, of 2 none) — "at most" never rounds up."""
    share = excellent_share() if share is None else share
    return int(graded * share)  # Fraction × int: exact, int() truncates towards zero (never negative here)


def excellent_over_cap(*, excellent: int, graded: int) -> Refusal | None:
    """`excellent_over_third` when more than the share of the members graded are 优秀. The members
    graded are the full members taking part: probationary members take part without a grade and do
    not count (ORGLIFE.md §3)."""
    cap = excellent_cap(graded)
    if excellent <= cap:
        return None
    share = excellent_share()
    return Refusal(
        "grade",
        "excellent_over_third",
        ngettext(
            "%(excellent)d member is graded excellent, but at most %(cap)d of the %(graded)d full members taking "
            "part may be (%(share)s of them, rounded down): grade the others qualified.",
            "%(excellent)d members are graded excellent, but at most %(cap)d of the %(graded)d full members taking "
            "part may be (%(share)s of them, rounded down): grade the others qualified.",
            excellent,
        )
        % {"excellent": excellent, "cap": cap, "graded": graded, "share": _share_text(share)},
    )


def _share_text(share: Fraction) -> str:
    return f"{share.numerator}/{share.denominator}" if share.denominator != 1 else str(share.numerator)


def probationary_on(*, status: str, made_full: datetime.date | None, day: datetime.date) -> bool:
    """Whether a member was probationary on `day` (the round's decision, or the end of its year):
    probationary now, or made full only after that day (an old round imported later)."""
    return status == "probationary" or (made_full is not None and made_full > day)


def round_day(*, year: int, decided_on: datetime.date | None, today: datetime.date) -> datetime.date:
    """The day a round's facts are read on: its decision when recorded, else the end of its year (or
    today, for the year under way)."""
    return decided_on or min(datetime.date(year, 12, 31), today)


@dataclass(frozen=True)
class Person:
    """What the rules need of a member taking part in a round."""

    name: str
    probationary: bool  # on the round's day (probationary_on)
    held_here: bool  # membership held here (self-managed): a departure is ours to decide
    category_label: str = ""
    origin_organization: str = ""


def result_refusals(
    person: Person,
    *,
    grade: str,
    outcome: str,
    deadline: datetime.date | None,
    decided_on: datetime.date | None,
    departure_recorded: bool = False,
) -> list[Refusal]:
    """What forbids recording this result: a grade for a probationary member, an outcome without
    不合格, 限期改正 without its deadline (or a deadline without it), and a departure for a member whose
    membership is held elsewhere or in a round without its decision day."""
    names = {"name": person.name}
    found = []
    if grade and person.probationary:
        found.append(
            Refusal(
                "grade",
                "probationary_graded",
                _(
                    "%(name)s is a probationary member: probationary members take part in the appraisal but get "
                    "no grade. Leave the grade empty."
                )
                % names,
            )
        )
    if outcome and grade != UNQUALIFIED:
        found.append(
            Refusal(
                "outcome",
                "outcome_without_unqualified",
                _("Only a member graded unqualified is dealt with (%(name)s): leave the outcome empty.") % names,
            )
        )
    if outcome == CORRECTION and deadline is None:
        found.append(
            Refusal(
                "deadline",
                "deadline_required",
                _("Correction within a deadline needs its deadline: give the day by which %(name)s is to correct.")
                % names,
            )
        )
    if deadline is not None and outcome != CORRECTION:
        found.append(
            Refusal(
                "deadline",
                "deadline_without_correction",
                _("A deadline belongs to correction within a deadline only: leave it empty for %(name)s.") % names,
            )
        )
    if deadline is not None and decided_on is not None and deadline <= decided_on:
        found.append(
            Refusal(
                "deadline",
                "deadline_before_decision",
                _("The deadline must come after the branch's decision of %(day)s.") % {"day": decided_on.isoformat()},
            )
        )
    if outcome in DEPARTURES and not departure_recorded:
        if not person.held_here:
            # LIFECYCLE.md §2: leaving the party is decided where membership is held (as the movements refuse it)
            found.append(
                Refusal(
                    "outcome",
                    "not_held_here",
                    not_held_here_message(
                        name=person.name,
                        category=person.category_label,
                        origin=person.origin_organization,
                        what=_("whether they leave the party"),
                    ),
                )
            )
        elif decided_on is None:
            found.append(
                Refusal(
                    "outcome",
                    "decision_day_required",
                    _(
                        "%(name)s leaves the party on the day the branch decided: record the round's decision day "
                        "first (or record the departure on the member's page)."
                    )
                    % names,
                )
            )
    return found


def round_refusals(
    *,
    organization_level: str,
    year: int,
    study_on: datetime.date | None,
    self_assessment_on: datetime.date | None,
    vote_on: datetime.date | None,
    decided_on: datetime.date | None,
    today: datetime.date,
) -> list[Refusal]:
    """A round is a branch's (not a party group's), for a year not after this one; its steps come in
    order — study, self-assessment, the members' vote, the branch's decision — within the year or
    the first months of the next (an appraisal of 2025 is often held in January 2026), none in the future."""
    found = []
    if organization_level == PARTY_GROUP:
        found.append(
            Refusal(
                "organization",
                "organization_cannot_appraise",
                _("A party group's members are appraised in their branch: hold the round in the branch."),
            )
        )
    if year > today.year:
        found.append(
            Refusal("year", "future_year", _("The appraisal of %(year)d cannot be held yet.") % {"year": year})
        )
    steps = [
        ("study_on", study_on),
        ("self_assessment_on", self_assessment_on),
        ("vote_on", vote_on),
        ("decided_on", decided_on),
    ]
    for field, day in steps:
        if day is None:
            continue
        if day > today:
            found.append(Refusal(field, "future_date", _("This day is after today: record a step once it is done.")))
        elif day.year not in (year, year + 1):
            found.append(
                Refusal(
                    field,
                    "date_outside_year",
                    _("The appraisal of %(year)d is held in %(year)d or early in %(next)d, not on %(day)s.")
                    % {"year": year, "next": year + 1, "day": day.isoformat()},
                )
            )
    given = [(field, day) for field, day in steps if day is not None]
    for (_earlier_field, earlier), (field, day) in zip(given, given[1:], strict=False):
        if day < earlier:
            found.append(
                Refusal(
                    field,
                    "steps_out_of_order",
                    _("The steps come in order (study, self-assessment, vote, decision): this one is before %(day)s.")
                    % {"day": earlier.isoformat()},
                )
            )
    return found
