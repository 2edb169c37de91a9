"""The demo's assessment (seed_demo, through Room.demo): last year's scheme with every branch's hand
scores (the items scored by hand: the year's work), two secretaries' annual reports uploaded and one
graded, and the year closed — its scores frozen as of 31 December; this year's open, with a few hand
scores already given. Every date counted from the day the demo describes.

Deterministic and idempotent: the scores are drawn by a generator of its own, in the branches' order,
and a year already closed (last year) or already scored (this year) is left alone.
"""

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from branches.models import Organization
from fixtures import demo
from printing.pdf import render_pdf
from registry.assessment import rules, services
from registry.models import AnnualReport, AssessmentHandScore, AssessmentScheme


def _hand_items() -> list[tuple[str, int]]:
    return [(item["key"], item["weight"]) for item in rules.default_items() if not rules.is_computed(item["key"])]


def _score(rng: random.Random, weight: int) -> Decimal:
    return (Decimal(weight) * Decimal(rng.randint(60, 100)) / 100).quantize(rules.TENTH)


def _branches() -> list[Organization]:
    return list(Organization.objects.filter(level__in=Organization.BRANCH_LEVELS).order_by("path", "id"))


def _last_year(rng: random.Random, year: int, as_of: datetime.date) -> None:
    if AssessmentScheme.objects.filter(year=year, committee=None, closed=True).exists():
        return
    branches = _branches()
    for branch in branches:
        for key, weight in _hand_items():
            services.hand_score_set(
                year=year, organization=branch, item=key, score=_score(rng, weight), note="", actor=None
            )
    fuzhou = Organization.objects.get(name=demo.GB_FUZHOU)
    ours = next(branch for branch in branches if branch.path.startswith(fuzhou.path))
    theirs = next(branch for branch in branches if not branch.path.startswith(fuzhou.path))
    for branch, grade in ((ours, rules.grade_names()[0]), (theirs, "")):
        if not AnnualReport.objects.filter(year=year, organization=branch).exists():
            content = render_pdf("registry/assessment/demo_annual_report.html", {"year": year, "branch": branch.name})
            upload = SimpleUploadedFile(f"{year}年书记抓党建述职报告.pdf", content, content_type="application/pdf")
            report = services.annual_report_upload(
                year=year, organization=branch, upload=upload, actor=None, stored_as=f"assessment/demo/{branch.pk}.pdf"
            )
            if grade:
                services.annual_report_grade(report=report, grade=grade, note="", actor=None)
    services.assessment_close(year=year, actor=None, today=as_of)


def _this_year(rng: random.Random, year: int) -> None:
    if AssessmentHandScore.objects.filter(year=year).exists():
        return
    for branch in _branches()[:3]:
        key, weight = _hand_items()[0]
        services.hand_score_set(
            year=year, organization=branch, item=key, score=_score(rng, weight), note="年度党建工作扎实", actor=None
        )


@transaction.atomic
def load(as_of: datetime.date) -> None:
    """Last year's assessment closed and this year's open (see the module's docstring)."""
    if not Organization.objects.filter(name=demo.GB_FUZHOU).exists():
        return  # no demo committee here
    rng = random.Random(f"{demo.SEED}:assessment")
    _last_year(rng, as_of.year - 1, as_of)
    _this_year(rng, as_of.year)
