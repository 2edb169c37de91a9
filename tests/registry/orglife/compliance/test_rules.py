"""The rules of compliance and participation (registry/orglife/compliance/rules.py): the periods and
their edges (the last completed month, quarter and year before a day; 29 February; 31 December), who
owes which kind, what a grid cell says, and six months without organizational life by the registry's
one rule for months."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from registry.orglife.compliance import rules
from registry.orglife.compliance.rules import MONTH, QUARTER, YEAR

D = datetime.date


@pytest.mark.parametrize(
    "as_of, frequency, start, end",
    [
        (D(2026, 11, 18), MONTH, D(2026, 10, 1), D(2026, 10, 31)),
        (D(2026, 11, 18), QUARTER, D(2026, 7, 1), D(2026, 9, 30)),
        (D(2026, 11, 18), YEAR, D(2025, 1, 1), D(2025, 12, 31)),
        # On its last day a period is still under way: 31 December completes neither the month nor the year.
        (D(2025, 12, 31), MONTH, D(2025, 11, 1), D(2025, 11, 30)),
        (D(2025, 12, 31), QUARTER, D(2025, 7, 1), D(2025, 9, 30)),
        (D(2025, 12, 31), YEAR, D(2024, 1, 1), D(2024, 12, 31)),
        # The next day, they are.
        (D(2026, 1, 1), MONTH, D(2025, 12, 1), D(2025, 12, 31)),
        (D(2026, 1, 1), QUARTER, D(2025, 10, 1), D(2025, 12, 31)),
        (D(2026, 1, 1), YEAR, D(2025, 1, 1), D(2025, 12, 31)),
        # 29 February: January is the last month completed; February of a leap year ends on the 29th.
        (D(2024, 2, 29), MONTH, D(2024, 1, 1), D(2024, 1, 31)),
        (D(2024, 2, 29), QUARTER, D(2023, 10, 1), D(2023, 12, 31)),
        (D(2024, 3, 1), MONTH, D(2024, 2, 1), D(2024, 2, 29)),
        (D(2024, 4, 1), QUARTER, D(2024, 1, 1), D(2024, 3, 31)),
        (D(2024, 3, 31), QUARTER, D(2023, 10, 1), D(2023, 12, 31)),
    ],
)
def test_the_last_completed_period_before_a_day(as_of, frequency, start, end):
    period = rules.last_completed(as_of, frequency)
    assert (period.start, period.end, period.frequency) == (start, end, frequency)
    assert period.end < as_of and not period.following.end < as_of


def test_a_year_has_twelve_months_four_quarters_and_itself():
    months = rules.periods_in_year(2024, MONTH)
    assert len(months) == 12 and months[1].end == D(2024, 2, 29) and months[-1].end == D(2024, 12, 31)
    assert [q.key for q in rules.periods_in_year(2026, QUARTER)] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert [(y.start, y.end) for y in rules.periods_in_year(2026, YEAR)] == [(D(2026, 1, 1), D(2026, 12, 31))]
    assert all(a.end + datetime.timedelta(days=1) == b.start for a, b in zip(months, months[1:], strict=False))
    assert months[0].previous.key == "2023-12" and months[-1].following.key == "2025-01"


def test_the_national_frequencies_are_the_defaults_and_a_setting_changes_them(settings):
    assert {kind: rules.frequency_of(kind) for kind in settings.REGISTRY_MEETING_FREQUENCIES} == {
        "general_meeting": QUARTER,
        "committee_meeting": MONTH,
        "group_meeting": MONTH,
        "lecture": QUARTER,
        "party_day": MONTH,
        "life_meeting": YEAR,
        "talk": YEAR,
        "leadership_meeting": YEAR,
    }
    settings.REGISTRY_MEETING_FREQUENCIES = {**settings.REGISTRY_MEETING_FREQUENCIES, "party_day": QUARTER}
    assert rules.period_for("party_day", D(2026, 5, 20)).key == "2026-Q2"
    settings.REGISTRY_MEETING_FREQUENCIES = {**settings.REGISTRY_MEETING_FREQUENCIES, "party_day": "fortnight"}
    with pytest.raises(ImproperlyConfigured):
        rules.frequency_of("party_day")


def test_who_owes_which_kind(settings):
    assert rules.kinds_owed_by("branch") == (
        "general_meeting",
        "committee_meeting",
        "lecture",
        "party_day",
        "life_meeting",
    )
    assert (
        rules.kinds_owed_by("joint_branch") == rules.kinds_owed_by("temporary_branch") == rules.kinds_owed_by("branch")
    )
    assert rules.kinds_owed_by("party_group") == ("group_meeting",)
    assert rules.kinds_owed_by("general_branch") == ("committee_meeting", "life_meeting")
    assert rules.kinds_owed_by("committee") == ("committee_meeting", "leadership_meeting")
    october = rules.period_of(D(2026, 10, 5), MONTH)
    # A committee meeting only where a committee sat; nothing before the organization was set up.
    assert not rules.owes("branch", "committee_meeting", committee_sits=False, established=None, period=october)
    assert rules.owes("branch", "committee_meeting", committee_sits=True, established=None, period=october)
    assert rules.owes("branch", "party_day", committee_sits=False, established=D(2026, 10, 31), period=october)
    assert not rules.owes("branch", "party_day", committee_sits=False, established=D(2026, 11, 1), period=october)
    assert not rules.owes("party_group", "party_day", committee_sits=True, established=None, period=october)
    settings.REGISTRY_MEETINGS_OWED = {**settings.REGISTRY_MEETINGS_OWED, "party_group": ["group_meeting", "tea"]}
    with pytest.raises(ImproperlyConfigured):
        rules.kinds_owed_by("party_group")


def test_what_a_cell_says():
    october = rules.period_of(D(2026, 10, 5), MONTH)
    november = october.following
    state = rules.cell_state
    assert state(owed=True, held=True, exempt=False, period=october, as_of=D(2026, 11, 18)) == rules.HELD
    assert state(owed=False, held=True, exempt=False, period=october, as_of=D(2026, 11, 18)) == rules.HELD
    assert state(owed=True, held=True, exempt=True, period=october, as_of=D(2026, 11, 18)) == rules.HELD
    assert state(owed=True, held=False, exempt=True, period=october, as_of=D(2026, 11, 18)) == rules.EXEMPT
    assert state(owed=True, held=False, exempt=False, period=october, as_of=D(2026, 11, 1)) == rules.NOT_HELD
    assert state(owed=True, held=False, exempt=False, period=october, as_of=D(2026, 10, 31)) == rules.NOT_YET_DUE
    assert state(owed=True, held=False, exempt=False, period=november, as_of=D(2026, 11, 18)) == rules.NOT_YET_DUE
    assert state(owed=False, held=False, exempt=True, period=october, as_of=D(2026, 11, 18)) == rules.NOT_OWED


@pytest.mark.parametrize(
    "as_of, last, without",
    [
        # Six months from 18 May ended on 18 November: not yet *more than* six months.
        (D(2026, 11, 18), D(2026, 5, 18), False),
        (D(2026, 11, 18), D(2026, 5, 17), True),
        # 31 August: six months back is 28 February (+6 = 28 August, gone by the 31st), not 1 March.
        (D(2026, 8, 31), D(2026, 2, 28), True),
        (D(2026, 8, 31), D(2026, 3, 1), False),
        # 1 March: 29, 30 and 31 August plus six months all land on 1 March (the one rule: never shortened).
        (D(2026, 3, 1), D(2025, 8, 31), False),
        (D(2026, 3, 1), D(2025, 8, 29), False),
        (D(2026, 3, 1), D(2025, 8, 28), True),
        # 29 February, in both directions.
        (D(2024, 8, 29), D(2024, 2, 29), False),
        (D(2024, 8, 30), D(2024, 2, 29), True),
        (D(2024, 2, 29), D(2023, 8, 28), True),
        (D(2024, 2, 29), D(2023, 8, 29), False),
        # 31 December: 30 June + 6 months is 30 December, gone; 1 July + 6 is 1 January.
        (D(2025, 12, 31), D(2025, 6, 30), True),
        (D(2025, 12, 31), D(2025, 7, 1), False),
    ],
)
def test_six_months_without_organizational_life(as_of, last, without):
    assert rules.without_life(last=last, registered_on=D(2000, 1, 1), as_of=as_of) is without
    # With none recorded, the day registered here counts the same way.
    assert rules.without_life(last=None, registered_on=last, as_of=as_of) is without
    assert (last <= rules.life_cutoff(as_of)) is without


def test_a_member_registered_recently_is_not_yet_without():
    assert not rules.without_life(last=None, registered_on=D(2026, 10, 1), as_of=D(2026, 11, 18))
    # A last organizational life long ago counts even when registered here since.
    assert rules.without_life(last=D(2025, 1, 1), registered_on=D(2026, 10, 1), as_of=D(2026, 11, 18))
