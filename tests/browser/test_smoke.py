"""The smallest walk through a real browser: the login page is Chinese, and staff can log in — and
the session the form makes is the one the other browser tests' `logged_in` makes without it."""

from django.conf import settings
from django.contrib.sessions.models import Session

from tests.conftest import PASSWORD


def session_of(page, live_server) -> dict:
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies(live_server.url)}
    return Session.objects.get(session_key=cookies[settings.SESSION_COOKIE_NAME]).get_decoded()


def test_login_page_is_chinese_and_staff_gets_in(page, live_server, login, logged_in, staff):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("input[type=password]").count() == 1
    assert (page.get_attribute("html", "lang") or "").lower().startswith("zh")

    response = login(page, live_server, "staff", PASSWORD)
    assert response is not None and response.ok
    assert "/accounts/login/" not in page.url

    by_form = session_of(page, live_server)
    logged_in(page, live_server, staff)  # a new session in place of the form's
    by_cookie = session_of(page, live_server)
    assert by_cookie.keys() == by_form.keys()  # the user, its backend and hash, the clocks of branches/sessions.py
    assert {key: value for key, value in by_cookie.items() if key.startswith("_auth_")} == {
        key: value for key, value in by_form.items() if key.startswith("_auth_")
    }
