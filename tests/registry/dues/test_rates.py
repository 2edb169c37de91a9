"""The table of what is due, range splitting to the fen, months unpaid, typed months and amounts."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest

from registry.dues import months
from registry.dues.amounts import AmountError, parse_amount
from registry.dues.rates import monthly_due, split
from registry.models import DuesBasis

Kind = DuesBasis.Kind
D = Decimal


@pytest.mark.parametrize(
    "kind, base, due",
    [
        (Kind.IN_WORK, "0.00", "0.00"),
        (Kind.IN_WORK, "2000.00", "10.00"),
        (Kind.IN_WORK, "3000.00", "15.00"),  # up to 3,000 inclusive: 0.5 %
        (Kind.IN_WORK, "3000.01", "30.00"),  # over 3,000: 1 %
        (Kind.IN_WORK, "5000.00", "50.00"),  # up to 5,000 inclusive: 1 %
        (Kind.IN_WORK, "5000.01", "75.00"),  # over 5,000: 1.5 %
        (Kind.IN_WORK, "10000.00", "150.00"),  # up to 10,000 inclusive: 1.5 %
        (Kind.IN_WORK, "10000.01", "200.00"),  # over 10,000: 2 %
        (Kind.IN_WORK, "3333.33", "33.33"),
        (Kind.IN_WORK, "2999.99", "15.00"),  # 14.99995 to the fen, half up
        (Kind.RETIRED, "5000.00", "25.00"),  # retired up to 5,000 inclusive: 0.5 %
        (Kind.RETIRED, "5000.01", "50.00"),  # over 5,000: 1 %
        (Kind.STUDENT, None, "0.20"),
        (Kind.UNEMPLOYED, None, "0.20"),
        (Kind.MINIMUM_ALLOWANCE, "800.00", "0.20"),
    ],
)
def test_the_rate_table_at_every_boundary(kind, base, due):
    result = monthly_due(kind, D(base) if base is not None else None)
    assert result == D(due) and isinstance(result, Decimal) and result.as_tuple().exponent == -2


def test_in_work_without_a_base_has_no_due_and_floats_are_refused():
    assert monthly_due(Kind.IN_WORK, None) is None
    with pytest.raises(TypeError):
        monthly_due(Kind.IN_WORK, 3000.0)


@pytest.mark.parametrize(
    "total, count, parts",
    [
        ("10.00", 3, ["3.33", "3.33", "3.34"]),
        ("30.00", 3, ["10.00", "10.00", "10.00"]),
        ("100.00", 12, ["8.33"] * 11 + ["8.37"]),
        ("0.01", 3, ["0.00", "0.00", "0.01"]),
        ("12.50", 1, ["12.50"]),
    ],
)
def test_a_range_is_split_to_the_fen_and_adds_up(total, count, parts):
    result = split(D(total), count)
    assert result == [D(part) for part in parts]
    assert sum(result) == D(total)


@pytest.mark.parametrize(
    "paid_through, today, unpaid",
    [
        (datetime.date(2026, 10, 1), datetime.date(2026, 11, 27), 0),  # paid through October, now November
        (datetime.date(2026, 8, 1), datetime.date(2026, 11, 1), 2),  # the doc's example
        (datetime.date(2026, 12, 1), datetime.date(2026, 11, 1), 0),  # paid ahead
        (datetime.date(2025, 11, 1), datetime.date(2026, 2, 15), 2),  # across a year end: Dec, Jan
        (datetime.date(2025, 10, 1), datetime.date(2026, 2, 15), 3),  # Nov, Dec, Jan: the reminder list
        (datetime.date(2025, 7, 1), datetime.date(2026, 2, 1), 6),  # Aug … Jan: the list to decide on
        (datetime.date(2025, 12, 1), datetime.date(2026, 1, 31), 0),
        (None, datetime.date(2026, 1, 1), None),
    ],
)
def test_months_unpaid_across_a_year_end(paid_through, today, unpaid):
    assert months.months_unpaid(paid_through, today) == unpaid


@pytest.mark.parametrize(
    "unpaid, reminder, decide",
    [(None, False, False), (0, False, False), (2, False, False), (3, True, False), (6, True, True)],
)
def test_the_pages_ask_months_py_which_list_a_member_is_on(unpaid, reminder, decide):
    """The member's dues section and the month sheet read the thresholds from months.py (3 and 6
    months), not from numbers written into their templates."""
    assert months.on_reminder_list(unpaid) is reminder and months.for_the_branch_to_decide(unpaid) is decide
    templates = Path(__file__).resolve().parents[3] / "templates" / "registry" / "dues"
    for path in templates.rglob("*.html"):
        assert not re.search(r"months_unpaid\s*>=", path.read_text()), path


def test_the_list_conditions_agree_with_months_unpaid(db):
    from registry.models import Member
    from tests import factories

    tree_org = factories.make_organization("测试支部")
    today = datetime.date(2026, 2, 15)
    members = {
        gap: factories.make_member(tree_org, dues_paid_through=months.add(datetime.date(2026, 1, 1), -gap))
        for gap in range(9)
    }
    for gap, member in members.items():
        unpaid = months.months_unpaid(member.dues_paid_through, today)
        assert unpaid == gap
        queryset = Member.objects.filter(pk=member.pk)
        assert queryset.filter(months.unpaid_at_least(3, today)).exists() == (unpaid >= 3)
        assert queryset.filter(months.unpaid_at_least(6, today)).exists() == (unpaid >= 6)
        assert queryset.filter(months.paid_up(today)).exists() == (unpaid == 0)


@pytest.mark.parametrize(
    "text, first, last",
    [
        ("2026-03", (2026, 3), (2026, 3)),
        ("2026.3", (2026, 3), (2026, 3)),
        ("2026年3月", (2026, 3), (2026, 3)),
        ("２０２６年３月", (2026, 3), (2026, 3)),
        ("2026.1-2026.3", (2026, 1), (2026, 3)),
        ("2026年1-3月", (2026, 1), (2026, 3)),
        ("2026年1月至3月", (2026, 1), (2026, 3)),
        ("2026年4-6月", (2026, 4), (2026, 6)),
    ],
)
def test_typed_months_and_ranges(text, first, last):
    assert months.parse_months(text) == (datetime.date(*first, 1), datetime.date(*last, 1))


@pytest.mark.parametrize(
    "text, code",
    [
        ("2025.11-2026.2", "range_across_years"),
        ("2026年3-1月", "range_order"),
        ("三月", "month_format"),
        ("2026-13", "month_format"),
    ],
)
def test_bad_months(text, code):
    with pytest.raises(months.MonthError) as error:
        months.parse_months(text)
    assert error.value.code == code


@pytest.mark.parametrize(
    "raw, value",
    [
        ("10", "10.00"),
        ("12.5", "12.50"),
        ("12.50元", "12.50"),
        ("¥1,200.00", "1200.00"),
        ("１２.５", "12.50"),
        (12.5, "12.50"),
        (10, "10.00"),
        (0.1, "0.10"),
        (Decimal("7.7"), "7.70"),
    ],
)
def test_amounts_are_exact_decimals(raw, value):
    result = parse_amount(raw)
    assert result == Decimal(value) and str(result) == value


@pytest.mark.parametrize(
    "raw, code",
    [
        ("-5", "negative_amount"),
        (-5, "negative_amount"),
        ("待定", "bad_amount"),
        ("12.345", "bad_amount"),
        ("", "bad_amount"),
        (True, "bad_amount"),
    ],
)
def test_bad_amounts(raw, code):
    with pytest.raises(AmountError) as error:
        parse_amount(raw)
    assert error.value.code == code
