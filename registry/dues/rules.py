"""The rules of the dues ledger (docs/lifecycle.md#dues) that every way in shares — the month
sheet, a payment, the member form, the dues import, the roster import: which months may be paid
for, which amounts may be written, how a typed 党费交至 may move. Each is a pure function of the
facts it is given, answering None or the sentence that says why not; the services and the
importers ask it before they write. (What is due is `rates.py`; the months, and the 3- and 6-month
thresholds, are `months.py`.)"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from registry.dues import months as dues_months


def month_problem(
    month: datetime.date, *, joined: datetime.date | None, as_of: datetime.date | None = None
) -> tuple[str, str] | None:
    """(code, sentence) when `month` may not be paid for, else None: more than 12 months after
    the current one, or before the month the member joined the party."""
    if month > dues_months.latest_allowed(as_of):
        return "too_far_ahead", _(
            "%(month)s is more than 12 months after the current month: dues can be paid at most 12 months "
            "ahead. Check the year."
        ) % {"month": dues_months.format_month(month)}
    if joined is not None and month < dues_months.first_of(joined):
        return "before_joined", _(
            "%(month)s is before the member joined the party (%(joined)s): no dues were due then. Check the "
            "month or the member's date of joining."
        ) % {"month": dues_months.format_month(month), "joined": dues_months.format_month(joined)}
    return None


def amount_problem(amount) -> str | None:
    if amount is None:
        return None
    if not isinstance(amount, Decimal):
        raise TypeError("amounts are Decimals")
    if amount < 0:
        return _("The amount cannot be negative. Write the amount received, such as 12.50.")
    return None


def declared_month_problem(*, current: datetime.date | None, typed: datetime.date | None) -> str | None:
    """A 党费交至 typed or imported for a member whose ledger already ends at `current`: it may
    move 党费交至 forward (a declared entry), never back nor to nothing — the ledger says more."""
    if typed is None:
        if current is None:
            return None
        return _(
            "Dues paid through comes from the dues ledger (%(month)s) and cannot be cleared here. To correct "
            "it, delete entries in the ledger on the member's page."
        ) % {"month": dues_months.format_month(current)}
    if current is not None and dues_months.first_of(typed) < current:
        return _(
            "The dues ledger already shows dues paid through %(month)s; dues paid through cannot be earlier. "
            "To correct the ledger, delete entries on the member's page."
        ) % {"month": dues_months.format_month(current)}
    return None
