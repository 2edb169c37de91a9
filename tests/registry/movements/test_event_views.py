"""Recording events from a member's page: the happy paths, the refusals (a Chinese sentence naming
the rule and the date, nothing written), scope (404 outside the subtree, 403 for reviewers), GET of
a write refused where the view is POST-only."""

import datetime

import pytest
from django.urls import reverse

from branches import clock
from registry.models import Member, Movement
from tests import factories

pytestmark = pytest.mark.django_db


def url(member, kind):
    return reverse("registry:event_record", args=[member.pk, kind])


@pytest.fixture
def own(tree):
    return factories.make_member(
        tree["fuzhou_1"], category=Member.Category.SELF_MANAGED, registered_on=datetime.date(2020, 1, 1)
    )


def test_member_page_offers_the_events_that_apply(client_for, secretary_a, own):
    body = client_for(secretary_a).get(reverse("registry:member_detail", args=[own.pk])).content.decode()
    assert url(own, "flow_out") in body and url(own, "transfer_out") in body
    assert url(own, "return") not in body and url(own, "transfer_in") not in body


def test_flow_out_then_return_are_dated_events_in_the_timeline_and_the_history(client_for, secretary_a, own):
    client = client_for(secretary_a)
    response = client.post(
        url(own, "flow_out"),
        {
            "date": "2025-03-01",
            "other_side": "广东省深圳市",
            "certificate_number": "LDZ-1",
            "reason": "务工",
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.flowed_out and own.left_home == datetime.date(2025, 3, 1)
    assert own.six_knowns_applicable  # the six knowns apply to a flowed-out self-managed member
    assert client.post(url(own, "return"), {"date": "2025-09-01"}).status_code == 302
    own.refresh_from_db()
    assert not own.flowed_out
    assert list(own.movements.values_list("kind", flat=True)) == ["flow_out", "return"]
    body = client.get(reverse("registry:member_detail", args=[own.pk])).content.decode()
    assert "2025-03-01" in body and "广东省深圳市" in body
    assert own.history.count() == 3  # created, flowed out, returned


@pytest.mark.parametrize(
    "kind, data, code",
    [
        ("flow_out", {"date": "2099-01-01", "other_side": "深圳"}, "future"),
        ("flow_out", {"date": "2019-12-31", "other_side": "深圳"}, "before_registered"),
        ("return", {"date": "2025-01-01"}, "return_without_flow_out"),
        (
            "transfer_in",
            {"date": "2025-01-01", "other_side": "某县委", "letter_number": "JS-1"},
            "transfer_in_already_self_managed",
        ),
        ("left_area", {"date": "2025-01-01"}, "left_area_self_managed"),
        ("probation_cancelled", {"date": "2025-01-01"}, "cancel_full_member"),
    ],
)
def test_refusals_name_the_rule_and_the_date_and_write_nothing(client_for, secretary_a, own, kind, data, code):
    before = own.history.count()
    response = client_for(secretary_a).post(url(own, kind), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(error.code == code for errors in form.errors.as_data().values() for error in errors)
    text = response.content.decode()
    assert data["date"] in text
    assert not Movement.objects.exists()
    own.refresh_from_db()
    assert own.history.count() == before and own.left_on is None


def test_refusals_are_in_chinese(client_for, secretary_a, own, settings):
    response = client_for(secretary_a).post(url(own, "return"), {"date": "2025-01-01"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "返回" in response.content.decode() or "流出" in response.content.decode()


def test_flow_out_of_a_mobile_member_is_refused(client_for, secretary_a, tree):
    mobile = factories.make_member(tree["fuzhou_1"], registered_on=datetime.date(2020, 1, 1))
    response = client_for(secretary_a).post(url(mobile, "flow_out"), {"date": "2025-01-01", "other_side": "深圳"})
    assert response.context["form"].has_error("__all__", "flow_out_not_self_managed")


def test_death_takes_the_member_off_the_roster(client_for, secretary_a, own):
    response = client_for(secretary_a).post(url(own, "died"), {"date": "2025-11-11"})
    assert response.status_code == 302
    assert not Member.objects.filter(pk=own.pk).exists()
    former = Member.all_members.get(pk=own.pk)
    assert (former.left_on, former.left_as) == (datetime.date(2025, 11, 11), "died")
    assert client_for(secretary_a).get(reverse("registry:member_detail", args=[own.pk])).status_code == 404


def test_transfer_in_makes_the_member_self_managed(client_for, secretary_a, tree):
    mobile = factories.make_member(tree["fuzhou_1"], registered_on=datetime.date(2020, 1, 1))
    response = client_for(secretary_a).post(
        url(mobile, "transfer_in"),
        {
            "date": "2025-06-10",
            "other_side": "中共某镇委员会",
            "letter_number": "JS-2025-001",
        },
    )
    assert response.status_code == 302
    mobile.refresh_from_db()
    assert mobile.category == Member.Category.SELF_MANAGED


def move(client, member, organization):
    return client.post(
        url(member, "transfer_out"),
        {"date": "2025-06-10", "to_organization": organization.pk, "letter_number": "ZC-9", "valid_days": 30},
    )


def test_transfer_out_to_our_own_organization_is_a_move_between_branches(client_for, staff, own, tree):
    response = move(client_for(staff), own, tree["putian"])
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.organization == tree["putian"] and own.left_on is None
    movement = own.movements.get()
    assert movement.is_branch_move and movement.departed_on is None
    assert (
        any(change["field"] == Member._meta.get_field("organization").verbose_name for entry in [] for change in entry)
        or own.history.filter(organization=tree["fuzhou_1"]).exists()
    )


def test_a_secretary_moves_a_member_only_within_their_subtree(client_for, secretary_a, own, tree):
    """Issue 20 §4: another branch, or the committee itself, is refused (the form does not offer
    them, the service refuses them if posted); a branch of their own is a move."""
    client = client_for(secretary_a)
    offered = client.get(url(own, "transfer_out")).context["form"].fields["to_organization"].queryset
    assert set(offered) == {tree["fuzhou"], tree["fuzhou_2"]}
    for elsewhere in (tree["putian"], tree["committee"]):
        response = move(client, own, elsewhere)
        assert response.status_code == 200 and not Movement.objects.exists()
        own.refresh_from_db()
        assert own.organization == tree["fuzhou_1"]
    assert move(client, own, tree["fuzhou_2"]).status_code == 302
    own.refresh_from_db()
    assert own.organization == tree["fuzhou_2"]


def test_the_service_refuses_a_move_out_of_the_secretarys_subtree(secretary_a, own, tree):
    from django.core.exceptions import ValidationError

    from registry.movements import rules, services

    event = rules.Event(kind="transfer_out", date=datetime.date(2025, 6, 10), to_organization_id=tree["putian"].pk)
    with pytest.raises(ValidationError) as refused:
        services.movement_record(member=own, event=event, actor=secretary_a)
    assert refused.value.error_dict["to_organization"][0].code == "move_out_of_scope"
    assert not Movement.objects.exists()


def test_secretary_records_only_in_their_subtree(client_for, secretary_b, own):
    assert client_for(secretary_b).get(url(own, "died")).status_code == 404
    assert client_for(secretary_b).post(url(own, "died"), {"date": "2025-01-01"}).status_code == 404
    assert not Movement.objects.exists()


def test_reviewer_may_not_record(client_for, reviewer, own):
    assert client_for(reviewer).post(url(own, "died"), {"date": "2025-01-01"}).status_code == 403
    assert not Movement.objects.exists()


def test_unknown_event_is_404(client_for, secretary_a, own):
    assert client_for(secretary_a).get(url(own, "arrival")).status_code == 404
    assert client_for(secretary_a).get(url(own, "nonsense")).status_code == 404


def test_the_form_proposes_today(client_for, secretary_a, own):
    response = client_for(secretary_a).get(url(own, "died"))
    assert response.context["form"]["date"].value() == clock.today()
