"""One check for where a request may send the browser (branches.redirects.safe_next), used by the
`back` of a detail page (registry_tags.back_url) and the `next` of a keeping-in-touch form
(outreach.redirects.next_url). It joins what the two copies checked: the `back` copy let a control
character through, the `next` copy a path starting with // on this host."""

import pytest
from django.test import RequestFactory

from branches.redirects import safe_next

DEFAULT = "/members/"


@pytest.mark.parametrize(
    "target",
    ["/members/?organization=3&sort=name", "/members/12/#member-dues", " /outreach/lost-touch/ "],
)
def test_a_path_on_this_site_is_kept(target):
    assert safe_next(RequestFactory().get("/"), target, DEFAULT) == target.strip()


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "not-a-url",
        "registry:member_list",
        "https://evil.example/",
        "//evil.example/",
        "//testserver/members/",  # this host, but no path: the `next` copy let it through
        "/\\evil.example",
        "javascript:alert(1)",
        "/members/\r\nSet-Cookie: x=1",
        "/members/\x07",  # a control character: the `back` copy let it through
    ],
)
def test_anything_else_goes_to_the_default(target):
    assert safe_next(RequestFactory().get("/"), target, DEFAULT) == DEFAULT


def test_a_detail_page_and_a_form_use_the_same_check(monkeypatch):
    """Both callers go through safe_next: a rule added there holds for both."""
    from outreach import redirects
    from registry.templatetags import registry_tags

    calls = []
    monkeypatch.setattr(registry_tags, "safe_next", lambda request, target, default: calls.append(target) or default)
    monkeypatch.setattr(redirects, "safe_next", lambda request, target, default: calls.append(target) or default)
    request = RequestFactory().post("/?back=/a/", {"next": "/b/"})
    registry_tags.back_url({"request": request}, DEFAULT)
    redirects.next_url(request, DEFAULT)
    assert calls == ["/a/", "/b/"]
