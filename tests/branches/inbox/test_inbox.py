"""The inbox (issue 26 §6, docs/inbox.md): what is due in the user's scope, counted by the rooms
(Room.inbox), and the messages stored for them; the unread count in the nav, in one query whatever
the rooms and the number of messages; mark read one by one or all at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.inbox import services
from tests.branches.inbox.helpers import arrival

ARRIVALS = "Arrivals waiting to be put on the roster"


def _page(client, name="branches:inbox"):
    response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_due_and_messages_unread_until_marked_read(client, tree, secretary_a, secretary_b, settings):
    settings.LANGUAGE_CODE = "en"
    arrival(tree["fuzhou_1"])
    message = services.message_send(recipient=secretary_a, subject="请核对名单", url="/members/")
    client.force_login(secretary_a)
    page = _page(client)
    assert ARRIVALS in page and "请核对名单" in page
    assert 'id="inbox-unread">2<' in page  # one reminder, one message

    opened = client.post(reverse("branches:inbox_message_read", args=[message.pk]), {"open": "1"})
    assert opened.status_code == 302 and opened.url == "/members/"
    assert 'id="inbox-unread">1<' in _page(client)
    assert client.post(reverse("branches:inbox_all_read")).status_code == 302
    assert 'id="inbox-unread"' not in _page(client)

    arrival(tree["fuzhou_2"], name="又来一位")  # the count grows: the reminder is unread again
    assert 'id="inbox-unread">1<' in _page(client)

    client.force_login(secretary_b)  # another branch: nothing of it, not even by the message's URL
    page = _page(client)
    assert ARRIVALS not in page and "请核对名单" not in page
    assert client.post(reverse("branches:inbox_message_read", args=[message.pk])).status_code == 404


def test_a_reminder_followed_is_marked_read(client, tree, secretary_a, settings):
    settings.LANGUAGE_CODE = "en"
    arrival(tree["fuzhou_1"])
    client.force_login(secretary_a)
    followed = client.post(reverse("branches:inbox_reminder_read", args=["checkin_arrivals"]))
    assert followed.status_code == 302 and followed.url == reverse("registry:checkin_queue")
    assert 'id="inbox-unread"' not in _page(client)
    assert client.post(reverse("branches:inbox_reminder_read", args=["nothing_by_this_name"])).status_code == 404


def test_the_nav_count_is_one_query_whatever_the_messages(client, tree, secretary_a):
    client.force_login(secretary_a)
    counts = []
    for added, total in ((1, 1), (29, 30)):
        for number in range(added):
            services.message_send(recipient=secretary_a, subject=f"消息 {number}")
        with CaptureQueriesContext(connection) as queries:
            page = _page(client, "branches:inbox_settings")
        assert f'id="inbox-unread">{total}<' in page
        assert sum("branches_message" in query["sql"] for query in queries.captured_queries) == 1
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_reviewer_reads_and_changes_nothing(client, tree, reviewer):
    client.force_login(reviewer)
    page = _page(client)
    assert 'id="inbox-all-read"' not in page and 'id="inbox-settings"' not in page
    assert client.post(reverse("branches:inbox_all_read")).status_code == 403
    assert client.post(reverse("branches:inbox_settings"), {"digest": "daily", "email": "a@b.cn"}).status_code == 403


def test_the_digest_is_chosen_with_an_address(client, tree, secretary_a, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(secretary_a)
    url = reverse("branches:inbox_settings")
    refused = client.post(url, {"digest": "weekly", "email": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200 and "needs an e-mail address" in refused.content.decode()
    assert client.post(url, {"digest": "weekly", "email": "chen@example.cn"}).status_code == 302
    secretary_a.refresh_from_db()
    assert (secretary_a.inbox_state.digest, secretary_a.email) == ("weekly", "chen@example.cn")
