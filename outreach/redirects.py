"""Where a keeping-in-touch form goes back to: a safe place on this site."""

from branches.redirects import safe_next


def next_url(request, default: str) -> str:
    """Where to go after a form: the `next` it came with when it is a path on this site, else
    `default`. Decided before anything is saved, and anything else (a full URL elsewhere, a word
    that is no path, a control character that no Location header may hold) falls back to
    `default`, so the redirect after a save cannot fail."""
    return safe_next(request, request.POST.get("next") or request.GET.get("next"), default)
