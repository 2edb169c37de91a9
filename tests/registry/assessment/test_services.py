"""The yearly assessment's services and computation (registry/assessment): the items read from the
records as of the year's end, hand scores, the scheme's weights, closing (which freezes every score:
a record edited after it changes nothing) and re-opening with a reason kept in the history."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from branches import clock
from registry.assessment import rules, selectors, services
from registry.models import AssessmentResult, AssessmentScheme, Member
from tests import factories

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def last_year() -> int:
    return clock.today().year - 1


def _members_last_year(branch, count: int) -> list[Member]:
    """Members of `branch` registered early last year (so counted as of its end), paying here."""
    registered = datetime.date(last_year(), 1, 10)
    return [factories.make_payer(branch, registered_on=registered) for _ in range(count)]


def row_of(assessment, branch):
    return next(row for row in assessment.rows if row.organization.pk == branch.pk)


def test_grades_and_ranks_follow_the_settings():
    assert [rules.grade_for(Decimal(total)) for total in ("90", "89.9", "80", "60", "59.9", "0")] == [
        "好",
        "较好",
        "较好",
        "一般",
        "差",
        "差",
    ]
    assert rules.ranks([Decimal(70), Decimal(90), Decimal(70), Decimal(50)]) == [2, 1, 2, 4]
    assert rules.share_score(15, 1, 2) == Decimal("7.5") and rules.share_score(15, 0, 0) == Decimal("15.0")


def test_the_computed_items_read_the_records(tree, members):
    branch = tree["fuzhou_1"]
    Member.objects.filter(pk=members["fuzhou_1"][0].pk).update(phone="")  # one of two lacks a known
    assessment = selectors.year_assessment(clock.today().year)
    assert {row.organization.pk for row in assessment.rows} == {tree[k].pk for k in ("fuzhou_1", "fuzhou_2", "putian")}
    row = row_of(assessment, branch)
    six = row.item("six_knowns")
    assert six.score == Decimal("7.5") and "1" in six.explanation and "2" in six.explanation
    assert row_of(assessment, tree["putian"]).item("six_knowns").score == Decimal("15.0")
    assert row.item("work").by_hand and row.item("work").score is None  # not scored yet
    assert not row.item("contacts").by_hand  # computed by outreach's room (tests/outreach/contacts/test_assessment.py)
    assert row.total == sum((item.score or 0 for item in row.items), Decimal(0))
    assert row.grade == rules.grade_for(row.total)


def test_hand_scores_count_and_are_held_to_the_weight(tree, staff):
    year = clock.today().year
    services.hand_score_set(
        year=year, organization=tree["putian"], item="work", score=Decimal("12.5"), note="工作扎实", actor=staff
    )
    row = row_of(selectors.year_assessment(year), tree["putian"])
    assert row.item("work").score == Decimal("12.5") and row.item("work").explanation == "工作扎实"
    with pytest.raises(ValidationError) as refused:
        services.hand_score_set(
            year=year, organization=tree["putian"], item="work", score=Decimal(16), note="", actor=staff
        )
    assert "15" in str(refused.value)
    with pytest.raises(ValidationError):  # a computed item is never scored by hand
        services.hand_score_set(
            year=year, organization=tree["putian"], item="dues", score=Decimal(1), note="", actor=staff
        )


def test_weights_must_add_up_to_100(tree, staff):
    year = clock.today().year
    with pytest.raises(ValidationError) as refused:
        services.scheme_save(year=year, weights={"work": 20}, actor=staff)
    assert "105" in refused.value.messages[0] and "100" in refused.value.messages[0]
    assert not AssessmentScheme.objects.filter(year=year).exists()  # the refusal wrote nothing
    services.scheme_save(year=year, weights={"work": 10, "dues": 15}, actor=staff)
    items = {item["key"]: item["weight"] for item in AssessmentScheme.objects.get(year=year).items}
    assert items["work"] == 10 and items["dues"] == 15 and sum(items.values()) == 100


def test_closing_freezes_every_score_and_reopening_keeps_its_reason(tree, staff):
    year = last_year()
    branch = tree["fuzhou_2"]
    people = _members_last_year(branch, 2)
    services.hand_score_set(year=year, organization=branch, item="work", score=Decimal(10), note="", actor=staff)
    before = row_of(selectors.year_assessment(year), branch)
    assert before.item("six_knowns").score == Decimal("15.0")
    services.assessment_close(year=year, actor=staff)
    assert AssessmentResult.objects.filter(scheme__year=year).count() == 3

    # A record edited after closing changes nothing closed.
    Member.objects.filter(pk=people[0].pk).update(phone="", work_address="")
    scheme = AssessmentScheme.objects.get(year=year)
    recomputed = row_of_list(selectors.computed_rows(scheme, datetime.date(year, 12, 31)), branch)
    assert recomputed.item("six_knowns").score == Decimal("7.5")  # the edit would change it...
    after = row_of(selectors.year_assessment(year), branch)
    assert [(i.key, i.score, i.explanation) for i in after.items] == [
        (i.key, i.score, i.explanation) for i in before.items
    ]
    assert (after.total, after.grade, after.rank) == (before.total, before.grade, before.rank)
    with pytest.raises(ValidationError):  # ... and nothing of a closed year may be changed
        services.hand_score_set(year=year, organization=branch, item="work", score=Decimal(1), note="", actor=staff)
    with pytest.raises(ValidationError):
        services.assessment_reopen(year=year, reason=" ", actor=staff)

    services.assessment_reopen(year=year, reason="核实发现党员信息录入有误", actor=staff)
    assert not AssessmentResult.objects.filter(scheme__year=year).exists()
    assert row_of(selectors.year_assessment(year), branch).item("six_knowns").score == Decimal("7.5")
    reasons = list(AssessmentScheme.objects.get(year=year).history.values_list("reopen_reason", flat=True))
    assert "核实发现党员信息录入有误" in reasons


def row_of_list(rows, branch):
    return next(row for row in rows if row.organization.pk == branch.pk)


def test_an_annual_report_is_a_pdf_or_a_document_and_gets_a_grade(tree, staff, secretary_b):
    year = clock.today().year
    with pytest.raises(ValidationError) as refused:
        services.annual_report_upload(
            year=year, organization=tree["putian"], upload=SimpleUploadedFile("a.exe", b"MZ\x90\x00"), actor=secretary_b
        )
    assert "file" in refused.value.error_dict
    report = services.annual_report_upload(
        year=year, organization=tree["putian"], upload=SimpleUploadedFile("述职.pdf", PDF), actor=secretary_b
    )
    assert report.content_type == "application/pdf" and report.name == "述职.pdf"
    with pytest.raises(ValidationError):
        services.annual_report_grade(report=report, grade="优秀", note="", actor=staff)
    services.annual_report_grade(report=report, grade="较好", note="", actor=staff)
    assert row_of(selectors.year_assessment(year), tree["putian"]).report.grade == "较好"


def test_the_figures_say_which_years_are_closed_and_count_the_grades(tree, staff):
    services.assessment_close(year=last_year(), actor=staff)
    figures = selectors.assessment_figures(clock.today())
    assert set(figures) == {str(last_year()), str(clock.today().year)}
    assert figures[str(last_year())]["closed"] is True and figures[str(clock.today().year)]["closed"] is False
    for year in figures.values():
        assert list(year["grades"]) == rules.grade_names() and sum(year["grades"].values()) == 3
