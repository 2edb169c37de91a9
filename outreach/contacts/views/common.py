"""What the keeping-in-touch views share: the member to record things about, a page of a list, a
safe place to go back to. (The year a page is about is read by branches.filtering.year_from.)"""

from django.utils.http import url_has_allowed_host_and_scheme

from branches.filtering import page_of as filtering_page_of
from registry.members.selectors import member_to_edit


def changeable_member(request, pk):
    """The member if the user may record things about them: 404 outside their scope, 403 for a reviewer."""
    return member_to_edit(request.user, pk)


def page_of(request, queryset, size: int | None = None):
    return filtering_page_of(request, queryset, size)


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
