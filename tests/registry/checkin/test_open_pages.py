"""The open pages are the only views exempt from LoginRequiredMiddleware, and everything else
still asks for a login."""

from django.urls import URLPattern, URLResolver, get_resolver


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_only_the_check_in_and_arrival_pages_are_open():
    open_routes = {
        route
        for route, view in _views(get_resolver().url_patterns)
        if getattr(view, "login_required", True) is False and not route.startswith(("accounts/", "admin/", "i18n/"))
    }
    assert open_routes == {"c/<str:token>/", "a/<str:code>/"}


def test_a_registry_page_still_asks_for_a_login(client, db):
    response = client.get("/checkin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
