"""The appraisal's rules (docs/appraisal.md#rules): the one-third cap on 优秀, rounded down and read from
the setting; who is probationary on the round's day; what a result may not be; a round's days."""

import datetime

import pytest

from registry.appraisal import rules


@pytest.mark.parametrize(
    ("graded", "cap"), [(0, 0), (1, 0), (2, 0), (3, 1), (5, 1), (6, 2), (9, 3), (10, 3), (11, 3), (12, 4)]
)
def test_at_most_a_third_rounded_down(graded, cap):
    assert rules.excellent_cap(graded) == cap


def test_exactly_a_third_is_allowed_and_one_more_is_refused():
    assert rules.excellent_over_cap(excellent=3, graded=9) is None
    refusal = rules.excellent_over_cap(excellent=4, graded=9)
    assert refusal.code == "excellent_over_third"
    assert "3" in refusal.message and "9" in refusal.message
    assert rules.excellent_over_cap(excellent=1, graded=2).code == "excellent_over_third"  # a third of 2 is none


@pytest.mark.parametrize(("setting", "graded", "cap"), [("1/4", 8, 2), ("0.5", 5, 2), ("30%", 10, 3), ("1", 4, 4)])
def test_the_share_is_a_setting(settings, setting, graded, cap):
    settings.REGISTRY_APPRAISAL_EXCELLENT_SHARE = setting
    assert rules.excellent_cap(graded) == cap


def test_a_member_made_full_after_the_round_was_probationary_in_it():
    day = datetime.date(2025, 12, 20)
    assert rules.probationary_on(status="probationary", made_full=None, day=day)
    assert rules.probationary_on(status="full", made_full=datetime.date(2026, 3, 1), day=day)
    assert not rules.probationary_on(status="full", made_full=datetime.date(2025, 3, 1), day=day)
    assert not rules.probationary_on(status="full", made_full=None, day=day)


def person(**extra):
    return rules.Person(**{"name": "王芳", "probationary": False, "held_here": True, **extra})


def codes(found):
    return {refusal.code for refusal in found}


def test_what_a_result_may_not_be():
    decided = datetime.date(2025, 12, 20)
    check = rules.result_refusals
    assert codes(
        check(person(probationary=True), grade="qualified", outcome="", deadline=None, decided_on=decided)
    ) == {"probationary_graded"}
    assert check(person(probationary=True), grade="", outcome="", deadline=None, decided_on=decided) == []
    assert codes(check(person(), grade="qualified", outcome="correction", deadline=None, decided_on=decided)) == {
        "outcome_without_unqualified",
        "deadline_required",
    }
    assert codes(check(person(), grade="unqualified", outcome="", deadline=decided, decided_on=decided)) == {
        "deadline_without_correction",
        "deadline_before_decision",
    }
    assert (
        check(
            person(), grade="unqualified", outcome="correction", deadline=datetime.date(2026, 3, 31), decided_on=decided
        )
        == []
    )
    assert codes(
        check(person(held_here=False), grade="unqualified", outcome="persuaded", deadline=None, decided_on=decided)
    ) == {"not_held_here"}
    assert codes(check(person(), grade="unqualified", outcome="lapsed", deadline=None, decided_on=None)) == {
        "decision_day_required"
    }
    assert check(person(), grade="unqualified", outcome="persuasion_refused", deadline=None, decided_on=decided) == []


def test_a_rounds_days_come_in_order_in_its_year_and_not_in_the_future():
    today = datetime.date(2026, 11, 18)

    def found(level="branch", year=2025, **days):
        values = dict.fromkeys(("study_on", "self_assessment_on", "vote_on", "decided_on")) | days
        return codes(rules.round_refusals(organization_level=level, year=year, today=today, **values))

    assert found(study_on=datetime.date(2025, 11, 1), decided_on=datetime.date(2026, 1, 10)) == set()
    assert found(level="party_group") == {"organization_cannot_appraise"}
    assert found(year=2027) == {"future_year"}
    assert found(vote_on=datetime.date(2025, 12, 12), decided_on=datetime.date(2025, 12, 1)) == {"steps_out_of_order"}
    assert found(decided_on=datetime.date(2024, 12, 1)) == {"date_outside_year"}
    assert found(year=2026, decided_on=datetime.date(2026, 12, 1)) == {"future_date"}
