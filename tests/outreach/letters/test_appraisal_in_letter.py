"""A mobile member's result in the annual appraisal goes to their home organization with the
half-yearly letter (ORGLIFE.md §3): the rounds the branch decided in that half year, graded or not,
with the outcome of 不合格; nothing for a half year without one."""

import datetime

import pytest

from outreach.letters.drafting import drafts_for
from registry.appraisal import services
from tests.outreach.letters.conftest import BANGTOU, JIANGJING


def grade(organization, year, decided_on, grades):
    appraisal_round = services.round_create(
        organization=organization, data=services.RoundData(year=year, decided_on=decided_on), actor=None
    )
    services.round_grade(
        appraisal_round=appraisal_round,
        gradings=[services.Grading(member=member, **fields) for member, fields in grades.items()],
        actor=None,
        today=datetime.date(2026, 11, 18),
    )


@pytest.mark.django_db
def test_the_letter_of_the_half_year_of_the_decision_carries_the_results(homes, tree, django_assert_max_num_queries):
    lin1, lin2, lin3 = homes[JIANGJING]
    (chen,) = homes[BANGTOU]
    grade(
        tree["fuzhou_1"],
        2025,
        datetime.date(2026, 1, 15),
        {
            lin1: {"grade": "qualified"},
            lin2: {"grade": "unqualified", "outcome": "correction", "deadline": datetime.date(2026, 4, 30)},
        },
    )
    grade(
        tree["putian"],
        2024,
        datetime.date(2024, 12, 20),
        {lin3: {"grade": "basically_qualified"}, chen: {"grade": "qualified"}},
    )
    with django_assert_max_num_queries(7):  # 5, and 2 for organizational life's meetings attended and expected
        drafts = drafts_for(2026, 1)
    text = drafts[JIANGJING].participation_text
    assert "林一" in text and "2025" in text and "2026-04-30" in text
    assert text.count("2024") == 0  # decided in another half year
    assert "2024" not in drafts[BANGTOU].participation_text
    assert "2025" not in drafts_for(2025, 2)[JIANGJING].participation_text
