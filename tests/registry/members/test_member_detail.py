"""A member's page: all fields, the six knowns, history; out of scope is a 404."""

import pytest
from django.urls import reverse

from registry.members import services
from tests import factories


def url(member):
    return reverse("registry:member_detail", args=[member.pk])


def test_staff_sees_the_record_and_history(client_for, staff, tree):
    member = factories.make_member(tree["putian"], phone="")
    services.member_update(member=member, data={"phone": "13800001111"}, actor=staff)
    response = client_for(staff).get(url(member))
    assert response.status_code == 200
    body = response.content.decode()
    assert member.id_number in body
    assert "13800001111" in body
    history = response.context["history"]
    assert history[0]["who"] == staff
    assert any(change["new"] == "13800001111" and change["old"] == "—" for change in history[0]["changes"])


def test_six_knowns_missing_are_listed(client_for, staff, tree):
    member = factories.make_member(tree["putian"], occupation="", dues_paid_through=None)
    response = client_for(staff).get(url(member))
    missing = [str(label) for label in response.context["six_knowns_missing"]]
    assert len(missing) == 2
    assert response.context["member"].six_knowns_count == 4


@pytest.mark.parametrize(
    "user_fixture, branch, status",
    [
        ("secretary_a", "fuzhou_1", 200),
        ("secretary_a", "putian", 404),
        ("secretary_b", "fuzhou_2", 404),
        ("secretary_b", "committee", 404),
        ("reviewer", "putian", 200),
    ],
)
def test_scope(request, client_for, members, user_fixture, branch, status):
    user = request.getfixturevalue(user_fixture)
    assert client_for(user).get(url(members[branch][0])).status_code == status


def test_unknown_member_is_404(client_for, staff, tree):
    assert client_for(staff).get("/members/999999/").status_code == 404


def test_anonymous_is_redirected(client, members):
    response = client.get(url(members["putian"][0]))
    assert response.status_code == 302


def test_reviewer_sees_masked_personal_data(client_for, reviewer, tree):
    member = factories.make_member(tree["putian"], phone="13912345678")
    body = client_for(reviewer).get(url(member)).content.decode()
    assert member.id_number not in body
    assert "13912345678" not in body
    assert "139****5678" in body


def test_month_precision_dates_show_as_months(client_for, staff, tree):
    import datetime

    member = factories.make_member(tree["putian"], left_home=datetime.date(2016, 12, 1), left_home_precision="month")
    body = client_for(staff).get(url(member)).content.decode()
    assert "2016-12" in body and "2016-12-01" not in body


def test_history_is_bounded_in_queries(client_for, staff, tree, django_assert_max_num_queries):
    member = factories.make_member(tree["putian"])
    for index in range(30):
        services.member_update(member=member, data={"notes": f"第{index}次"}, actor=staff)
    client = client_for(staff)
    # The page's own 7, the dues ledger (entries and what is due: 2), the honours (commendations and
    # terms as a representative: 2), plus the outreach sections (contact log, visits, activities,
    # cases: 5; certificates and requests: 3) — a constant, whatever the number of history rows.
    # The discipline decisions: 1 (registry/discipline/sections.py). The appraisal's grades by year: 1
    # (registry/appraisal/sections.py). The dues reductions of the year: 1. The last organizational life: 1
    # (registry/orglife/sections.py). The questions the committee sent back on the record (the banner): 1
    # (registry/templatetags/sendbacks.py).
    with django_assert_max_num_queries(24):
        response = client.get(url(member))
    assert len(response.context["history"]) == 31


def test_the_way_back_is_the_list_as_it_was_filtered_never_another_site(client_for, staff, tree):
    member = factories.make_member(tree["putian"], phone="13900000001")
    client = client_for(staff)
    listed = client.get(
        reverse("registry:member_list"), {"category": "registered_mobile", "sort": "-name"}
    ).content.decode()
    back = "/members/?category=registered_mobile&amp;sort=-name"
    assert f'href="/members/{member.pk}/?back=/members/%3Fcategory%3Dregistered_mobile%26sort%3D-name"' in listed
    body = client.get(
        reverse("registry:member_detail", args=[member.pk]), {"back": "/members/?category=registered_mobile&sort=-name"}
    ).content.decode()
    assert f'<a href="{back}" rel="up">' in body
    for elsewhere in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        body = client.get(reverse("registry:member_detail", args=[member.pk]), {"back": elsewhere}).content.decode()
        assert '<a href="/members/" rel="up">' in body, elsewhere
    assert 'href="tel:13900000001"' in body and "data-print" in body


def test_a_reviewer_prints_the_record_masked_and_without_a_phone_link(client_for, reviewer, tree):
    member = factories.make_member(tree["putian"], phone="13900000001")
    body = client_for(reviewer).get(reverse("registry:member_detail", args=[member.pk])).content.decode()
    assert "data-print" in body and "tel:" not in body and "13900000001" not in body


def test_a_record_without_history_rows_has_an_empty_history(tree):
    """A record whose history was never written (a former member of the demo, rows written before
    history began) shows no entries, not a 500 (the pairing of rows with their elders was made
    strict: no rows and one None are no pairs)."""
    from registry.members.history import history_entries

    member = factories.make_member(tree["putian"])
    member.history.all().delete()
    assert history_entries(member, show_personal_data=True) == []
