"""appraisal_figures(as_of) (registry/appraisal/figures.py), which registry_stats --json reports as
"organizational_life"."appraisal": per year appraised up to as_of's, the results per grade and those
without one; former members' results still counted; each figure the results list so filtered."""

import datetime

import pytest
from django.urls import reverse

from registry.appraisal.figures import appraisal_figures
from tests.config.test_lists import rows_listed
from tests.registry.appraisal.helpers import full, grade, held_here, make_round, probationary

pytestmark = pytest.mark.django_db


def test_per_year_and_grade_each_figure_a_filtered_list(tree, client_for, staff):
    members = [full(tree["fuzhou_1"]) for _ in range(5)]
    leaving = held_here(tree["fuzhou_1"])
    learner = probationary(tree["fuzhou_1"])
    grade(
        make_round(tree["fuzhou_1"]),
        {
            members[0]: "excellent",
            members[1]: "qualified",
            members[2]: "qualified",
            members[3]: "basically_qualified",
            members[4]: {"grade": "unqualified", "outcome": "correction", "deadline": datetime.date(2026, 3, 31)},
            leaving: {"grade": "unqualified", "outcome": "persuaded"},
            learner: "",
        },
    )
    grade(
        make_round(tree["putian"], year=2024, decided_on=datetime.date(2024, 12, 20)),
        {full(tree["putian"]): "qualified"},
    )
    grade(make_round(tree["fuzhou_2"], year=2026), {full(tree["fuzhou_2"]): "qualified"})
    figures = appraisal_figures(datetime.date(2026, 11, 18))
    assert figures == {
        "2024": {"excellent": 0, "qualified": 1, "basically_qualified": 0, "unqualified": 0, "not_graded": 0},
        "2025": {"excellent": 1, "qualified": 2, "basically_qualified": 1, "unqualified": 2, "not_graded": 1},
        "2026": {"excellent": 0, "qualified": 1, "basically_qualified": 0, "unqualified": 0, "not_graded": 0},
    }
    assert list(appraisal_figures(datetime.date(2025, 6, 30))) == ["2024", "2025"]
    client = client_for(staff)
    for year, counts in figures.items():
        for key, count in counts.items():
            url = f"{reverse('registry:appraisal_results')}?year={year}&grade={key}"
            assert rows_listed(client, url) == count, url
