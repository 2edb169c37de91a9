"""The demo's appraisal (registry/appraisal/demo.py, loaded by seed_demo through Room.demo): last
year's round in every branch with members, within the cap, probationary members not graded, one
member 不合格 on 限期改正; the figures count it; the demo secretary sees their subtree's rounds."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from registry.appraisal import demo as appraisal_demo
from registry.appraisal import rules
from registry.appraisal.figures import appraisal_figures
from registry.models import AppraisalResult, AppraisalRound, DemoSeed


@pytest.fixture
def seeded(demo_db):
    """The demo, seeded once for the session and shared (tests/conftest.py)."""


def test_last_years_rounds_with_one_member_put_on_correction(seeded, db):
    day = DemoSeed.objects.latest("seeded_at").as_of
    rounds = list(AppraisalRound.objects.all())
    assert len(rounds) > 30 and {appraisal_round.year for appraisal_round in rounds} == {day.year - 1}
    assert all(appraisal_round.decided_on < day for appraisal_round in rounds)
    (unqualified,) = AppraisalResult.objects.filter(grade="unqualified")
    assert unqualified.outcome == "correction" and unqualified.correction_deadline.year == day.year
    assert AppraisalResult.objects.filter(grade="").exists()  # probationary on the decision day
    assert AppraisalResult.objects.filter(grade="basically_qualified").exists()
    for appraisal_round in rounds:
        results = list(appraisal_round.results.all())
        graded = [result for result in results if result.grade]
        assert sum(result.grade == "excellent" for result in graded) <= rules.excellent_cap(len(graded))
    figures = appraisal_figures(day)
    assert list(figures) == [str(day.year - 1)]
    assert sum(figures[str(day.year - 1)].values()) == AppraisalResult.objects.count()
    assert figures[str(day.year - 1)]["unqualified"] == 1
    assert appraisal_demo.load(day) == 0  # a second run writes nothing


def test_the_demo_secretary_sees_their_subtrees_rounds(seeded, client):
    client.force_login(get_user_model().objects.get(username="secretary"))
    listed = client.get(reverse("registry:appraisal_list"), {"per_page": "200"}).context["page"].object_list
    assert 0 < len(listed) < AppraisalRound.objects.count()
