"""Sending a record back (issue 26 §7, docs/inbox.md#sending-back): the committee office sends a
member record back with a question; it shows on the record and in the secretary's inbox until the
secretary answers (or corrects the record), and the answer reaches the sender's inbox. Scope: another
branch's secretary sees nothing of it, by URL guessing too; reviewers see none and cannot send."""

import pytest
from django.urls import reverse

from branches.inbox.models import Message
from registry.members import services as member_services
from registry.models import SendBack
from registry.sendbacks import services


def _send(staff, member, question="入党时间与档案不符？"):
    return services.send_back(kind="member", record=member, question=question, actor=staff)


def test_sent_back_shows_in_the_secretarys_inbox_and_leaves_it_when_answered(client, members, staff, secretary_a):
    member = members["fuzhou_1"][0]
    client.force_login(staff)
    sent = client.post(
        reverse("registry:send_back_new", args=["member", member.pk]), {"question": "入党时间与档案不符？"}
    )
    assert sent.status_code == 302 and sent.url == reverse("registry:member_detail", args=[member.pk])
    send_back = SendBack.objects.get()
    assert (send_back.state, send_back.organization, send_back.asked_by) == ("open", member.organization, staff)

    client.force_login(secretary_a)
    inbox = client.get(reverse("branches:inbox")).content.decode()
    assert "入党时间与档案不符？" in inbox and member.name in inbox
    assert 'id="inbox-unread">1<' in inbox  # the nav's count
    page = client.get(reverse("registry:member_detail", args=[member.pk])).content.decode()
    assert f'id="sent-back-{send_back.pk}"' in page and "入党时间与档案不符？" in page
    answered = client.post(reverse("registry:send_back_answer", args=[send_back.pk]), {"answer": "已核对档案，无误。"})
    assert answered.status_code == 302

    inbox = client.get(reverse("branches:inbox")).content.decode()
    assert "入党时间与档案不符？" not in inbox and 'id="inbox-unread"' not in inbox
    send_back.refresh_from_db()
    assert (send_back.state, send_back.answer, send_back.answered_by) == ("answered", "已核对档案，无误。", secretary_a)
    assert [row.history_user for row in send_back.history.order_by("history_date")] == [staff, secretary_a]
    # The answer reaches the sender's inbox; the committee's list of open ones is empty again.
    client.force_login(staff)
    assert "已核对档案，无误。" in client.get(reverse("branches:inbox")).content.decode()
    listed = client.get(reverse("registry:send_back_list")).content.decode()
    assert 'id="send-backs"' not in listed


def test_a_save_of_the_record_closes_it_as_corrected(members, staff, secretary_a):
    member = members["fuzhou_1"][0]
    send_back = _send(staff, member)
    assert Message.objects.filter(recipient=secretary_a, closed_at__isnull=True).count() == 1
    member_services.member_update(member=member, data={"occupation": "工程师"}, actor=secretary_a)
    send_back.refresh_from_db()
    assert (send_back.state, send_back.answered_by) == ("corrected", secretary_a)
    assert not Message.objects.filter(recipient=secretary_a, closed_at__isnull=True).exists()
    assert Message.objects.get(recipient=staff).subject.endswith(member.name)


def test_one_open_question_per_record_and_a_question_is_needed(members, staff):
    from django.core.exceptions import ValidationError

    member = members["putian"][0]
    with pytest.raises(ValidationError):
        _send(staff, member, question="  ")
    _send(staff, member)
    with pytest.raises(ValidationError):
        _send(staff, member, question="再问一次")
    assert SendBack.objects.count() == 1


def test_another_secretary_and_a_reviewer_see_nothing_of_it(client, members, staff, secretary_a, secretary_b, reviewer):
    member = members["fuzhou_1"][0]
    send_back = _send(staff, member)
    answer_url = reverse("registry:send_back_answer", args=[send_back.pk])
    client.force_login(secretary_b)
    assert "入党时间与档案不符？" not in client.get(reverse("branches:inbox")).content.decode()
    assert client.get(answer_url).status_code == 404
    assert client.post(answer_url, {"answer": "x"}).status_code == 404
    assert client.get(reverse("registry:send_back_list")).status_code == 403
    own = members["putian"][0]
    assert client.post(reverse("registry:send_back_new", args=["member", own.pk]), {"question": "?"}).status_code == 403
    client.force_login(reviewer)
    assert (
        f'id="sent-back-{send_back.pk}"'
        not in client.get(reverse("registry:member_detail", args=[member.pk])).content.decode()
    )
    assert client.get(answer_url).status_code == 403  # a read-only role answers nothing
    assert client.get(reverse("registry:send_back_list")).status_code == 403
    assert client.post(reverse("registry:send_back_new", args=["member", own.pk]), {"question": "?"}).status_code == 403
    send_back.refresh_from_db()
    assert send_back.state == "open" and SendBack.objects.count() == 1


def test_the_committees_list_is_bounded(client, members, staff, django_assert_max_num_queries):
    client.force_login(staff)
    url = reverse("registry:send_back_list")
    everyone = [member for rows in members.values() for member in rows]
    for count in (2, len(everyone)):
        for member in everyone[:count]:
            if not SendBack.objects.filter(member=member).exists():
                _send(staff, member)
        with django_assert_max_num_queries(14):
            page = client.get(url).content.decode()
        assert page.count("<tr>") == count + 1


def test_the_list_exports_what_it_shows_and_the_download_is_logged(client, members, staff, secretary_a):
    from registry.models import ExportLog

    answered = _send(staff, members["fuzhou_1"][0])
    services.answer(sent=answered, answer="无误", actor=secretary_a)
    _send(staff, members["putian"][0], question="工作单位？")
    client.force_login(staff)
    response = client.get(reverse("registry:send_back_export"), {"state": "open"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    log = ExportLog.objects.get()
    assert (log.kind, log.rows, log.filters) == ("send_backs", 1, {"state": "open"})


def test_a_candidate_sent_back_shows_on_its_page_and_closes_on_its_edit(client, tree, staff, secretary_a):
    import datetime

    from branches import clock
    from registry.development import services as development_services
    from registry.models import Candidate
    from tests import factories

    candidate = Candidate.objects.create(
        name="陈晓梅",
        id_number=factories.make_id_number(birth=datetime.date(1995, 4, 2), male=False),
        organization=tree["fuzhou_1"],
        applied=clock.today() - datetime.timedelta(days=400),
    )
    sent = services.send_back(kind="candidate", record=candidate, question="谈话记录缺失？", actor=staff)
    client.force_login(secretary_a)
    page = client.get(reverse("registry:candidate_detail", args=[candidate.pk])).content.decode()
    assert f'id="sent-back-{sent.pk}"' in page and "谈话记录缺失？" in page
    development_services.candidate_update(candidate=candidate, data={"notes": "已补谈话记录"}, actor=secretary_a)
    sent.refresh_from_db()
    assert sent.state == "corrected"
