"""The contact log: recording a contact (POST-only, scoped, validated, with history), the lost-touch
list (never contacted first, oldest first, configurable days, scoped, bounded queries), marking a
member lost contact and found again."""

import html

import pytest
from django.urls import reverse

from outreach.contacts import services
from outreach.models import Contact, LatestContact
from tests import factories
from tests.outreach.helpers import FUTURE_MESSAGE, REQUIRED, days_ago, shown, today, tomorrow

LOST_TOUCH = reverse("outreach:lost_touch")


def record_url(member):
    return reverse("outreach:contact_create", args=[member.pk])


def contact(member, days, actor=None, channel="phone"):
    return services.contact_create(
        member=member,
        data={
            "date": days_ago(days),
            "channel": channel,
            "made_by": "联络员",
            "note": "",
        },
        actor=actor,
    )


def post_data(**changes):
    data = {"date": today().isoformat(), "channel": "phone", "made_by": "张联络", "note": "电话联系，一切正常"}
    data.update(changes)
    return data


# --- recording a contact --------------------------------------------------------------------------


def test_secretary_records_a_phone_call_with_history(client_for, secretary_a, members):
    member = members["fuzhou_1"][0]
    response = client_for(secretary_a).post(record_url(member), post_data())
    assert response.status_code == 302
    recorded = Contact.objects.get(member=member)
    assert (recorded.channel, recorded.made_by, recorded.recorded_by) == ("phone", "张联络", secretary_a)
    assert recorded.history.get().history_user == secretary_a
    assert LatestContact.objects.get(member=member).date == today()


def test_the_form_proposes_today_and_the_users_name(client_for, secretary_a, members):
    response = client_for(secretary_a).get(record_url(members["fuzhou_1"][0]))
    assert response.status_code == 200
    assert response.context["form"].initial["date"] == today()
    assert response.context["form"].initial["made_by"] == "secretary_a"  # a login without a name: its login name
    secretary_a.first_name = "陈建平"
    secretary_a.save(update_fields=["first_name"])
    response = client_for(secretary_a).get(record_url(members["fuzhou_1"][0]))
    assert response.context["form"].initial["made_by"] == "陈建平"  # the person, not the login


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"date": tomorrow()}, "date", FUTURE_MESSAGE),
        ({"made_by": ""}, "made_by", REQUIRED),
        ({"date": ""}, "date", REQUIRED),
        ({"channel": "pigeon"}, "channel", "pigeon"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_written(client_for, staff, members, changes, field, message):
    member = members["putian"][0]
    response = client_for(staff).post(record_url(member), post_data(**changes))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert (shown(message) if message == FUTURE_MESSAGE else message) in errors
    assert html.escape(errors.split(" ")[0])[:10] in response.content.decode()
    assert not Contact.objects.exists() and not LatestContact.objects.exists()


def test_a_future_date_is_refused_in_chinese_by_default(client_for, staff, members):
    response = client_for(staff).post(record_url(members["putian"][0]), post_data(date=tomorrow()))
    assert shown(FUTURE_MESSAGE) in response.content.decode()


def test_unknown_or_other_branch_member_is_404_and_nothing_written(client_for, secretary_a, members):
    client = client_for(secretary_a)
    assert client.post(reverse("outreach:contact_create", args=[999999]), post_data()).status_code == 404
    assert client.post(record_url(members["putian"][0]), post_data()).status_code == 404
    assert client.get(record_url(members["putian"][0])).status_code == 404
    assert not Contact.objects.exists()


def test_reviewer_may_not_record(client_for, reviewer, members):
    assert client_for(reviewer).post(record_url(members["putian"][0]), post_data()).status_code == 403
    assert not Contact.objects.exists()


def test_an_older_contact_typed_late_leaves_the_latest_date(members, staff):
    member = members["putian"][0]
    contact(member, 3, staff)
    contact(member, 40, staff)
    assert LatestContact.objects.get(member=member).date == days_ago(3)
    services.refresh_latest_contacts()
    assert LatestContact.objects.get(member=member).date == days_ago(3)


def test_the_member_page_shows_the_log(client_for, staff, members):
    member = members["putian"][0]
    services.contact_create(
        member=member,
        data={"date": days_ago(5), "channel": "wechat_qq", "made_by": "王联络", "note": "微信联系，近况良好"},
        actor=staff,
    )
    response = client_for(staff).get(reverse("registry:member_detail", args=[member.pk]))
    page = response.content.decode()
    assert "微信联系，近况良好" in page and "王联络" in page
    assert days_ago(5).isoformat() in page


# --- the lost-touch list ---------------------------------------------------------------------------


def test_never_contacted_first_then_oldest_first_and_recent_ones_left_out(client_for, staff, tree):
    recent = factories.make_member(tree["putian"], name="近期")
    old = factories.make_member(tree["putian"], name="很久")
    older = factories.make_member(tree["putian"], name="更久")
    never = factories.make_member(tree["putian"], name="从未")
    contact(recent, 10)
    contact(old, 100)
    contact(older, 200)
    response = client_for(staff).get(LOST_TOUCH)
    names = [m.name for m in response.context["page"].object_list]
    assert names == ["从未", "更久", "很久"]
    response = client_for(staff).get(LOST_TOUCH, {"days": 150})
    assert [m.name for m in response.context["page"].object_list] == ["从未", "更久"]
    response = client_for(staff).get(LOST_TOUCH, {"days": 5})
    assert [m.name for m in response.context["page"].object_list] == ["从未", "更久", "很久", "近期"]
    assert never.pk in [m.pk for m in response.context["page"].object_list]


def test_days_default_to_the_setting(client_for, staff, tree, settings):
    member = factories.make_member(tree["putian"])
    contact(member, 40)
    assert client_for(staff).get(LOST_TOUCH).context["page"].paginator.count == 0
    settings.OUTREACH_LOST_TOUCH_DAYS = 30
    assert client_for(staff).get(LOST_TOUCH).context["page"].paginator.count == 1


def test_secretary_sees_only_their_subtree(client_for, secretary_a, secretary_b, members, tree):
    page = client_for(secretary_a).get(LOST_TOUCH).context["page"]
    organizations = {m.organization_id for m in page.object_list}
    assert organizations == {tree["fuzhou_1"].pk, tree["fuzhou_2"].pk}
    assert page.paginator.count == 4
    response = client_for(secretary_a).get(LOST_TOUCH, {"organization": tree["putian"].pk})
    assert response.status_code == 404
    page = client_for(secretary_b).get(LOST_TOUCH).context["page"]
    assert {m.organization_id for m in page.object_list} == {tree["putian"].pk}


def test_staff_filters_per_organization(client_for, staff, members, tree):
    page = client_for(staff).get(LOST_TOUCH, {"organization": tree["fuzhou"].pk}).context["page"]
    assert page.paginator.count == 4


def test_a_recorded_contact_takes_the_member_off_the_list(client_for, secretary_a, members):
    member = members["fuzhou_2"][1]
    client = client_for(secretary_a)
    assert member in client.get(LOST_TOUCH).context["page"].object_list
    response = client.post(record_url(member), {**post_data(), "next": LOST_TOUCH})
    assert response.status_code == 302 and response["Location"] == LOST_TOUCH
    assert member not in client.get(LOST_TOUCH).context["page"].object_list


def test_next_to_another_site_is_ignored(client_for, staff, members):
    member = members["putian"][0]
    response = client_for(staff).post(record_url(member), {**post_data(), "next": "https://evil.example/"})
    assert response["Location"] == reverse("registry:member_detail", args=[member.pk])


def test_the_list_makes_a_bounded_number_of_queries(client_for, staff, tree, django_assert_max_num_queries):
    for index in range(60):
        member = factories.make_member(tree["fuzhou_1" if index % 2 else "putian"])
        if index % 3 == 0:
            contact(member, 100 + index)
    client = client_for(staff)
    with django_assert_max_num_queries(8):
        response = client.get(LOST_TOUCH)
    assert response.context["page"].paginator.count == 60


# --- lost contact (失联) and found again ----------------------------------------------------------


def lost_url(member):
    return reverse("outreach:member_lost_contact", args=[member.pk])


def test_mark_lost_then_found_again_both_in_the_history(client_for, secretary_a, members):
    member = members["fuzhou_1"][0]
    client = client_for(secretary_a)
    assert client.post(lost_url(member), {"lost": "1", "note": "电话停机，微信不回"}).status_code == 302
    member.refresh_from_db()
    assert member.lost_contact is True
    assert client.post(lost_url(member), {"lost": "0", "note": "老乡提供了新号码"}).status_code == 302
    member.refresh_from_db()
    assert member.lost_contact is False
    records = list(member.history.order_by("-history_date", "-history_id")[:2])
    assert [r.lost_contact for r in records] == [False, True]
    assert all(r.history_user == secretary_a for r in records)
    assert "老乡提供了新号码" in records[0].history_change_reason
    assert "电话停机" in records[1].history_change_reason
    page = client.get(reverse("registry:member_detail", args=[member.pk])).content.decode()
    assert "老乡提供了新号码" in page


def test_marking_is_post_only_and_scoped(client_for, secretary_a, reviewer, members):
    member = members["putian"][0]
    assert client_for(secretary_a).get(lost_url(members["fuzhou_1"][0])).status_code == 405
    assert client_for(secretary_a).post(lost_url(member), {"lost": "1"}).status_code == 404
    assert client_for(reviewer).post(lost_url(member), {"lost": "1"}).status_code == 403
    member.refresh_from_db()
    assert member.lost_contact is False and member.history.count() == 1


def test_contact_form_is_get_or_post_only(client_for, staff, members):
    assert client_for(staff).put(record_url(members["putian"][0])).status_code == 405


# --- designated contact persons -------------------------------------------------------------------

DESIGNATED = reverse("outreach:designated_contacts")


def test_secretary_names_a_designated_contact_for_their_own_organization(client_for, secretary_a, tree):
    from outreach.models import DesignatedContact

    client = client_for(secretary_a)
    data = {
        "organization": tree["fuzhou_1"].pk,
        "name": "郑联络",
        "phone": "139 0000 1111",
        "since": today().isoformat(),
    }
    assert client.post(DESIGNATED, data).status_code == 302
    person = DesignatedContact.objects.get()
    assert (person.phone, person.history.get().history_user) == ("13900001111", secretary_a)
    assert client.post(DESIGNATED, {**data, "organization": tree["putian"].pk}).status_code == 404
    response = client.post(DESIGNATED, {**data, "since": tomorrow()})
    assert shown(FUTURE_MESSAGE) in " ".join(response.context["form"].errors["since"])
    response = client.post(DESIGNATED, {**data, "name": ""})
    assert REQUIRED in " ".join(response.context["form"].errors["name"])
    assert DesignatedContact.objects.count() == 1
    assert client.post(reverse("outreach:designated_contact_end", args=[person.pk]), {"active": "0"}).status_code == 302
    person.refresh_from_db()
    assert person.active is False and person.history.count() == 2


def test_designated_contacts_are_scoped(client_for, secretary_b, reviewer, staff, tree):
    from outreach.contacts import services as contact_services

    own = contact_services.designated_contact_create(data={"organization": tree["putian"], "name": "甲"}, actor=staff)
    other = contact_services.designated_contact_create(
        data={"organization": tree["fuzhou_1"], "name": "乙"}, actor=staff
    )
    page = client_for(secretary_b).get(DESIGNATED).context["page"]
    assert list(page.object_list) == [own]
    assert client_for(secretary_b).post(reverse("outreach:designated_contact_end", args=[other.pk])).status_code == 404
    assert client_for(reviewer).post(DESIGNATED, {"organization": tree["putian"].pk, "name": "丙"}).status_code == 403
    assert client_for(staff).get(reverse("outreach:designated_contact_end", args=[own.pk])).status_code == 405


@pytest.mark.parametrize(
    "target", ["not-a-url", "registry:member_list", "/members/\r\nSet-Cookie: x=1", "//evil.example/"]
)
def test_a_next_that_is_no_path_here_falls_back_to_the_member_and_the_contact_is_saved(
    client_for, staff, members, target
):
    member = members["putian"][0]
    response = client_for(staff).post(record_url(member), {**post_data(), "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:member_detail", args=[member.pk])
    assert Contact.objects.filter(member=member).count() == 1
