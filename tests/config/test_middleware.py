"""Request-wide rules: nothing rendered may be cached; the Content-Security-Policy allows no inline
script; a null character is refused before any view reads it: 400 with a sentence in Chinese,
nothing written (PostgreSQL cannot store one in any text, the export log included)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse


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


def test_a_null_character_in_a_filter_or_a_form_is_refused_in_chinese(client_for, staff, tree):
    from registry.models import ExportLog, Member

    client = client_for(staff)
    listed = client.get(reverse("registry:member_export"), {"q": "王\x00"})
    posted = client.post(reverse("registry:member_create"), {"name": "王\x00芳", "organization": tree["putian"].pk})
    assert listed.status_code == posted.status_code == 400
    assert "空字符" in posted.content.decode()
    assert not ExportLog.objects.exists() and not Member.objects.exists()


def test_an_ordinary_request_passes(client_for, staff, tree):
    assert client_for(staff).get(reverse("registry:member_list"), {"q": "王"}).status_code == 200


@pytest.mark.parametrize("technical", [False, True])
def test_with_debug_on_a_missing_page_is_the_registrys_own_unless_asked(
    client_for, secretary_b, members, settings, technical
):
    """`make run` serves the demo with DEBUG on: a secretary opening another branch's member, or an
    address that is no page, meets the registry's page in Chinese, not Django's technical one
    (which is English and lists every route) -- unless DEBUG_TECHNICAL_404 asks for it."""
    settings.DEBUG, settings.DEBUG_TECHNICAL_404 = True, technical
    client = client_for(secretary_b)
    elsewhere = members["fuzhou_1"][0]
    for url in (reverse("registry:member_detail", args=[elsewhere.pk]), "/no-such-page/"):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 404
        assert ("页面不存在" in page) != technical
        assert ("URLconf" in page or "Page not found" in page or "Raised by" in page) == technical
        assert elsewhere.name not in page
