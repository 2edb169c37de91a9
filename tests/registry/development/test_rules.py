"""The rules of development at their boundaries (docs/lifecycle.md#development), as pure functions."""

import datetime

from registry.development import rules
from tests import factories

TODAY = datetime.date(2026, 11, 27)


def dates(**given):
    return dict.fromkeys((*rules.CHAIN, "talked", "approved")) | given


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
    # 18 months from 31 August end on 1 March, not on 28 February (issue 22: add_months clamped).
    refusal = rules.full_refusal(datetime.date(2023, 8, 31), datetime.date(2025, 2, 28), extension_months=6)
    assert refusal.code == "full_too_soon" and "2025-03-01" in refusal.message


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
    whole = rules.history_refusals(
        dates(
            applied=datetime.date(2020, 3, 1),
            talked=datetime.date(2020, 3, 21),
            activist=datetime.date(2020, 9, 1),
            target=datetime.date(2021, 10, 1),
            admitted=datetime.date(2023, 1, 10),
            approved=datetime.date(2023, 2, 24),
            made_full=datetime.date(2024, 1, 10),
        ),
        id_number=number,
        today=TODAY,
    )
    assert whole == []


def test_adding_months_never_shortens_a_period_as_adding_years_never_does():
    """One rule for months and years (issue 22): a day the target month lacks moves to the first of
    the next month; clamping to the month's end made 18 months from 31 August end on 28 February."""
    assert rules.add_months(datetime.date(2023, 8, 31), 18) == datetime.date(2025, 3, 1)
    assert rules.add_months(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 3, 1)
    assert (
        rules.add_months(datetime.date(2024, 2, 29), 12)
        == rules.add_years(datetime.date(2024, 2, 29), 1)
        == datetime.date(2025, 3, 1)
    )
    assert rules.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 3, 1)
    assert rules.add_months(datetime.date(2026, 1, 15), -2) == datetime.date(2025, 11, 15)


def test_the_inverse_of_adding_months_is_exact_at_month_ends():
    # The latest admission whose year of probation has ended by 2026-02-28, and the earliest ending
    # on 2026-03-01 or later.
    assert rules.latest_start(datetime.date(2026, 2, 28), 12) == datetime.date(2025, 2, 28)
    assert rules.earliest_start(datetime.date(2026, 3, 1), 6) == datetime.date(2025, 8, 29)
    assert rules.add_months(datetime.date(2025, 8, 29), 6) == datetime.date(2026, 3, 1)


def test_the_end_of_probation_is_admission_plus_a_year_and_the_extension():
    assert rules.end_of_probation(datetime.date(2025, 10, 27)) == datetime.date(2026, 10, 27)
    assert rules.end_of_probation(datetime.date(2023, 8, 31), 6) == datetime.date(2025, 3, 1)
    assert rules.end_of_probation(datetime.date(2024, 2, 29), 6) == datetime.date(2025, 8, 29)


def test_a_ledger_made_full_on_the_decision_day_is_refused_naming_the_end_of_probation():
    number = factories.make_id_number(birth=datetime.date(1990, 1, 1))
    path = {
        "applied": datetime.date(2021, 3, 1),
        "activist": datetime.date(2021, 9, 1),
        "target": datetime.date(2022, 10, 1),
        "admitted": datetime.date(2024, 10, 27),
    }
    refusals = rules.history_refusals(
        dates(**path, made_full=datetime.date(2025, 12, 6)), id_number=number, today=TODAY
    )
    assert codes(refusals) == ["full_not_end_of_probation"] and "2025-10-27" in refusals[0].message
    assert (
        rules.history_refusals(dates(**path, made_full=datetime.date(2025, 10, 27)), id_number=number, today=TODAY)
        == []
    )
    extended = rules.history_refusals(
        dates(**path, made_full=datetime.date(2025, 10, 27)), id_number=number, today=TODAY, extension_months=6
    )
    assert codes(extended) == ["full_not_end_of_probation"] and "2026-04-27" in extended[0].message


def test_an_extension_outside_6_to_12_months_is_refused_in_a_ledger_row():
    number = factories.make_id_number(birth=datetime.date(1990, 1, 1))
    path = dates(
        applied=datetime.date(2021, 3, 1),
        activist=datetime.date(2021, 9, 1),
        target=datetime.date(2022, 10, 1),
        admitted=datetime.date(2024, 10, 27),
    )
    for months in (5, 13):
        refusals = rules.history_refusals(path, id_number=number, today=TODAY, extension_months=months)
        assert codes(refusals) == ["extension_length"] and refusals[0].field == "probation_extension_months"
    assert rules.history_refusals(path, id_number=number, today=TODAY, extension_months=12) == []


def test_contact_persons_are_one_or_two():
    assert rules.contact_persons_refusal(["甲"]) is None
    assert rules.contact_persons_refusal(["甲", "乙"]) is None
    assert rules.contact_persons_refusal([]).code == "contact_persons"
    assert rules.contact_persons_refusal(["甲", "乙", "丙"]).code == "contact_persons"


def test_the_vote_is_carried_by_more_than_half_of_those_with_a_vote():
    """细则 art. 20–21: more than half of those with a vote present, more than half of them for."""
    assert rules.vote_refusals(9, 5, 5) == [] and rules.vote_refusals(10, 6, 6) == []
    assert codes(rules.vote_refusals(9, 4, 5)) == ["vote_not_carried"]  # 4 of 9 present
    assert codes(rules.vote_refusals(10, 5, 6)) == ["vote_not_carried"]  # half present is not more than half
    assert codes(rules.vote_refusals(10, 10, 5)) == ["vote_not_carried"]  # half for is not more than half
    assert codes(rules.vote_refusals(9, 5, 4)) == ["vote_not_carried"]  # not more than half of those with a vote
    assert rules.vote_refusals(9, 5, 6) == []  # a written opinion counts among the votes [细则 art. 21]
    assert codes(rules.vote_refusals(9, 10, 5)) == ["vote_counts"]
    assert codes(rules.vote_refusals(0, 0, 0)) == ["vote_not_carried"]
    assert codes(rules.vote_refusals(9, None, 5)) == ["vote_counts"]


def test_the_steps_around_admission_on_a_ledger_row_are_optional_and_in_order():
    number = factories.make_id_number(birth=datetime.date(1990, 1, 1))
    path = dates(
        applied=datetime.date(2021, 1, 5),
        activist=datetime.date(2021, 3, 1),
        target=datetime.date(2022, 6, 1),
        admitted=datetime.date(2022, 10, 10),
    )

    def check(**given):
        return rules.history_refusals({**path, **given}, id_number=number, today=TODAY)

    assert check() == []
    assert check(pre_reviewed_on=datetime.date(2022, 9, 1), oath_on=datetime.date(2022, 12, 1)) == []
    # the admission on or after the nearest earlier step given: the pre-review (no application form's day)
    refusals = check(pre_reviewed_on=datetime.date(2022, 10, 11))
    assert codes(refusals) == ["out_of_order"] and "2022-10-11" in refusals[0].message
    assert codes(check(political_review_on=datetime.date(2022, 5, 31))) == ["out_of_order"]  # before the target
    assert codes(check(committee_talk_on=datetime.date(2022, 12, 2), approved=datetime.date(2022, 12, 1))) == [
        "out_of_order"
    ]
    # an extension is decided when the year ends, approved after; cancelled and full are not both
    assert codes(check(probation_extended_on=datetime.date(2023, 10, 9))) == ["extension_too_soon", "missing_stage"]
    refusals = rules.history_refusals(
        {**path, "probation_extended_on": datetime.date(2023, 10, 9)}, id_number=number, today=TODAY, extension_months=6
    )
    assert codes(refusals) == ["extension_too_soon"] and "2023-10-10" in refusals[0].message
    assert codes(check(made_full=datetime.date(2023, 10, 10), cancelled_on=datetime.date(2023, 11, 1))) == [
        "cancelled_and_full"
    ]
    assert codes(rules.history_refusals(path, id_number=number, today=TODAY, training_hours=23)) == ["training_hours"]
    assert codes(rules.history_refusals(path, id_number=number, today=TODAY, vote=(9, 4, 4))) == [
        "vote_not_carried",
        "vote_not_carried",
    ]


def test_a_step_in_the_registry_needs_the_steps_before_it():
    target = datetime.date(2025, 1, 10)
    refusals = rules.step_refusals("pre_reviewed_on", datetime.date(2025, 3, 1), {"target": target})
    assert codes(refusals) == ["missing_step", "missing_step"]
    recorded = {"political_review_on": datetime.date(2025, 2, 1), "training_completed_on": datetime.date(2025, 2, 20)}
    refusals = rules.step_refusals("pre_reviewed_on", datetime.date(2025, 2, 19), recorded)
    assert codes(refusals) == ["out_of_order"] and "2025-02-20" in refusals[0].message
    assert rules.step_refusals("pre_reviewed_on", datetime.date(2025, 2, 20), recorded) == []
