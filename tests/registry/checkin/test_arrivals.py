"""The arrival poster and form: the import's value rules, the secretary's decision, and an ID
number already on the roster — the poster answering as for anyone (it tells no one who is a
member), the secretary's queue saying the person is on the roster (not where), the committee office
told where; one registration waiting per ID number and organization."""

import datetime

import pytest

from branches import clock
from registry.checkin import links
from registry.models import ArrivalSubmission, Member
from tests import factories


def _form(**extra):
    data = {
        "name": "新来丙",
        "id_number": factories.make_id_number(datetime.date(1988, 5, 6)),
        "gender": "男",
        "ethnicity": "汉",
        "joined": "2012-07",
        "status": "正式党员",
        "origin_organization": "中共莆田市某某村委员会",
        "origin_address": "福建省莆田市",
        "left_home": "2020-03",
        "work_address": "北京市丰台区丙路3号",
        "occupation": "销售",
        "employer": "",
        "phone": "13700005555",
    }
    data.update(extra)
    return data


@pytest.fixture
def arrival_path(tree):
    return links.arrival_path(tree["putian"].pk)


def test_the_poster_has_a_qr_code_and_a_short_address(client_for, secretary_b, tree, arrival_path):
    response = client_for(secretary_b).get(f"/organizations/{tree['putian'].pk}/arrival-poster/")
    text = response.content.decode()
    assert response.status_code == 200 and "<svg" in text and f"http://testserver{arrival_path}" in text
    assert len(arrival_path) <= len("/a/123-abcdefg/")
    assert client_for(secretary_b).get(f"/organizations/{tree['fuzhou'].pk}/arrival-poster/").status_code == 404


def test_a_forged_arrival_code_is_refused(client, tree, arrival_path):
    forged = arrival_path.replace(f"/a/{tree['putian'].pk}-", f"/a/{tree['fuzhou'].pk}-")
    response = client.get(forged)
    assert response.status_code == 200 and "此地址不完整" in response.content.decode()
    assert "莆田" not in response.content.decode()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"id_number": "350102198805060000"}, "校验位有误"),
        ({"phone": "1370000555"}, "手机号码应为以1开头的11位数字"),
        ({"joined": "2016年13月"}, "不是实际存在的日期"),
        ({"joined": "1980-01"}, "入党时间必须晚于出生日期"),
        ({"gender": "女"}, "性别与公民身份号码不一致"),
        ({"ethnicity": "火星族"}, None),
    ],
)
def test_the_arrival_form_refuses_what_the_import_refuses(client, arrival_path, change, message):
    response = client.post(arrival_path, _form(**change), REMOTE_ADDR="203.0.113.20")
    text = response.content.decode()
    if message is None:  # the import keeps an unknown ethnic group as written: so does the form
        assert ArrivalSubmission.objects.count() == 1
        return
    assert message in text, text[text.find('class="error"') - 200 : text.find('class="error"') + 300]
    assert not ArrivalSubmission.objects.exists()


def test_the_secretary_accepts_the_newcomer_onto_the_roster(client, client_for, secretary_b, tree, arrival_path):
    response = client.post(arrival_path, _form(), REMOTE_ADDR="203.0.113.21")
    assert "已提交到支部" in response.content.decode()
    assert not Member.objects.filter(name="新来丙").exists()  # nothing on the roster yet
    submission = ArrivalSubmission.objects.get()
    assert submission.state == "pending" and submission.submitted_from == "203.0.113.21"
    secretary = client_for(secretary_b)
    assert client.get(f"/checkin/arrivals/{submission.pk}/").status_code == 405
    response = secretary.post(f"/checkin/arrivals/{submission.pk}/", {"action": "accept"})
    member = Member.objects.get(name="新来丙")
    assert response.status_code == 302 and response["Location"] == f"/members/{member.pk}/"
    assert member.organization == tree["putian"] and member.category == "registered_mobile"
    assert member.registered_on == clock.today() and member.phone == "13700005555"
    assert (member.joined.isoformat(), member.joined_precision) == ("2012-07-01", "month")
    record = member.history.get()
    assert record.history_user == secretary_b and "流入报到" in record.history_change_reason


def test_an_id_already_on_the_roster_elsewhere(client, client_for, secretary_b, staff, tree, arrival_path):
    elsewhere = factories.make_member(tree["fuzhou_1"], name="已在册丁")
    newcomer = client.post(arrival_path, _form(), REMOTE_ADDR="203.0.113.21").content.decode()
    response = client.post(
        arrival_path,
        _form(name="已在册丁", id_number=elsewhere.id_number, joined="2005-07"),
        REMOTE_ADDR="203.0.113.22",
    )
    text = response.content.decode()
    # The same answer as for a newcomer: the poster is no oracle of who is a member here.
    assert text.replace("已在册丁", "") == newcomer.replace("新来丙", "") and "福州" not in text
    assert "您已在本地党组织登记" not in text
    submission = ArrivalSubmission.objects.get(name="已在册丁")
    assert submission.state == "pending" and submission.existing_member == elsewhere
    # the secretary of the branch on the poster sees that the person is on the roster, not where
    queue = client_for(secretary_b).get("/checkin/").content.decode()
    assert f'id="on-roster-{submission.pk}"' in queue and "已在册" in queue and "福州" not in queue
    assert client_for(secretary_b).post(f"/checkin/arrivals/{submission.pk}/", {"action": "accept"}).status_code == 302
    assert Member.objects.filter(id_number=elsewhere.id_number).count() == 1
    # the committee office sees where
    office = client_for(staff).get("/checkin/").content.decode()
    section = office.split('id="already-registered"', 1)[1]
    assert "已在册丁" in section and "福州商会第一党支部" in section and "莆田商会党支部" in section


def test_one_registration_waits_per_id_number_and_organization(client, tree, arrival_path):
    form = _form()
    for number in range(10):
        client.post(arrival_path, {**form, "phone": f"1370000{number:04d}"}, REMOTE_ADDR="203.0.113.24")
    waiting = ArrivalSubmission.objects.get(state="pending")  # one, not ten
    assert waiting.data["phone"] == "13700000009"  # the latest sent
    client.post(links.arrival_path(tree["fuzhou_1"].pk), form, REMOTE_ADDR="203.0.113.24")
    assert ArrivalSubmission.objects.filter(state="pending").count() == 2  # another organization's


def test_declining_puts_nobody_on_the_roster(client, client_for, secretary_b, arrival_path):
    client.post(arrival_path, _form(), REMOTE_ADDR="203.0.113.23")
    submission = ArrivalSubmission.objects.get()
    client_for(secretary_b).post(f"/checkin/arrivals/{submission.pk}/", {"action": "decline"})
    submission.refresh_from_db()
    assert submission.state == "declined" and submission.decided_by == secretary_b
    assert not Member.objects.filter(name="新来丙").exists()


def test_a_former_member_is_not_taken_back_through_the_arrival_form(
    client, client_for, secretary_b, tree, arrival_path
):
    from registry.movements import rules
    from registry.movements import services as movement_services

    former = factories.make_member(tree["putian"], name="离开戊")
    movement_services.movement_record(
        member=former, actor=None, event=rules.Event(kind="left_area", date=clock.today(), other_side="天津")
    )
    client.post(
        arrival_path, _form(name="离开戊", id_number=former.id_number, joined="2005-07"), REMOTE_ADDR="203.0.113.24"
    )
    submission = ArrivalSubmission.objects.get()
    assert submission.state == "pending"
    response = client_for(secretary_b).post(f"/checkin/arrivals/{submission.pk}/", {"action": "accept"}, follow=True)
    assert "已离开党员中恢复" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == "pending" and Member.all_members.filter(id_number=former.id_number).count() == 1
