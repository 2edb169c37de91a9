"""The demo's assessment (registry/assessment/demo.py), read from the demo shared by the session
(`demo_db`): last year's closed with its frozen rows, this year's open with a few hand scores, two
secretaries' annual reports; registry_stats' "assessment" key says so."""

import io
import json

from django.core.management import call_command

from branches import clock
from branches.models import Organization
from registry.assessment import demo
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
    out = io.StringIO()
    call_command("registry_stats", "--json", stdout=out)
    figures = json.loads(out.getvalue())["assessment"]
    assert figures[str(today.year - 1)]["closed"] is True
    assert sum(figures[str(today.year - 1)]["grades"].values()) == branches
    assert figures[str(today.year)]["closed"] is False


def test_a_second_load_writes_nothing(demo_db):
    counts = (AssessmentResult.objects.count(), AssessmentHandScore.objects.count(), AnnualReport.objects.count())
    demo.load(clock.today())
    assert (
        AssessmentResult.objects.count(),
        AssessmentHandScore.objects.count(),
        AnnualReport.objects.count(),
    ) == counts
