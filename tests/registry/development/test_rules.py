"""The rules of development at their boundaries (docs/lifecycle.md#development), as pure functions."""

import datetime

from registry.development import rules
from tests import factories

TODAY = datetime.date(2026, 11, 27)


def dates(**given):
    return {field: None for field in (*rules.CHAIN, "talked", "approved")} | given


def codes(refusals):
    return [refusal.code for refusal in refusals]


def test_17_years_364_days_old_is_refused_and_18_years_is_accepted():
    birth = datetime.date(2000, 3, 15)
    number = factories.make_id_number(birth=birth)
    day_before = datetime.date(2018, 3, 14)
    refusals = rules.history_refusals(dates(applied=day_before), id_number=number, today=TODAY)
    assert codes(refusals) == ["under_18"]
    assert "2018-03-15" in refusals[0].message
    assert rules.history_refusals(dates(applied=datetime.date(2018, 3, 15)), id_number=number, today=TODAY) == []


def test_born_on_29_february_is_18_on_1_march():
    number = factories.make_id_number(birth=datetime.date(2004, 2, 29))
    assert rules.eighteenth_birthday(number) == datetime.date(2022, 3, 1)


def test_activist_for_one_year_less_a_day_cannot_become_a_target():
    activist = datetime.date(2025, 3, 10)
    refusal = rules.target_refusal(activist, datetime.date(2026, 3, 9))
    assert refusal.code == "target_too_soon" and "2026-03-10" in refusal.message
    assert rules.target_refusal(activist, datetime.date(2026, 3, 10)) is None


def test_full_membership_after_a_year_of_probation_or_the_extension():
    admitted = datetime.date(2025, 2, 1)
    assert rules.full_refusal(admitted, datetime.date(2026, 1, 31)).code == "full_too_soon"
    assert rules.full_refusal(admitted, datetime.date(2026, 2, 1)) is None
    refusal = rules.full_refusal(admitted, datetime.date(2026, 7, 31), extension_months=6)
    assert refusal.code == "full_too_soon" and "2026-08-01" in refusal.message
    assert rules.full_refusal(admitted, datetime.date(2026, 8, 1), extension_months=6) is None


def test_a_ledger_row_is_checked_for_order_missing_stages_and_the_future():
    number = factories.make_id_number(birth=datetime.date(1990, 1, 1))
    out_of_order = rules.history_refusals(
        dates(applied=datetime.date(2024, 5, 1), activist=datetime.date(2024, 2, 1)), id_number=number, today=TODAY
    )
    assert codes(out_of_order) == ["out_of_order"] and "2024-05-01" in out_of_order[0].message
    missing = rules.history_refusals(
        dates(applied=datetime.date(2023, 1, 1), target=datetime.date(2024, 6, 1)), id_number=number, today=TODAY
    )
    assert codes(missing) == ["missing_stage"]
    future = rules.history_refusals(dates(applied=datetime.date(2099, 1, 1)), id_number=number, today=TODAY)
    assert codes(future) == ["future"]
    whole = rules.history_refusals(dates(
        applied=datetime.date(2020, 3, 1), talked=datetime.date(2020, 3, 21), activist=datetime.date(2020, 9, 1),
        target=datetime.date(2021, 10, 1), admitted=datetime.date(2023, 1, 10), approved=datetime.date(2023, 2, 24),
        made_full=datetime.date(2024, 1, 20),
    ), id_number=number, today=TODAY)
    assert whole == []


def test_month_arithmetic_keeps_to_the_month_end():
    assert rules.add_months(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28)
    assert rules.add_months(datetime.date(2026, 1, 31), -2) == datetime.date(2025, 11, 30)


def test_contact_persons_are_one_or_two():
    assert rules.contact_persons_refusal(["甲"]) is None
    assert rules.contact_persons_refusal(["甲", "乙"]) is None
    assert rules.contact_persons_refusal([]).code == "contact_persons"
    assert rules.contact_persons_refusal(["甲", "乙", "丙"]).code == "contact_persons"
