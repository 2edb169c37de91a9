"""Where a keeping-in-touch form goes back to: a safe place on this site."""

from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, default: str) -> str:
    """Where to go after a form: the `next` it came with when it is a path on this site, else
    `default`. Decided before anything is saved, and anything else (a full URL elsewhere, a word
    that is no path, a control character that no Location header may hold) falls back to
    `default`, so the redirect after a save cannot fail."""
    target = (request.POST.get("next") or request.GET.get("next") or "").strip()
    if (
        target.startswith("/")
        and target.isprintable()
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default
