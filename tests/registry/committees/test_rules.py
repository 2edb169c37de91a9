"""The rules of terms and elections as pure functions (registry/committees/rules.py, docs/committees.md)."""

import datetime

import pytest

from registry.committees import rules

DAY = datetime.date(2026, 11, 18)


def person(**extra):
    values = {
        "name": "林某",
        "full": True,
        "held_here": True,
        "organization_path": "1/2/3/",
        "organization_name": "某支部",
        "under_probation": False,
    }
    values.update(extra)
    return rules.Person(**values)


@pytest.mark.parametrize(
    ("ends_on", "until", "state"),
    [
        (datetime.date(2026, 11, 17), None, rules.OVER),  # ended yesterday
        (datetime.date(2026, 11, 18), None, rules.ENDING),  # ends today: not over yet
        (datetime.date(2027, 5, 18), None, rules.ENDING),  # 6 calendar months ahead, the last day counted
        (datetime.date(2027, 5, 19), None, rules.CURRENT),
        (datetime.date(2026, 10, 1), datetime.date(2027, 3, 1), rules.POSTPONED),
        (datetime.date(2025, 10, 1), datetime.date(2026, 10, 1), rules.OVER),  # a postponement that ran out
        (datetime.date(2027, 1, 1), datetime.date(2027, 12, 1), rules.CURRENT),  # postponed ahead: judged by it
    ],
)
def test_a_term_is_in_one_state_only(ends_on, until, state):
    assert rules.term_state(ends_on=ends_on, postponed_until=until, as_of=DAY) == state


def test_a_term_ends_after_its_years_never_shortened(settings):
    assert rules.term_ends_on(datetime.date(2024, 2, 29), 3) == datetime.date(2027, 3, 1)
    assert rules.term_years_for("branch") == 3 and rules.term_years_for("committee") == 5
    settings.REGISTRY_TERM_YEARS = {**settings.REGISTRY_TERM_YEARS, "branch": 5}
    assert rules.term_years_for("branch") == 5


@pytest.mark.parametrize(
    ("expected", "present", "code"),
    [(9, 5, None), (10, 5, "too_few_present"), (0, 0, "too_few_present"), (3, 4, "present_above_expected")],
)
def test_a_vote_is_valid_when_more_than_half_are_present(expected, present, code):
    found = rules.attendance_refusals(expected=expected, present=present)
    assert [refusal.code for refusal in found] == ([code] if code else [])


def test_committee_members_are_elected_from_20_percent_more_candidates(settings):
    assert [rules.candidates_needed(seats) for seats in (1, 2, 3, 5, 7)] == [1, 2, 4, 6, 9]
    assert [r.code for r in rules.candidate_refusals(seats=5, votes=[9] * 5, present=9)] == ["too_few_candidates"]
    assert rules.candidate_refusals(seats=5, votes=[9, 8, 7, 6, 5, 1], present=9) == []
    assert [r.code for r in rules.candidate_refusals(seats=1, votes=[10], present=9)] == ["votes_above_present"]
    settings.REGISTRY_ELECTION_CANDIDATE_SURPLUS_PERCENT = 50
    assert rules.candidates_needed(4) == 6


def test_elected_with_more_than_half_of_the_votes_of_those_present():
    elected, refusal = rules.elected_among([("a", 6), ("b", 5), ("c", 5), ("d", 1)], present=10, seats=3)
    assert (elected, refusal) == (["a"], None)  # 5 of 10 is not more than half
    elected, refusal = rules.elected_among([("a", 9), ("b", 8), ("c", 8), ("d", 1)], present=10, seats=2)
    assert elected == [] and refusal.code == "tie_at_last_seat"
    assert rules.elected_among([("a", 9), ("b", 8), ("c", 7)], present=10, seats=2) == (["a", "b"], None)


def test_who_may_sit_and_who_has_a_vote():
    day = DAY
    assert rules.eligibility_refusal(person(), organization_path="1/2/", organization_name="总支", day=day) is None
    assert rules.eligibility_refusal(person(), organization_path="1/2/3/4/", organization_name="小组", day=day) is None
    assert (
        rules.eligibility_refusal(person(full=False), organization_path="1/2/3/", organization_name="x", day=day).code
        == "not_full_member"
    )
    assert (
        rules.eligibility_refusal(person(), organization_path="1/5/", organization_name="x", day=day).code
        == "not_in_organization"
    )
    refusal = rules.eligibility_refusal(
        person(under_probation=True, rights_back_on=datetime.date(2027, 3, 1)),
        organization_path="1/2/3/",
        organization_name="x",
        day=day,
    )
    assert refusal.code == "under_probation_of_rights" and "2027-03-01" in refusal.message
    assert rules.has_a_vote(person())
    assert not rules.has_a_vote(person(held_here=False))  # a registered mobile member votes at home
    assert not rules.has_a_vote(person(under_probation=True))
    assert not rules.has_a_vote(person(full=False))


def test_a_postponement_runs_at_most_a_year_past_the_end():
    ends = datetime.date(2026, 9, 25)
    assert (
        rules.postponement_refusals(ends_on=ends, until=datetime.date(2027, 9, 25), approved_on=ends, today=DAY) == []
    )
    too_long = rules.postponement_refusals(ends_on=ends, until=datetime.date(2027, 9, 26), approved_on=ends, today=DAY)
    assert [r.code for r in too_long] == ["postponement_too_long"]
    before = rules.postponement_refusals(ends_on=ends, until=ends, approved_on=ends, today=DAY)
    assert [r.code for r in before] == ["postponement_before_end"]


def test_terms_follow_one_another_and_posts_do_not_overlap():
    others = [(1, datetime.date(2020, 5, 1)), (3, datetime.date(2026, 5, 1))]
    assert rules.number_order_refusal(number=2, held_on=datetime.date(2023, 5, 1), others=others) is None
    assert rules.number_order_refusal(number=2, held_on=datetime.date(2026, 6, 1), others=others).code == "out_of_order"
    may, june, july = datetime.date(2026, 5, 1), datetime.date(2026, 6, 1), datetime.date(2026, 7, 1)
    assert not rules.overlapping((may, june), (june, None))  # left office the day the next took it
    assert rules.overlapping((may, july), (june, None))
