"""Exports: what the list shows, scoped, logged, re-importable as unchanged, never a formula."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from registry.imports import run_import
from registry.models import ExportLog, Member
from tests import factories


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))


def rows(response):
    sheet = workbook(response).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_member_export_has_canonical_headers_and_exact_filtered_rows(client_for, staff, tree, members):
    factories.make_member(tree["putian"], name="缺电话", phone="")
    response = client_for(staff).get(reverse("registry:member_export"), {"six_knowns": "incomplete"})
    table = rows(response)
    assert table[0][:2] == ["姓名", "性别"] and "公民身份号码" in table[0]
    assert [row[0] for row in table[1:]] == ["缺电话"]
    log = ExportLog.objects.get()
    assert (log.user, log.kind, log.rows, log.filters) == (staff, "members", 1, {"six_knowns": "incomplete"})


def test_export_formats(client_for, staff, tree):
    factories.make_member(
        tree["putian"],
        name="格式",
        notes='=HYPERLINK("http://x")',
        left_home=datetime.date(2016, 12, 1),
        left_home_precision="month",
        joined=datetime.date(2005, 7, 1),
    )
    sheet = workbook(client_for(staff).get(reverse("registry:member_export"))).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    data = dict(zip(headers, sheet[2], strict=True))
    assert data["备注"].data_type == "s" and data["备注"].value == '\'=HYPERLINK("http://x")'
    assert data["公民身份号码"].data_type == "s" and data["公民身份号码"].number_format == "@"
    # Known to the month or to the day, a date is a date cell (Excel sorts and filters them
    # together), shown to its precision.
    assert data["外出时间"].value == datetime.datetime(2016, 12, 1) and data["外出时间"].number_format == "yyyy-mm"
    assert isinstance(data["入党时间"].value, datetime.datetime) and data["入党时间"].number_format == "yyyy-mm-dd"
    assert data["所在党组织"].value == "莆田商会党支部"
    assert data["管理类别"].value == "在册流动党员"


def test_export_reimports_as_unchanged(client_for, staff, tree, tmp_path):
    enterprise = factories.make_enterprise("福州某贸易公司", chamber=tree["fuzhou_chamber"])
    factories.make_member(tree["fuzhou_1"], enterprise=enterprise, notes="-无-", education="bachelor", ethnicity="汉族")
    factories.make_member(
        tree["putian"],
        category="self_managed",
        dues_paid_through=datetime.date(2026, 6, 1),
        dues_paid_through_precision="month",
        notes="+86 备注",
    )
    factories.make_member(
        tree["putian"],
        status="probationary",
        made_full=None,
        name="月份",
        id_number=factories.make_id_number(datetime.date(1970, 5, 5)),  # 22 when joining
        joined=datetime.date(1993, 4, 1),
        joined_precision="month",
        left_home=datetime.date(2016, 12, 1),
        left_home_precision="month",
    )
    client = client_for(staff)
    for kind in ("chambers", "enterprises", "organizations", "members"):
        response = client.get(reverse(f"registry:{kind[:-1]}_export"))
        path = tmp_path / f"{kind}.xlsx"
        path.write_bytes(response.content)
        result = run_import(kind, str(path), actor=staff)
        assert result.counts["unchanged"] == result.counts["rows"] > 0, (kind, [o.changes for o in result.outcomes])
        assert result.counts["invalid"] == 0
    member = Member.objects.get(name="月份")  # read back to the month, not to the first of it
    assert (member.joined_precision, member.left_home_precision) == ("month", "month")


def test_secretary_exports_only_their_subtree(client_for, secretary_a, tree, members):
    table = rows(client_for(secretary_a).get(reverse("registry:member_export")))
    exported = {row[0] for row in table[1:]}
    assert exported == {m.name for key in ("fuzhou_1", "fuzhou_2") for m in members[key]}
    organizations = rows(client_for(secretary_a).get(reverse("registry:organization_export")))
    assert {row[0] for row in organizations[1:]} == {"福州商会党总支", "福州商会第一党支部", "福州商会第二党支部"}
    assert ExportLog.objects.filter(user=secretary_a).count() == 2


def test_secretary_cannot_export_another_branch_by_filter(client_for, secretary_a, tree, members):
    table = rows(client_for(secretary_a).get(reverse("registry:member_export"), {"organization": tree["putian"].pk}))
    assert table[1:] == []


def test_reviewer_export_masks_personal_data(client_for, reviewer, tree):
    member = factories.make_member(tree["putian"], phone="13912345678")
    body = rows(client_for(reviewer).get(reverse("registry:member_export")))
    flat = [str(value) for row in body for value in row]
    assert member.id_number not in flat and "13912345678" not in flat
    assert "139****5678" in flat


def test_anonymous_cannot_export(client, members):
    assert client.get(reverse("registry:member_export")).status_code == 302
    assert not ExportLog.objects.exists()


@pytest.mark.parametrize("kind", ["members", "organizations", "chambers", "enterprises"])
def test_blank_templates(client_for, staff, tree, kind):
    book = workbook(client_for(staff).get(reverse("registry:import_template", args=[kind])))
    sheet = book.worksheets[0]
    assert sheet.cell(row=1, column=1).value.rstrip("*") in {"姓名", "党组织名称", "商会名称", "企业名称"}
    assert len(book.worksheets) == 2  # the instructions sheet
    if kind != "enterprises":
        assert sheet.data_validations.dataValidation, "choice columns have drop-downs"


def test_unknown_template_is_404(client_for, staff, tree):
    assert client_for(staff).get("/imports/template/nonsense/").status_code == 404


def test_export_queries_are_bounded(client_for, staff, tree, django_assert_max_num_queries):
    for _ in range(60):
        factories.make_member(tree["putian"], enterprise=factories.make_enterprise())
    client = client_for(staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("registry:member_export")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("registry:organization_export")).status_code == 200


def test_an_export_keeps_the_lists_order_and_has_an_autofilter(client_for, staff, tree):
    for name in ("乙", "甲", "丙", "丁"):
        factories.make_member(tree["putian"], name=name)
    client = client_for(staff)
    shown = [m.name for m in client.get(reverse("registry:member_list"), {"sort": "-name"}).context["page"].object_list]
    response = client.get(reverse("registry:member_export"), {"sort": "-name"})
    sheet = workbook(response).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == shown
    assert shown == ["乙", "甲", "丁", "丙"]  # yǐ, jiǎ, dīng, bǐng: pinyin order, descending (branches/pinyin.py)
    assert sheet.auto_filter.ref.startswith("A1:") and sheet.auto_filter.ref.endswith("5")
    for kind in ("organization", "chamber", "enterprise"):
        response = client.get(reverse(f"registry:{kind}_export"), {"sort": "-name"})
        names = [row[0] for row in workbook(response).worksheets[0].iter_rows(min_row=2, values_only=True)]
        context = client.get(reverse(f"registry:{kind}_list"), {"sort": "-name"}).context
        listed = context["page"].object_list if kind in ("enterprise", "organization") else context[f"{kind}s"]
        assert names == [record.name for record in listed], kind


@pytest.mark.parametrize("sort", ["own", "-own", "subtree", "-subtree", "six_knowns", "-six_knowns"])
def test_the_organization_export_follows_a_sort_by_member_figures(client_for, staff, tree, sort):
    for name in ("乙", "甲", "丙"):
        factories.make_member(tree["putian"], name=name)
    factories.make_member(tree["fuzhou"], name="丁")
    client = client_for(staff)
    organizations = client.get(reverse("registry:organization_list"), {"sort": sort}).context["page"].object_list
    response = client.get(reverse("registry:organization_export"), {"sort": sort})
    names = [row[0] for row in workbook(response).worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert names == [o.name for o in organizations] and len(names) > 1
    if sort.lstrip("-") != "six_knowns":
        figures = [getattr(o, sort.lstrip("-"))["total"] for o in organizations]
        assert figures == sorted(figures, reverse=sort.startswith("-")) and len(set(figures)) > 1
