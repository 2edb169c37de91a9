"""Rules of the roster that hold however a member arrives — the member form, the check-in form and
the member import all go through Member.clean(), which asks here (docs/lifecycle.md#roster-age).

Ages are counted with the registry's one rule for periods (registry.development.rules.add_years):
someone born on 29 February is 18 on 1 March.
"""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from registry.development.rules import ADULT_AGE, add_years


def joined_under_18_error(
    *, birth: datetime.date | None, joined: datetime.date | None, month_only: bool
) -> ValidationError | None:
    """入党时间 on or after the 18th birthday [党章 art. 1: 年满十八岁]. A 入党时间 known to the month only
    is refused only when the whole month is before the birthday."""
    if birth is None or joined is None:
        return None
    adult = add_years(birth, ADULT_AGE)
    latest = joined.replace(day=calendar.monthrange(joined.year, joined.month)[1]) if month_only else joined
    if latest >= adult:
        return None
    return ValidationError(
        _(
            "入党时间 %(joined)s is before the 18th birthday: a member joins at 18 or older, so by the birth date "
            "(%(birth)s) 入党时间 may be %(date)s or later."
        )
        % {
            "joined": joined.strftime("%Y-%m") if month_only else joined.isoformat(),
            "birth": birth.isoformat(),
            "date": adult.isoformat(),
        },
        code="joined_under_18",
    )


# --- discipline: what 留党察看 takes away (docs/lifecycle.md#discipline) -------------------------


def probation_on(member, on: datetime.date):
    """The 留党察看 record in force on `on`, or None: decided on or before that day, its term (1 or 2
    years) not yet over — the rights come back by themselves on its `ends_on`. Reads
    `member.disciplines.all()`, so a list of members prefetches them."""
    for record in member.disciplines.all():
        if (
            record.kind == record.Kind.PROBATION
            and record.date <= on
            and (record.ends_on is None or on < record.ends_on)
        ):
            return record
    return None


def under_probation_of_rights(member, on: datetime.date) -> bool:
    """Whether `member` is under 留党察看 (probation within the party) on `on` [党章 art. 41: 留党察看最长不超过
    两年。党员在留党察看期间没有表决权、选举权和被选举权; 纪律处分条例 art. 11: one year or two, the
    rights restored when the term ends]. So on that day the member has no vote (at the branch meeting,
    in an election), cannot be elected, and cannot introduce anyone nor be a contact person [细则: an
    introducer is a full member with a full member's rights] — until the term ends, when the rights
    come back by themselves (docs/lifecycle.md#discipline)."""
    return probation_on(member, on) is not None


def held_here(member) -> bool:
    """Whether the member's membership (组织关系) is held here: self-managed members only. Leaving the
    party, suspension and discipline are decided where membership is held; for a registered mobile or
    shown-identity member we report to their home organization (docs/lifecycle.md#left-the-party)."""
    return member.category == member.Category.SELF_MANAGED


def not_held_here_message(*, name: str, category: str, origin: str, what: str) -> str:
    """The sentence of refusal `not_held_here` (docs/lifecycle.md#left-the-party): `what` ("leaving
    the party", "a suspension", "discipline") is decided by the organization holding the membership."""
    return _(
        "%(name)s's membership is held by their home organization (%(category)s, %(origin)s), which alone decides "
        "%(what)s: record a report to the home organization instead, or first record the transfer of their "
        "membership here."
    ) % {"name": name, "category": category, "origin": origin or _("home organization not recorded"), "what": what}
