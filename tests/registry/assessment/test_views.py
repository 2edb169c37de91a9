"""The assessment's pages: the year's list (scoped, sortable, filtered, its figures links to their
branches, exported and logged), a branch's printable report, the committee office's forms and the
secretary's upload — the right person and the wrong one — and the queries a year's page costs."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branches import clock
from registry.assessment import services
from registry.models import AnnualReport, AssessmentScheme, ExportLog
from tests import factories

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def year() -> int:
    return clock.today().year


def listed(response) -> list[str]:
    return [row.organization.name for row in response.context["page"].object_list]


def test_the_year_lists_every_branch_for_the_committee_and_a_secretarys_own_only(
    tree, members, client_for, staff, secretary_a
):
    url = reverse("registry:assessment_year", args=[year()])
    response = client_for(staff).get(url)
    assert response.status_code == 200
    assert sorted(listed(response)) == sorted(["福州商会第一党支部", "福州商会第二党支部", "莆田商会党支部"])
    response = client_for(secretary_a).get(url)
    assert sorted(listed(response)) == ["福州商会第一党支部", "福州商会第二党支部"]
    assert b"close-year" not in response.content  # closing is the committee office's


def test_each_grade_figure_lists_its_branches(tree, members, client_for, staff):
    client = client_for(staff)
    page = client.get(reverse("registry:assessment_year", args=[year()]))
    for grade, count in page.context["assessment"].grade_counts():
        response = client.get(reverse("registry:assessment_year", args=[year()]), {"grade": grade})
        assert response.context["page"].paginator.count == count
    sorted_page = client.get(reverse("registry:assessment_year", args=[year()]), {"sort": "-item_six_knowns"})
    assert sorted_page.status_code == 200


def test_a_secretary_of_another_branch_gets_404(tree, client_for, secretary_b):
    client = client_for(secretary_b)
    branch = tree["fuzhou_1"]
    assert client.get(reverse("registry:assessment_report", args=[year(), branch.pk])).status_code == 404
    upload = SimpleUploadedFile("述职.pdf", PDF)
    response = client.post(
        reverse("registry:assessment_annual_report_upload", args=[year(), branch.pk]), {"file": upload}
    )
    assert response.status_code == 404
    assert not AnnualReport.objects.exists()
    assert client.get(reverse("registry:assessment_year", args=[year() + 1])).status_code == 404


def test_the_secretary_uploads_and_the_committee_grades(tree, client_for, secretary_b, staff, reviewer):
    branch = tree["putian"]
    upload_url = reverse("registry:assessment_annual_report_upload", args=[year(), branch.pk])
    assert client_for(reviewer).post(upload_url, {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 403
    response = client_for(secretary_b).post(upload_url, {"file": SimpleUploadedFile("a.txt", b"hello")})
    assert response.status_code == 400 and "PDF" in response.content.decode()
    response = client_for(secretary_b).post(upload_url, {"file": SimpleUploadedFile("述职报告.pdf", PDF)})
    assert response.status_code == 302
    file_url = reverse("registry:assessment_annual_report_file", args=[year(), branch.pk])
    assert client_for(secretary_b).get(file_url).status_code == 200
    grade_url = reverse("registry:assessment_annual_report_grade", args=[year(), branch.pk])
    assert client_for(secretary_b).post(grade_url, {"grade": "好"}).status_code == 403
    assert client_for(staff).post(grade_url, {"grade": "好"}).status_code == 302
    assert AnnualReport.objects.get(organization=branch).grade == "好"


def test_the_weights_refused_in_words_and_closing_by_staff_only(tree, client_for, staff, secretary_a):
    scheme_url = reverse("registry:assessment_scheme", args=[year()])
    assert client_for(secretary_a).get(scheme_url).status_code == 403
    client = client_for(staff)
    form = client.get(scheme_url).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data["weight_work"] = 30
    response = client.post(scheme_url, data)
    assert "100" in response.content.decode() and not AssessmentScheme.objects.filter(year=year()).exists()
    close_url = reverse("registry:assessment_close", args=[year() - 1])
    assert client_for(secretary_a).post(close_url).status_code == 403
    assert client_for(staff).post(close_url).status_code == 302
    assert AssessmentScheme.objects.get(year=year() - 1).closed


def test_the_export_is_logged_and_the_report_prints(tree, members, client_for, staff):
    client = client_for(staff)
    response = client.get(reverse("registry:assessment_export", args=[year()]))
    assert response.status_code == 200 and ExportLog.objects.filter(kind="assessment", rows=3).exists()
    report = client.get(reverse("registry:assessment_report", args=[year(), tree["putian"].pk]))
    assert report.status_code == 200 and b"figures.css" in report.content
    assert client.get(reverse("registry:assessment_summary", args=[year()])).status_code == 200


def _more_branches(tree, count: int) -> None:
    for _ in range(count):
        branch = factories.make_organization(parent=tree["committee"])
        for _member in range(3):
            factories.make_payer(branch)
        services.hand_score_set(year=year(), organization=branch, item="work", score=10, note="", actor=None)


@pytest.mark.parametrize("extra", [0, 8])
def test_a_years_page_costs_the_same_queries_whatever_the_size(
    tree, members, client_for, staff, extra, django_assert_max_num_queries
):
    _more_branches(tree, extra)
    client = client_for(staff)
    # 35 measured (36 with a scheme stored: its history), two of them the rooms' items (contacts, certificates)
    with django_assert_max_num_queries(36):
        response = client.get(reverse("registry:assessment_year", args=[year()]))
    assert response.context["page"].paginator.count == 3 + extra


def test_a_closed_year_reads_its_rows(tree, members, client_for, staff, django_assert_max_num_queries):
    services.assessment_close(year=year() - 1, actor=staff)
    client = client_for(staff)
    with django_assert_max_num_queries(12):  # 11 measured: the frozen rows, never the records
        response = client.get(reverse("registry:assessment_year", args=[year() - 1]))
    assert response.status_code == 200 and response.context["assessment"].closed
    assert datetime.date(year() - 1, 12, 31) == response.context["assessment"].as_of


def test_reopening_asks_for_a_reason(tree, client_for, staff):
    client = client_for(staff)
    reopen_url = reverse("registry:assessment_reopen", args=[year() - 1])
    assert client.get(reopen_url).status_code == 404  # not closed
    services.assessment_close(year=year() - 1, actor=staff)
    assert client.post(reopen_url, {"reason": ""}).status_code == 200
    assert AssessmentScheme.objects.get(year=year() - 1).closed
    assert client.post(reopen_url, {"reason": "数据有误"}).status_code == 302
    assert not AssessmentScheme.objects.get(year=year() - 1).closed
    page = client.get(reverse("registry:assessment_year", args=[year() - 1]))
    assert "数据有误" in page.content.decode()  # the reason, in the year's history


def test_nothing_is_uploaded_to_a_closed_year(tree, client_for, staff, secretary_b):
    services.assessment_close(year=year() - 1, actor=staff)
    upload_url = reverse("registry:assessment_annual_report_upload", args=[year() - 1, tree["putian"].pk])
    response = client_for(secretary_b).post(upload_url, {"file": SimpleUploadedFile("述职.pdf", PDF)})
    assert response.status_code == 400 and "重新开启后方可修改" in response.content.decode()
    assert not AnnualReport.objects.exists()
