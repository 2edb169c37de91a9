"""No workbook the registry hands out carries a live formula: every workbook download of the URLconf
(tests/crawling.py), opened as committee staff after an organization, a chamber, an enterprise, a
member and an uploaded file's header row were given texts that a spreadsheet would run."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from branches.models import Chamber, Enterprise, Organization
from registry.imports import runs
from registry.models import ImportRun, Member
from spreadsheets import writing
from tests import crawling, factories

FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-1+1", "@SUM(A1)", "\t=1"]
HYPERLINK = FORMULAS[0]


def _upload_with_formula_texts(organization) -> bytes:
    """A roster whose header row and one (invalid) row hold texts that start like formulas, stored
    as texts: what a secretary's file may hold, and what the error workbook copies."""
    workbook = writing.new_workbook()
    sheet = workbook.active
    rows = [
        [*factories.MEMBER_HEADERS, HYPERLINK],
        ["王芳", "110105194912310021", organization.name, "流动", "正式", "2010.7", "", "+1"],
    ]
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            cell.data_type = "s"  # texts, not formulas, as they come from a file
    buffer = io.BytesIO()
    workbook.save(buffer)  # as the file arrives: not through writing.to_bytes, which would escape it
    return buffer.getvalue()


@pytest.fixture
def planted(demo_db):
    staff = get_user_model().objects.get(username="staff")
    committee = Organization.objects.filter(level=Organization.Level.COMMITTEE).order_by("pk").first()
    chamber = factories.make_chamber(HYPERLINK)
    enterprise = factories.make_enterprise("+1", chamber=chamber)
    organization = factories.make_organization("-1+1", parent=committee, chamber=chamber)
    member = factories.make_member(
        organization,
        enterprise=enterprise,
        notes="@SUM(A1)",
        occupation=HYPERLINK,
        work_address="\t=1",
        origin_organization="+1",
        origin_address="-1+1",
    )
    run = runs.import_start(
        user=staff,
        kind="members",
        upload=SimpleUploadedFile(
            "花名册.xlsx",
            _upload_with_formula_texts(organization),
        ),
    )
    return {
        Chamber: chamber,
        Enterprise: enterprise,
        Organization: organization,
        Member: member,
        ImportRun: run,
        "staff": staff,
    }


def _prefer(planted):
    """Fill each URL with the planted row where the route names one of its kind."""

    def pick(rows):
        mine = planted.get(rows.model)
        if mine is not None and rows.filter(pk=mine.pk).exists():
            return mine
        return rows.order_by("pk").first()

    return pick


def test_no_workbook_download_holds_a_formula(planted):
    client = Client()
    client.force_login(planted["staff"])
    opened, formulas, escaped = [], [], {}
    for route, url in crawling.all_urls(_prefer(planted)):
        if not route.is_download or route.heavy:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"] != writing.XLSX:
            continue
        opened.append(route.name)
        for sheet in load_workbook(io.BytesIO(response.content)).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    text = cell.value if isinstance(cell.value, str) else ""
                    if cell.data_type == "f" or text.startswith(writing.FORMULA_STARTS):
                        formulas.append(f"{url} {sheet.title}!{cell.coordinate}: {cell.value!r}")
                    if text.startswith("'") and text[1:2] in writing.FORMULA_STARTS:
                        escaped.setdefault(route.name, set()).add(text[1:])
    assert not formulas, "\n".join(formulas)
    # The planted texts did reach the workbooks (so the check above looked at them), escaped:
    assert {
        "registry:member_export",
        "registry:organization_export",
        "registry:chamber_export",
        "registry:enterprise_export",
        "registry:survey_template",
        "registry:import_errors",
        "registry:summary_export",
        "registry:dues_ledger_export",
    } <= set(opened)
    assert HYPERLINK in escaped["registry:chamber_export"]
    assert "-1+1" in escaped["registry:survey_template"]  # the organization's name
    assert {HYPERLINK, "+1"} <= escaped["registry:import_errors"]  # the copied header row and the row
    assert {"@SUM(A1)", HYPERLINK, "+1"} <= escaped["registry:member_export"]
