"""Where a page may send the browser that a request names: a `next` after a form, a `back` to the
list a record was opened from. Security code, so written once: anything but a path on this site
goes to the page's default."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, target: str | None, default: str) -> str:
    """`target` when it is a path on this site, else `default`: never another site (a full URL,
    `//host/…`, `/\\host`, `javascript:…`), never a word that is no path, and never a control
    character, which no Location header may hold — so that a redirect to it cannot fail."""
    target = (target or "").strip()
    if (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default
