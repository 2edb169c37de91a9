"""The roster: scope, search, filters, masking, bounded queries."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests import factories

URL = reverse("registry:member_list")


def names(response):
    return {member.name for member in response.context["page"].object_list}


def test_anonymous_is_sent_to_login(client, members):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_staff_sees_everyone(client_for, staff, members):
    response = client_for(staff).get(URL)
    assert response.status_code == 200
    assert len(names(response)) == 8


def test_secretary_sees_only_their_subtree(client_for, secretary_a, members):
    response = client_for(secretary_a).get(URL)
    expected = {m.name for key in ("fuzhou_1", "fuzhou_2") for m in members[key]}
    assert names(response) == expected
    assert response.context["page"].paginator.count == 4


def test_secretary_search_by_id_of_other_branch_finds_nothing(client_for, secretary_a, members):
    other = members["putian"][0]
    response = client_for(secretary_a).get(URL, {"q": other.id_number})
    assert names(response) == set()
    response = client_for(secretary_a).get(URL, {"q": other.id_number[-6:]})
    assert other.name not in names(response)


def test_secretary_filtering_by_other_organization_is_refused(client_for, secretary_a, tree, members):
    response = client_for(secretary_a).get(URL, {"organization": tree["putian"].pk})
    assert response.status_code == 200
    assert names(response) == set()


@pytest.mark.parametrize("how", ["full", "tail", "lowercase_x", "phone", "name"])
def test_search(client_for, staff, tree, how):
    member = factories.make_member(tree["putian"], id_number="11010519491231002X", phone="13912345678", name="林小明")
    factories.make_member(tree["putian"], name="陈大华")
    query = {
        "full": member.id_number,
        "tail": "1231002X",
        "lowercase_x": "11010519491231002x",
        "phone": "139 1234 5678",
        "name": "小明",
    }[how]
    response = client_for(staff).get(URL, {"q": query})
    assert names(response) == {"林小明"}


def test_filter_by_organization_includes_its_subtree(client_for, staff, tree, members):
    response = client_for(staff).get(URL, {"organization": tree["fuzhou"].pk})
    assert response.context["page"].paginator.count == 4


def test_filter_by_six_knowns(client_for, staff, tree):
    factories.make_member(tree["putian"], name="完整")
    factories.make_member(tree["putian"], name="缺电话", phone="")
    factories.make_member(tree["putian"], name="自管", phone="", category="self_managed")
    client = client_for(staff)
    assert names(client.get(URL, {"six_knowns": "incomplete"})) == {"缺电话"}
    assert names(client.get(URL, {"six_knowns": "complete"})) == {"完整"}


def test_the_six_knowns_column_and_the_member_page_ask_the_member_whether_they_apply(client_for, staff, tree):
    """Member.six_knowns_applicable (registry/sixknowns.py): mobile members, and self-managed members
    who flowed out; the templates ask it instead of spelling the rule."""
    from registry.models import Member

    at_home = factories.make_member(tree["putian"], name="自管", phone="", category="self_managed")
    gone = factories.make_member(tree["putian"], name="流出", phone="", category="self_managed")
    Member.objects.filter(pk=gone.pk).update(flowed_out=True)
    client = client_for(staff)
    rows = {
        name: row
        for row in client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode().split("<tr")
        for name in ("自管", "流出")
        if f">{name}<" in row
    }
    assert "不适用" in rows["自管"] and "/6</span>" not in rows["自管"]
    assert "不适用" not in rows["流出"] and "/6</span>" in rows["流出"]
    not_applicable = "该党员为自管党员"
    assert not_applicable in client.get(reverse("registry:member_detail", args=[at_home.pk])).content.decode()
    assert not_applicable not in client.get(reverse("registry:member_detail", args=[gone.pk])).content.decode()
    for path in Path(__file__).resolve().parents[3].joinpath("templates").rglob("*.html"):
        assert 'category == "self_managed"' not in path.read_text(), path


def test_reviewer_sees_masked_id_numbers_and_phones(client_for, reviewer, tree):
    member = factories.make_member(tree["putian"], phone="13912345678")
    body = client_for(reviewer).get(URL).content.decode()
    assert member.id_number not in body
    assert "13912345678" not in body
    assert member.id_number[-4:] in body


def test_staff_sees_full_id_numbers(client_for, staff, tree):
    member = factories.make_member(tree["putian"])
    assert member.id_number in client_for(staff).get(URL).content.decode()


def test_invalid_filter_value_is_not_an_error_page(client_for, staff, members):
    response = client_for(staff).get(URL, {"organization": "abc", "category": "nonsense", "page": "9999"})
    assert response.status_code == 200


def test_queries_are_bounded(client_for, staff, tree, django_assert_max_num_queries):
    for index in range(120):
        factories.make_member(tree["fuzhou_1"] if index % 2 else tree["putian"])
    client = client_for(staff)
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"six_knowns": "complete"})
    assert response.status_code == 200
    with django_assert_max_num_queries(
        12 + 2
    ):  # and the search's count (SearchThrottleMiddleware: one upsert, a clean-up)
        client.get(URL, {"q": "党员", "page": 2})
