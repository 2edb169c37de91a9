"""The committee's exemptions (ORGLIFE.md §1): the committee office excuses an organization from a
kind of meeting for a period, with its reason, and may withdraw it — with history; secretaries and
reviewers read them in their scope and may not grant; bad input refused with its message, nothing written."""

import pytest
from django.urls import reverse

from registry.models import Exemption
from tests.outreach.helpers import shown
from tests.registry.orglife.compliance.helpers import D

NEW = reverse("registry:meeting_exemption_create")
LIST = reverse("registry:meeting_exemption_list")


def form(organization, **extra):
    return {"organization": organization.pk, "kind": "party_day", "day": "2026-02-17", "reason": "春节返乡", **extra}


def test_the_committee_excuses_a_month_and_the_grid_shows_it(client_for, staff, tree):
    client = client_for(staff)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, form(tree["fuzhou_1"]))
    assert response.status_code == 302 and response.url == LIST
    exemption = Exemption.objects.get()
    assert (exemption.kind, exemption.period_start, exemption.granted_by) == ("party_day", D(2026, 2, 1), staff)
    assert exemption.history.get().history_user == staff
    grid = client.get(reverse("registry:meeting_compliance"), {"kind": "party_day", "year": 2026})
    row = next(row for row in grid.context["grid"]["rows"] if row.organization == tree["fuzhou_1"])
    assert [cell.state for cell in row.cells][:3] == ["not_held", "exempt", "not_held"]


def test_a_quarterly_kind_is_excused_for_the_quarter(client_for, staff, tree):
    client_for(staff).post(NEW, form(tree["fuzhou_1"], kind="general_meeting", day="2026-05-20"))
    assert Exemption.objects.get().period_start == D(2026, 4, 1)


@pytest.mark.parametrize(
    "extra, field, message",
    [
        ({"reason": " "}, "reason", "This field is required."),
        ({"kind": "group_meeting"}, "kind", None),
        ({"kind": "tea"}, "kind", None),
        ({"day": "0001-01-01"}, "day", None),
        ({"day": "²"}, "day", None),
    ],
)
def test_bad_input_is_refused_and_nothing_written(client_for, staff, tree, extra, field, message):
    response = client_for(staff).post(NEW, form(tree["fuzhou_1"], **extra))
    assert response.status_code == 200 and field in response.context["form"].errors
    if message:
        assert shown(message) in response.context["form"].errors[field]
    assert not Exemption.objects.exists()


def test_a_period_is_excused_once(client_for, staff, tree):
    client = client_for(staff)
    client.post(NEW, form(tree["fuzhou_1"]))
    response = client.post(NEW, form(tree["fuzhou_1"], day="2026-02-03"))
    assert response.status_code == 200 and response.context["form"].errors
    assert Exemption.objects.count() == 1


def test_a_party_group_owes_no_party_day_to_excuse(client_for, staff, tree):
    from tests import factories

    group = factories.make_organization("小组", level="party_group", parent=tree["putian"])
    response = client_for(staff).post(NEW, form(group))
    assert "kind" in response.context["form"].errors and not Exemption.objects.exists()


def test_only_the_committee_office_grants_and_withdraws(client_for, secretary_a, reviewer, staff, tree):
    exemption = Exemption.objects.create(
        organization=tree["fuzhou_1"], kind="party_day", period_start=D(2026, 2, 1), reason="x"
    )
    withdraw = reverse("registry:meeting_exemption_withdraw", args=[exemption.pk])
    for user in (secretary_a, reviewer):
        client = client_for(user)
        assert client.get(NEW).status_code == 403
        assert client.post(NEW, form(tree["fuzhou_1"], day="2026-03-01")).status_code == 403
        assert client.post(withdraw).status_code == 403
        listed = client.get(LIST)
        assert (
            listed.status_code == 200 and withdraw not in listed.content.decode() and NEW not in listed.content.decode()
        )
    client = client_for(staff)
    assert client.get(withdraw).status_code == 405
    assert client.post(withdraw).status_code == 302
    assert not Exemption.objects.exists()
    assert Exemption.history.filter(history_type="-").get().history_user == staff


def test_the_list_is_scoped(client_for, secretary_b, tree):
    Exemption.objects.create(organization=tree["fuzhou_1"], kind="party_day", period_start=D(2026, 2, 1), reason="福州")
    Exemption.objects.create(organization=tree["putian"], kind="party_day", period_start=D(2026, 2, 1), reason="莆田")
    response = client_for(secretary_b).get(LIST)
    assert [e.reason for e in response.context["page"].object_list] == ["莆田"]
    assert client_for(secretary_b).get(reverse("registry:meeting_exemption_export")).status_code == 200


@pytest.mark.parametrize("size", [2, 20])
def test_the_list_is_bounded_in_queries(client_for, staff, tree, size, django_assert_max_num_queries):
    from tests import factories

    for number in range(size):
        branch = factories.make_organization(parent=tree["fuzhou"])
        Exemption.objects.create(organization=branch, kind="party_day", period_start=D(2026, 2, 1), reason=f"{number}")
    client = client_for(staff)
    client.get(LIST)
    with django_assert_max_num_queries(7):
        response = client.get(LIST)
    assert response.context["page"].paginator.count == size
