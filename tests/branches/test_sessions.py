"""Sessions end when idle (SESSION_IDLE_SECONDS) or old (SESSION_COOKIE_AGE since the login)."""

import time

import pytest
from django.urls import reverse

from branches.sessions import SESSION_SEEN, SESSION_STARTED


def logged_in(client, user, *, started_ago, seen_ago):
    client.force_login(user)
    session = client.session
    now = int(time.time())
    session[SESSION_STARTED] = now - started_ago
    session[SESSION_SEEN] = now - seen_ago
    session.save()
    return client


@pytest.mark.parametrize(
    "started_ago, seen_ago, still_in",
    [
        (60, 60, True),
        (3 * 3600, 7000, True),  # used 2 hours less 200 seconds ago
        (3 * 3600, 7300, False),  # idle longer than SESSION_IDLE_SECONDS (2 hours)
        (12 * 3600 + 10, 30, False),  # in use, but logged in more than 12 hours ago
    ],
)
def test_a_session_ends_when_idle_or_old(client, staff, settings, started_ago, seen_ago, still_in):
    assert settings.SESSION_IDLE_SECONDS == 7200 and settings.SESSION_COOKIE_AGE == 12 * 3600
    response = logged_in(client, staff, started_ago=started_ago, seen_ago=seen_ago).get(reverse("registry:member_list"))
    if still_in:
        assert response.status_code == 200
        assert int(time.time()) - client.session[SESSION_SEEN] < 60  # the idle clock restarted
    else:
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert "_auth_user_id" not in client.session
        assert "请重新登录" in client.get(response.url).content.decode()


def test_the_idle_time_is_a_setting(client, staff, settings):
    settings.SESSION_IDLE_SECONDS = 600
    response = logged_in(client, staff, started_ago=900, seen_ago=700).get(reverse("home"))
    assert response.status_code == 302


def test_the_clocks_start_at_login(client, staff):
    from tests.conftest import PASSWORD

    client.post("/accounts/login/", {"username": "staff", "password": PASSWORD})
    assert int(time.time()) - client.session[SESSION_STARTED] < 60
    assert client.session[SESSION_SEEN] == client.session[SESSION_STARTED]
