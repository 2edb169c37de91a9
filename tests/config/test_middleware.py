"""Request-wide rules: sessions end when idle or old; nothing rendered may be cached; the
Content-Security-Policy allows no inline script."""

import time

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.middleware import SESSION_SEEN, SESSION_STARTED


def logged_in(client, user, *, started_ago, seen_ago):
    client.force_login(user)
    session = client.session
    now = int(time.time())
    session[SESSION_STARTED] = now - started_ago
    session[SESSION_SEEN] = now - seen_ago
    session.save()
    return client


@pytest.mark.parametrize("started_ago, seen_ago, still_in", [
    (60, 60, True),
    (3 * 3600, 7000, True),  # used 2 hours less 200 seconds ago
    (3 * 3600, 7300, False),  # idle longer than SESSION_IDLE_SECONDS (2 hours)
    (12 * 3600 + 10, 30, False),  # in use, but logged in more than 12 hours ago
])
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


def plain_routes(resolver=None, prefix=""):
    """Every URL of the URLconf that takes no argument."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if "<" in route or "(" in route or "^" in route.lstrip("^") or "$" in route[:-1]:
            continue
        if isinstance(pattern, URLResolver):
            yield from plain_routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield "/" + route.lstrip("^").rstrip("$")


def test_no_page_or_download_may_be_stored(client_for, admin, members, tmp_path, settings):
    """Every route without arguments (pages, workbooks, the admin), answered to an admin, plus a
    member's page and a PDF: no-store, and the policy with no inline script."""
    settings.MEDIA_ROOT = tmp_path
    client = client_for(admin)
    member = members["putian"][0]
    routes = sorted(set(plain_routes())) + [reverse("registry:member_detail", args=[member.pk])]
    assert len(routes) > 40
    downloads = 0
    for route in routes:
        response = client.get(route)
        assert "no-store" in response.get("Cache-Control", ""), route
        if response.status_code == 200 and response.get("Content-Disposition"):
            downloads += 1
        if response.get("Content-Type", "").startswith("text/html"):
            policy = response["Content-Security-Policy"]
            assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src-attr")[0], route
    assert downloads >= 5


def test_static_files_keep_their_caching(client, settings):
    response = client.get("/" + settings.STATIC_URL.lstrip("/") + "css/registry.css")
    assert "no-store" not in response.get("Cache-Control", "")
