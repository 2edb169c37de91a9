"""The six knowns as work: each secretary's list of incomplete records (which of the six are
missing, a link to edit, an export), completeness per organization and per chamber. One
definition (registry/sixknowns.py) for the list, the member page and the statistics."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from registry.figures import statistics
from registry.figures.worklists import MISSING_HEADER
from registry.models import Member
from tests import factories

URL = reverse("registry:six_knowns_worklist")


@pytest.fixture
def incomplete(tree, members):
    """One incomplete record per branch, each missing something else; one self-managed (n/a)."""
    return {
        "fuzhou_1": factories.make_member(tree["fuzhou_1"], phone="", occupation=""),
        "fuzhou_2": factories.make_member(tree["fuzhou_2"], left_home=None),
        "putian": factories.make_member(tree["putian"], dues_paid_through=None, origin_address=""),
        "self_managed": factories.make_member(tree["putian"], category=Member.Category.SELF_MANAGED, phone=""),
    }


def listed(response):
    return {member.name: member.missing for member in response.context["page"].object_list}


def test_the_list_says_which_of_the_six_are_missing(client_for, staff, incomplete):
    response = client_for(staff).get(URL)
    expected = {
        member.name: [str(label) for label in member.six_knowns_missing()]
        for key, member in incomplete.items()
        if key != "self_managed"
    }
    assert listed(response) == expected
    assert len(expected[incomplete["fuzhou_1"].name]) == 2
    body = response.content.decode()
    for member in incomplete.values():
        if member.category != Member.Category.SELF_MANAGED:
            assert reverse("registry:member_edit", args=[member.pk]) in body


def test_it_agrees_with_the_statistics(staff, incomplete):
    figures = statistics.member_figures(Member.objects.all())["six_knowns"]
    assert figures["applicable"] - figures["complete"] == Member.objects.six_knowns_incomplete().count() == 3


def test_a_secretary_sees_only_their_subtree(client_for, secretary_a, secretary_b, incomplete):
    assert set(listed(client_for(secretary_a).get(URL))) == {incomplete["fuzhou_1"].name, incomplete["fuzhou_2"].name}
    response = client_for(secretary_b).get(URL, {"organization": incomplete["fuzhou_1"].organization_id})
    assert listed(response) == {}


def test_filters_by_organization_chamber_and_missing_known(client_for, staff, tree, incomplete):
    client = client_for(staff)
    assert set(listed(client.get(URL, {"organization": tree["fuzhou"].pk}))) == {
        incomplete["fuzhou_1"].name,
        incomplete["fuzhou_2"].name,
    }
    assert set(listed(client.get(URL, {"chamber": tree["putian_chamber"].pk}))) == {incomplete["putian"].name}
    assert set(listed(client.get(URL, {"missing": "phone"}))) == {incomplete["fuzhou_1"].name}
    response = client.get(URL, {"missing": "shoe_size"})
    assert listed(response) == {} and response.context["filters"].invalid


def test_the_export_is_the_list_with_what_is_missing(client_for, secretary_a, incomplete):
    response = client_for(secretary_a).get(reverse("registry:six_knowns_worklist_export"), {"missing": "left_home"})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    header = list(rows[0])
    assert header[0] == "姓名" and header[-1] == MISSING_HEADER and "外出时间" in header
    assert [row[0] for row in rows[1:]] == [incomplete["fuzhou_2"].name]
    assert rows[1][header.index("公民身份号码")] == incomplete["fuzhou_2"].id_number


def test_reviewers_export_masked(client_for, reviewer, incomplete):
    response = client_for(reviewer).get(reverse("registry:six_knowns_worklist_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    header = list(rows[0])
    numbers = [row[header.index("公民身份号码")] for row in rows[1:]]
    assert len(numbers) == 3 and all("*" in number for number in numbers)


def test_the_exports_blanks_to_fill_are_coloured_and_personal_data_stays_masked(client_for, staff, reviewer, tree):
    """The blanks of the missing knowns carry the legend's fill (nothing else does); a reviewer's
    workbook has the phones masked by the export itself (a landline: no mobile number for the
    downloads' own masking to find), a staff member's in full, as text."""
    member = factories.make_member(tree["fuzhou_1"], left_home=None, phone="059187654321")
    for user, shown in ((staff, "059187654321"), (reviewer, "059****4321")):
        workbook = load_workbook(
            io.BytesIO(client_for(user).get(reverse("registry:six_knowns_worklist_export")).content)
        )
        sheet, legend = workbook.worksheets
        header = [cell.value for cell in sheet[1]]
        row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == member.name)
        coloured = [header[cell.column - 1] for cell in row if cell.fill.fgColor.rgb == legend["A1"].fill.fgColor.rgb]
        assert legend["A1"].fill.fill_type == "solid" and coloured == ["外出时间"]
        assert row[header.index("外出时间")].value is None
        phone = row[header.index("联系电话")]
        assert phone.value == shown and phone.number_format == "@"
        assert row[header.index("党费交至")].number_format in ("yyyy-mm-dd", "yyyy-mm")
        assert row[-1].value == "外出时间"


def test_completeness_per_organization_and_per_chamber(client_for, staff, tree, incomplete):
    context = client_for(staff).get(reverse("registry:six_knowns")).context["figures"]()
    by_name = {organization.name: organization for organization in context["page"].object_list}
    assert (by_name["福州商会党总支"].subtree["applicable"], by_name["福州商会党总支"].subtree["complete"]) == (6, 4)
    assert by_name["福州商会党总支"].incomplete == 2
    assert context["total"] == {"applicable": 11, "complete": 8}
    chambers = {row["chamber"].name: (row["applicable"], row["complete"]) for row in context["chambers"]}
    assert chambers == {"福州商会": (6, 4), "莆田商会": (3, 2), "福建企业总商会": (2, 2)}


def test_the_list_makes_a_bounded_number_of_queries(client_for, staff, tree, django_assert_max_num_queries):
    for index in range(60):
        factories.make_member(tree["fuzhou_1"] if index % 2 else tree["putian"], phone="")
    client = client_for(staff)
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == 50
    with django_assert_max_num_queries(10):
        client.get(reverse("registry:six_knowns"))
    with django_assert_max_num_queries(10):
        client.get(reverse("registry:six_knowns_worklist_export"))
