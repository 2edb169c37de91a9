"""The demo's assessment (registry/assessment/demo.py), read from the demo shared by the session
(`demo_db`): last year's closed with its frozen rows, this year's open with a few hand scores, two
secretaries' annual reports; registry_stats' "assessment" key says so."""

from branches import clock
from branches.models import Organization
from registry.assessment import selectors
from registry.models import AnnualReport, AssessmentHandScore, AssessmentResult, AssessmentScheme


def test_last_year_closed_this_year_open_and_two_reports(demo_db):
    today = clock.today()
    last = AssessmentScheme.objects.get(year=today.year - 1)
    assert last.closed
    branches = Organization.objects.filter(level__in=Organization.BRANCH_LEVELS).count()
    assert AssessmentResult.objects.filter(scheme=last).count() == branches
    assert AnnualReport.objects.filter(year=today.year - 1).count() == 2
    assert AnnualReport.objects.filter(year=today.year - 1).exclude(grade="").count() == 1
    assert not AssessmentScheme.objects.get(year=today.year).closed
    assert AssessmentHandScore.objects.filter(year=today.year).count() == 3
    figures = selectors.assessment_figures(today)
    assert figures[str(today.year - 1)]["closed"] is True
    assert sum(figures[str(today.year - 1)]["grades"].values()) == branches
    assert figures[str(today.year)]["closed"] is False
