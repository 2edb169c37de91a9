"""Survey counts from a workbook: the same header, alias and value rules as every import
(docs/spreadsheets.md#survey-counts), all or nothing, scoped to a secretary's organizations."""

import datetime
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.imports import run_import
from registry.models import ImportRun, SurveyCount
from registry.surveys import services
from spreadsheets.errors import ImportRefused
from tests.registry.imports.workbooks import csv_bytes, xlsx

HEADERS = ["党组织名称", "摸排党员数", "自管党员", "在册流动党员", "预备党员", "入党积极分子"]


@pytest.fixture
def survey_round(tree):
    return services.survey_round_create(data={"name": "2026年摸底", "started": datetime.date(2026, 9, 1)}, actor=None)


def import_survey_counts(*, survey_round, source, **options):
    """The kind as the round's page has the worker run it: named by the round's number."""
    return run_import("survey_counts", source, options={"survey_round": survey_round.pk}, **options)


def figures():
    return {
        count.organization.name: (
            count.members,
            count.self_managed,
            count.registered_mobile,
            count.probationary,
            count.activists,
        )
        for count in SurveyCount.objects.select_related("organization")
    }


def test_a_workbook_as_secretaries_send_it(tree, survey_round, staff):
    content = xlsx(
        [
            ["党组织 名称*", "摸排人数", "自管", "流动党员数", "预备党员数", "积极分子", "备注"],
            ["福州商会第一党支部", "１２人", 2, "9", 1, "3 人", "看这里"],
            [" 福州商会第二党支部 ", 8.0, None, 8, None, None, None],
            [],
            ["合计", 20, 2, 17, 1, 3, None],
        ],
        title_rows=[["北京福州商会2026年摸底排查统计表"], ["填报日期：2026年10月"]],
        sheet="Sheet1",
    )
    result = import_survey_counts(survey_round=survey_round, source=content, filename="摸底.xlsx", actor=staff)
    assert result.ok and result.written and result.header_row == 3
    assert result.counts == {"rows": 2, "new": 2, "updated": 0, "unchanged": 0, "invalid": 0}
    assert [line.row for line in result.skipped_lines] == [7]
    assert result.ignored_columns == ["备注"]
    assert figures() == {"福州商会第一党支部": (12, 2, 9, 1, 3), "福州商会第二党支部": (8, None, 8, None, None)}
    assert SurveyCount.objects.get(organization=tree["fuzhou_1"]).history.get().history_user == staff


def test_importing_the_same_file_twice_changes_nothing(tree, survey_round):
    content = csv_bytes([HEADERS, ["莆田商会党支部", "5", "1", "4", "0", "2"]])
    import_survey_counts(survey_round=survey_round, source=content, filename="a.csv")
    again = import_survey_counts(survey_round=survey_round, source=content, filename="a.csv")
    assert again.counts["unchanged"] == 1
    assert SurveyCount.objects.get().history.count() == 1


def test_an_empty_cell_keeps_the_registrys_value(tree, survey_round):
    services.survey_count_save(
        survey_round=survey_round, organization=tree["putian"], data={"members": 5, "activists": 2}, actor=None
    )
    result = import_survey_counts(
        survey_round=survey_round,
        filename="b.csv",
        source=csv_bytes([HEADERS, ["莆田商会党支部", "6", "", "", "", ""]]),
    )
    assert result.counts["updated"] == 1
    assert figures()["莆田商会党支部"] == (6, None, None, None, 2)


@pytest.mark.parametrize(
    "row, column, code",
    [
        (["莆田商会党支部", "-3", "", "", "", ""], "摸排党员数", "count"),
        (["莆田商会党支部", "五个", "", "", "", ""], "摸排党员数", "count"),
        (["莆田商会党支部", "", "", "", "", ""], "摸排党员数", "required"),
        (["没有这个支部", "3", "", "", "", ""], "党组织名称", "reference_unknown"),
        (["莆田商会党支部", "3", "2", "2", "", ""], "在册流动党员", "parts_exceed_total"),
        (["莆田商会党支部", "3", "", "", "4", ""], "预备党员", "parts_exceed_total"),
        (["莆田商会党支部", "3", "", "", "", "-1"], "入党积极分子", "count"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_written(tree, survey_round, row, column, code):
    content = xlsx([HEADERS, ["福州商会第一党支部", 4, 0, 4, 0, 0], row])
    result = import_survey_counts(survey_round=survey_round, source=content, filename="bad.xlsx")
    assert not result.written and result.invalid == 1
    [error] = result.errors
    assert (error.row, error.column, error.code) == (3, column, code)
    assert error.message.endswith(("。", "."))
    assert not SurveyCount.objects.exists()


def test_the_same_organization_twice_is_an_error(tree, survey_round):
    content = xlsx([HEADERS, ["莆田商会党支部", 4], ["莆田商会党支部", 5]])
    result = import_survey_counts(survey_round=survey_round, source=content, filename="dup.xlsx")
    assert [error.code for error in result.errors] == ["duplicate"]
    assert not SurveyCount.objects.exists()


def test_a_file_without_survey_headers_is_refused(tree, survey_round):
    with pytest.raises(ImportRefused):
        import_survey_counts(
            survey_round=survey_round, source=xlsx([["姓名", "电话"], ["张三", "1"]]), filename="x.xlsx"
        )


def test_a_secretary_cannot_import_another_branchs_counts(tree, survey_round, secretary_b):
    from branches import access

    content = xlsx([HEADERS, ["莆田商会党支部", 4], ["福州商会第一党支部", 5]])
    result = import_survey_counts(
        survey_round=survey_round,
        source=content,
        filename="s.xlsx",
        actor=secretary_b,
        user_scope=access.changeable_organizations(secretary_b),
    )
    assert [(error.row, error.code) for error in result.errors] == [(3, "scope")]
    assert not SurveyCount.objects.exists()


# --- through the web ------------------------------------------------------------------------


def upload(content, name="counts.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_an_upload_is_checked_in_the_background_and_written_once_confirmed(client_for, secretary_a, survey_round):
    url = reverse("registry:survey_import", args=[survey_round.pk])
    client = client_for(secretary_a)
    response = client.post(url, {"file": upload(xlsx([HEADERS, ["福州商会第二党支部", 3, 0, 3]]))})
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("registry:import_detail", args=[run.pk])
    assert (run.kind, run.state, run.options) == (
        "survey_counts",
        ImportRun.State.PREVIEW,
        {"survey_round": survey_round.pk},
    )
    assert not SurveyCount.objects.exists()  # checked, nothing written yet
    client.post(reverse("registry:import_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE
    assert figures() == {"福州商会第二党支部": (3, 0, 3, None, None)}


def test_upload_with_errors_shows_them_and_writes_nothing(client_for, secretary_a, survey_round):
    url = reverse("registry:survey_import", args=[survey_round.pk])
    client = client_for(secretary_a)
    client.post(url, {"file": upload(xlsx([HEADERS, ["莆田商会党支部", 3], ["福州商会第二党支部", -1]]))})
    run = ImportRun.objects.get()
    assert [(error["row"], error["code"]) for error in run.preview["errors"]] == [(2, "scope"), (3, "count")]
    body = client.get(reverse("registry:import_detail", args=[run.pk])).content.decode()
    for error in run.preview["errors"]:
        assert error["message"].split("“")[0] in body
    client.post(reverse("registry:import_confirm", args=[run.pk]))
    assert not SurveyCount.objects.exists()


def test_an_unreadable_file_is_refused_with_a_message(client_for, staff, survey_round):
    url = reverse("registry:survey_import", args=[survey_round.pk])
    client_for(staff).post(url, {"file": upload(b"not a workbook at all", "x.xlsx")})
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.REFUSED and run.message
    assert not SurveyCount.objects.exists()


def test_a_round_of_another_number_is_refused_by_the_worker(staff, survey_round):
    with pytest.raises(ImportRefused) as caught:
        run_import("survey_counts", xlsx([HEADERS, ["莆田商会党支部", 3]]), options={"survey_round": 0})
    assert caught.value.code == "unknown_round"


def test_the_template_names_the_users_organizations_under_the_canonical_headers(client_for, secretary_a, tree):
    import io

    from openpyxl import load_workbook

    response = client_for(secretary_a).get(reverse("registry:survey_template"))
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert [row[0] for row in rows[1:]] == ["福州商会党总支", "福州商会第一党支部", "福州商会第二党支部"]


def test_every_upload_leaves_an_import_run_listed_under_imports(client_for, secretary_a, staff, survey_round):
    """Survey counts are imported from their round, and are on the import list like every other kind."""
    url = reverse("registry:survey_import", args=[survey_round.pk])
    client = client_for(secretary_a)
    client.post(url, {"file": upload(xlsx([HEADERS, ["福州商会第二党支部", 3, 0, 3]]))})
    client.post(url, {"file": upload(xlsx([HEADERS, ["福州商会第二党支部", -1]]), "坏的.xlsx")})
    client.post(url, {"file": upload(b"not a workbook at all", "x.xlsx")})
    runs = list(ImportRun.objects.filter(kind="survey_counts").order_by("id"))
    client.post(reverse("registry:import_confirm", args=[runs[0].pk]))
    for run in runs:
        run.refresh_from_db()
    assert [run.state for run in runs] == [ImportRun.State.DONE, ImportRun.State.PREVIEW, ImportRun.State.REFUSED]
    assert runs[0].user == secretary_a and runs[0].counts["new"] == 1 and runs[0].source == ImportRun.Source.WEB
    assert runs[1].counts["invalid"] == 1 and runs[1].file_name == "坏的.xlsx" and runs[1].error_workbook
    assert runs[2].message
    listing = client_for(staff).get(reverse("registry:import_list"))
    assert [run.pk for run in listing.context["page"]][:3] == [run.pk for run in reversed(runs)]
    errors = client_for(staff).get(reverse("registry:import_errors", args=[runs[1].pk]))
    assert errors.status_code == 200 and "坏的_错误行.xlsx" in unquote(errors["Content-Disposition"])
    for run in runs:
        page = client_for(staff).get(reverse("registry:import_detail", args=[run.pk]))
        assert page.status_code == 200 and run.file_name in page.content.decode()
