"""What is due (应交): the national table, to the fen, boundaries inclusive as written
(docs/lifecycle.md#dues-due, [党费规定]). The one place that knows it.

    | in work | up to 3,000 (inclusive)      | 0.5 % |
    | in work | over 3,000, up to 5,000      | 1 %   |
    | in work | over 5,000, up to 10,000     | 1.5 % |
    | in work | over 10,000                  | 2 %   |
    | retired | up to 5,000                  | 0.5 % |
    | retired | over 5,000                   | 1 %   |
    | student, unemployed, on minimum living allowance | 0.2 yuan a month |
    | living on a pension for the disabled or on relief | 0.2 yuan a month |
    | farmer | a fixed 0.2 to 1 yuan a month (REGISTRY_DUES_FARMER_MONTHLY, default 0.2) |
    | self-employed: the last quarter's average monthly net income | as in work |
    | annual salary: the month's actual pay | as in work |

A reduction or an exemption approved by the higher committee replaces what is due for the months
it covers (`due_under`). Amounts are Decimals all the way: never a float.
"""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from registry.models import DuesBasis, DuesReduction

FEN = Decimal("0.01")
Kind = DuesBasis.Kind

# (upper bound inclusive, or None for "over the last bound"; share of the monthly base)
SHARES: dict[str, tuple[tuple[Decimal | None, Decimal], ...]] = {
    Kind.IN_WORK: (
        (Decimal("3000"), Decimal("0.005")),
        (Decimal("5000"), Decimal("0.01")),
        (Decimal("10000"), Decimal("0.015")),
        (None, Decimal("0.02")),
    ),
    Kind.RETIRED: (
        (Decimal("5000"), Decimal("0.005")),
        (None, Decimal("0.01")),
    ),
}
SHARES[Kind.SELF_EMPLOYED] = SHARES[Kind.ANNUAL_SALARY] = SHARES[Kind.IN_WORK]
FLAT = {
    Kind.STUDENT: Decimal("0.20"),
    Kind.UNEMPLOYED: Decimal("0.20"),
    Kind.MINIMUM_ALLOWANCE: Decimal("0.20"),
    Kind.RELIEF: Decimal("0.20"),
}
FARMER_RANGE = (Decimal("0.20"), Decimal("1.00"))  # 农民党员每月交纳党费0.2元至1元 [党费规定]


def farmer_monthly() -> Decimal:
    """A farmer's fixed monthly dues: the setting, checked against the national range."""
    value = Decimal(str(settings.REGISTRY_DUES_FARMER_MONTHLY)).quantize(FEN)
    if not FARMER_RANGE[0] <= value <= FARMER_RANGE[1]:
        raise ImproperlyConfigured("REGISTRY_DUES_FARMER_MONTHLY must be from 0.20 to 1.00 yuan")
    return value


def share_for(kind: str, monthly_base: Decimal) -> Decimal:
    for upper, share in SHARES[kind]:
        if upper is None or monthly_base <= upper:
            return share
    raise AssertionError("the last bound is open")


def monthly_due(kind: str, monthly_base: Decimal | None) -> Decimal | None:
    """The monthly amount due, to the fen (half up); None when it cannot be worked out (a
    member in work or retired whose monthly base is not recorded)."""
    if kind in FLAT:
        return FLAT[kind]
    if kind == Kind.FARMER:
        return farmer_monthly()
    if monthly_base is None:
        return None
    if not isinstance(monthly_base, Decimal):
        raise TypeError("monthly_base must be a Decimal")
    return (monthly_base * share_for(kind, monthly_base)).quantize(FEN, rounding=ROUND_HALF_UP)


def due_under(reduction: DuesReduction | None, due: Decimal | None) -> Decimal | None:
    """What is due in a month that a reduction (its amount) or an exemption (nothing) covers."""
    if reduction is None:
        return due
    if reduction.kind == DuesReduction.Kind.EXEMPT:
        return Decimal("0.00")
    return reduction.monthly_amount


def split(total: Decimal, count: int) -> list[Decimal]:
    """A range's amount split evenly over its months, to the fen, any remainder on the last
    month (docs/spreadsheets.md#dues-columns): 10.00 over 3 → 3.33, 3.33, 3.34. The parts add up
    to `total` exactly."""
    if count < 1:
        raise ValueError("count must be at least 1")
    part = (total / count).quantize(FEN, rounding=ROUND_DOWN)
    return [part] * (count - 1) + [total - part * (count - 1)]
