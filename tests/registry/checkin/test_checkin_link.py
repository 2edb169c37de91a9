"""A member's check-in link: made by the secretary (or the command), opened without an account,
refused in plain Chinese when tampered, expired, revoked or for a member who left; nothing of the
record written by the member's submission."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from branches import clock
from registry.checkin import services
from registry.models import CheckinLink, CheckinSubmission
from registry.movements import rules
from registry.movements import services as movement_services
from tests import factories

REFUSAL = "此链接无法使用"


@pytest.fixture
def member(tree):
    return factories.make_member(
        tree["fuzhou_1"], name="报到甲", phone="13900001111", work_address="北京市朝阳区甲路1号"
    )


def _open(client, path):
    return client.get(path, REMOTE_ADDR="203.0.113.5")


def test_the_link_opens_the_members_own_record_masked_without_an_account(client, member):
    path = services.link_create(member=member, actor=None)
    response = _open(client, path)
    assert response.status_code == 200
    text = response.content.decode()
    assert "报到甲" in text and "福州商会第一党支部" in text
    assert "*" * 14 + member.id_number[-4:] in text and member.id_number not in text
    assert 'value="13900001111"' in text  # the member's own phone, to confirm
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "no-referrer"
    assert not response.cookies  # no session, no CSRF cookie: the link is the only authority
    assert "<script" not in text and "/members/" not in text  # no navigation into the registry
    assert len(path) > 60 and CheckinLink.objects.get().token_hash not in path  # unguessable; the token kept hashed


def test_a_submission_writes_nothing_to_the_record(client, member):
    path = services.link_create(member=member, actor=None)
    response = client.post(
        path,
        {
            "phone": "13800002222",
            "work_address": "北京市海淀区乙路2号",
            "occupation": member.occupation,
            "origin_address": member.origin_address,
            "left_home": "2010-03-01",
        },
        REMOTE_ADDR="203.0.113.5",
    )
    assert response.status_code == 200 and "支部书记核对后才会写入" in response.content.decode()
    submission = CheckinSubmission.objects.get()
    assert submission.submitted_from == "203.0.113.5"
    assert submission.changes == {
        "phone": {"before": "13900001111", "after": "13800002222"},
        "work_address": {"before": "北京市朝阳区甲路1号", "after": "北京市海淀区乙路2号"},
    }
    member.refresh_from_db()
    assert member.phone == "13900001111" and member.work_address == "北京市朝阳区甲路1号"
    assert member.history.count() == 1


def test_a_submission_is_held_to_the_imports_value_rules(client, member):
    path = services.link_create(member=member, actor=None)
    response = client.post(path, {"phone": "12345", "left_home": "2016年13月"}, REMOTE_ADDR="203.0.113.5")
    text = response.content.decode()
    assert "手机号码应为以1开头的11位数字" in text  # the import's own sentences
    assert "不是实际存在的日期" in text
    assert not CheckinSubmission.objects.exists()


@pytest.mark.parametrize("case", ["tampered", "expired", "revoked", "left", "garbage"])
def test_a_link_that_cannot_be_used_answers_a_plain_chinese_page(client, member, case):
    path = services.link_create(member=member, actor=None)
    if case == "tampered":
        path = path[:-6] + ("A" if path[-6] != "A" else "B") + path[-5:]
    elif case == "expired":
        CheckinLink.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    elif case == "revoked":
        services.link_create(member=member, actor=None)
    elif case == "left":
        movement_services.movement_record(
            member=member, actor=None, event=rules.Event(kind="left_area", date=clock.today(), other_side="天津")
        )
    elif case == "garbage":
        path = "/c/not-a-link/"
    response = _open(client, path)
    assert response.status_code == 200
    text = response.content.decode()
    assert REFUSAL in text and "报到甲" not in text and "福州" not in text
    assert "no-store" in response["Cache-Control"]
    posted = client.post(path, {"phone": "13800002222"}, REMOTE_ADDR="203.0.113.5")
    assert REFUSAL in posted.content.decode()
    assert not CheckinSubmission.objects.exists()


def test_the_open_pages_are_throttled_per_address(client, member, settings):
    settings.REGISTRY_OPEN_PAGE_LIMIT = 3
    path = services.link_create(member=member, actor=None)
    statuses = [client.get(path, REMOTE_ADDR="198.51.100.7").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(path, REMOTE_ADDR="198.51.100.8").status_code == 200  # another address


def test_the_secretary_makes_a_link_with_its_qr_code_and_the_member_page_shows_the_last_confirmation(
    client_for, secretary_a, member, client
):
    client = client_for(secretary_a)
    page = client.get(f"/members/{member.pk}/").content.decode()
    assert "尚未" in page or "还没有" in page
    response = client.post(f"/members/{member.pk}/checkin-link/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<svg" in text and "http://testserver/c/" in text
    link_path = text.split("http://testserver", 1)[1].split('"', 1)[0]
    client.logout()
    client.post(
        link_path,
        {
            "phone": member.phone,
            "work_address": member.work_address,
            "occupation": member.occupation,
            "origin_address": member.origin_address,
            "left_home": "2010-03-01",
        },
        REMOTE_ADDR="203.0.113.9",
    )
    assert CheckinSubmission.objects.get().state == "confirmed"  # nothing to decide
    client.force_login(secretary_a)
    page = client.get(f"/members/{member.pk}/").content.decode()
    assert clock.today().isoformat() in page.split('id="last-confirmed"', 1)[1][:200]


def test_a_secretary_of_another_branch_cannot_make_the_link(client_for, secretary_b, member):
    assert client_for(secretary_b).post(f"/members/{member.pk}/checkin-link/").status_code == 404
    assert not CheckinLink.objects.exists()


def test_the_command_prints_the_same_link(member, client, capsys):
    call_command("checkin_link", member.id_number, "--days", "3")
    path = capsys.readouterr().out.strip()
    assert path.startswith("/c/")
    link = CheckinLink.objects.get()
    assert datetime.timedelta(days=2, hours=23) < link.expires_at - link.created_at <= datetime.timedelta(days=3)
    assert "报到甲" in _open(client, path).content.decode()


def test_staff_make_links_for_a_whole_organization_at_once(client_for, staff, secretary_a, members, tree):
    assert client_for(secretary_a).post("/checkin/links/", {"organization": tree["fuzhou"].pk}).status_code == 403
    response = client_for(staff).post("/checkin/links/", {"organization": tree["fuzhou"].pk})
    text = response.content.decode()
    assert text.count("http://testserver/c/") == 4 and text.count("<svg") == 4  # the two branches' four members
    assert CheckinLink.objects.filter(revoked_at__isnull=True).count() == 4
    client_for(staff).post("/checkin/links/", {"organization": tree["fuzhou_1"].pk})
    assert CheckinLink.objects.filter(revoked_at__isnull=True).count() == 4  # two replaced, two kept
    assert CheckinLink.objects.filter(revoked_at__isnull=False).count() == 2


def test_the_throttle_counts_in_the_database_so_every_worker_shares_it(client, member, settings):
    """Each web worker is a process of its own: a count kept in one process's memory would let an
    address make the limit's worth of requests per worker. The count is a row of the database
    (RequestCount), which every worker reads and counts up."""
    from registry.checkin.openpages import window_key
    from registry.models.checkin import RequestCount

    settings.REGISTRY_OPEN_PAGE_LIMIT = 3
    path = services.link_create(member=member, actor=None)
    assert client.get(path, REMOTE_ADDR="198.51.100.9").status_code == 200
    counted = RequestCount.objects.filter(name=window_key("198.51.100.9"))
    assert counted.get().count == 1, "the count is in the database"
    counted.update(count=3)  # as if another worker had let three requests through
    assert client.get(path, REMOTE_ADDR="198.51.100.9").status_code == 429
