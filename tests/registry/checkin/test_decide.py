"""The secretary's queue and decisions: field by field, through the member services, the history
saying the change came from the member and who accepted it."""

import pytest

from registry.checkin import services
from registry.members.history import history_entries
from registry.models import CheckinSubmission
from tests import factories


@pytest.fixture
def submission(tree):
    member = factories.make_member(
        tree["fuzhou_1"], name="更正乙", phone="13900003333", work_address="旧地址", occupation="厨师"
    )
    path = services.link_create(member=member, actor=None)
    link = member.checkin_links.get()
    assert path
    return services.submission_create(
        link=link,
        address="203.0.113.1",
        changes={
            "phone": {"before": "13900003333", "after": "13800004444"},
            "work_address": {"before": "旧地址", "after": "新地址"},
            "left_home": {"before": "2010-03-01", "after": "2016-12"},
        },
    )


def test_the_queue_shows_the_submission_to_its_secretary_only(
    client_for, secretary_a, secretary_b, submission, django_assert_max_num_queries
):
    client = client_for(secretary_a)
    with django_assert_max_num_queries(12):
        page = client.get("/checkin/").content.decode()
    assert "更正乙" in page
    assert "更正乙" not in client_for(secretary_b).get("/checkin/").content.decode()
    assert client_for(secretary_b).get(f"/checkin/{submission.pk}/").status_code == 404


def test_accepting_some_fields_writes_those_with_the_history_saying_so(client_for, secretary_a, submission):
    client = client_for(secretary_a)
    page = client.get(f"/checkin/{submission.pk}/").content.decode()
    assert "13900003333" in page and "13800004444" in page and "旧地址" in page
    response = client.post(
        f"/checkin/{submission.pk}/", {"action": "accept", "accept": ["phone", "left_home"]}, REMOTE_ADDR="192.0.2.4"
    )
    assert response.status_code == 302
    member = submission.member
    member.refresh_from_db()
    assert member.phone == "13800004444" and member.work_address == "旧地址"
    assert (member.left_home.isoformat(), member.left_home_precision) == ("2016-12-01", "month")
    submission.refresh_from_db()
    assert submission.state == "partly" and submission.accepted_fields == ["phone", "left_home"]
    assert submission.decided_by == secretary_a and submission.decided_from == "192.0.2.4"
    latest = history_entries(member, show_personal_data=True)[0]
    assert latest["who"] == secretary_a
    assert latest["reason"].startswith("党员本人于") and latest["reason"].endswith("采纳：联系电话、外出时间")
    assert {change["field"] for change in latest["changes"]} == {"外出时间", "联系电话"}
    # decided once: a second post changes nothing
    client.post(f"/checkin/{submission.pk}/", {"action": "accept", "accept": ["work_address"]})
    member.refresh_from_db()
    assert member.work_address == "旧地址"


def test_declining_writes_nothing(client_for, secretary_a, submission):
    client_for(secretary_a).post(f"/checkin/{submission.pk}/", {"action": "decline", "accept": ["phone"]})
    submission.refresh_from_db()
    submission.member.refresh_from_db()
    assert submission.state == "declined" and submission.member.phone == "13900003333"
    assert submission.member.history.count() == 1


def test_a_reviewer_may_not_decide(client_for, reviewer, submission):
    response = client_for(reviewer).post(f"/checkin/{submission.pk}/", {"action": "accept", "accept": ["phone"]})
    assert response.status_code == 403
    assert CheckinSubmission.objects.get().state == "pending"


def test_an_employer_is_matched_by_name_or_kept_in_the_notes(tree, secretary_a):
    enterprise = factories.make_enterprise("福州某某贸易有限公司")
    member = factories.make_member(tree["fuzhou_1"])
    services.link_create(member=member, actor=None)
    link = member.checkin_links.get()
    known = services.submission_create(
        link=link, address=None, changes={"employer": {"before": "", "after": enterprise.name}}
    )
    services.submission_decide(submission=known, accepted=["employer"], actor=secretary_a, address=None)
    member.refresh_from_db()
    assert member.enterprise == enterprise
    unknown = services.submission_create(
        link=link, address=None, changes={"employer": {"before": enterprise.name, "after": "不认识的公司"}}
    )
    services.submission_decide(submission=unknown, accepted=["employer"], actor=secretary_a, address=None)
    member.refresh_from_db()
    assert "不认识的公司" in member.notes and member.enterprise == enterprise


def test_a_new_submission_replaces_the_one_waiting(tree):
    member = factories.make_member(tree["fuzhou_1"])
    services.link_create(member=member, actor=None)
    link = member.checkin_links.get()
    first = services.submission_create(
        link=link, address=None, changes={"occupation": {"before": "经理", "after": "厨师"}}
    )
    services.submission_create(link=link, address=None, changes={"occupation": {"before": "经理", "after": "司机"}})
    first.refresh_from_db()
    assert first.state == "superseded"
    assert list(
        CheckinSubmission.objects.filter(state="pending").values_list("changes__occupation__after", flat=True)
    ) == ["司机"]


def test_the_queue_and_the_decision_name_the_person_who_decided_not_their_login(client_for, secretary_a, submission):
    secretary_a.first_name = "陈建平"
    secretary_a.save()
    client = client_for(secretary_a)
    client.post(f"/checkin/{submission.pk}/", {"action": "accept", "accept": ["phone"]})
    for page in (
        client.get("/checkin/?state=all").content.decode(),
        client.get(f"/checkin/{submission.pk}/").content.decode(),
    ):
        assert "陈建平" in page
        assert "secretary_a" not in page


def test_an_old_correction_does_not_overwrite_a_later_edit_unless_the_secretary_chooses(
    client_for, secretary_a, staff, submission
):
    """Issue 20 §5: staff changed the phone after the member sent a correction; accepting it wrote
    the member's old correction over the later edit, and the page showed the stale "before"."""
    from registry.members import services as member_services

    member = submission.member
    member_services.member_update(member=member, data={"phone": "13700007777"}, actor=staff, reason="电话核实")
    client = client_for(secretary_a)
    page = client.get(f"/checkin/{submission.pk}/").content.decode()
    assert 'id="now-phone"' in page and "13700007777" in page  # the record as it is now, marked
    assert 'id="now-work_address"' not in page and 'id="overwrite-phone"' in page
    client.post(f"/checkin/{submission.pk}/", {"action": "accept", "accept": ["phone", "work_address"]})
    member.refresh_from_db()
    submission.refresh_from_db()
    assert (member.phone, member.work_address, submission.state) == ("13700007777", "旧地址", "pending")
    client.post(
        f"/checkin/{submission.pk}/", {"action": "accept", "accept": ["phone", "work_address"], "overwrite": ["phone"]}
    )
    member.refresh_from_db()
    assert (member.phone, member.work_address) == ("13800004444", "新地址")  # chosen: written over
