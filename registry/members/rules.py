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
