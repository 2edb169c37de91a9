"""What the keeping-in-touch views share: finding a member in scope, refusing changes outside it,
the year asked for, a safe place to go back to."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from branches import access
from outreach.contacts import selectors
from registry.members.selectors import members_visible_to


def visible_member(request, pk):
    """The member if the user may see them; 404 otherwise (as for a guessed URL)."""
    return get_object_or_404(members_visible_to(request.user).select_related("organization"), pk=pk)


def changeable_member(request, pk):
    """The member if the user may record things about them: 404 outside their scope, 403 for a reviewer."""
    member = visible_member(request, pk)
    require_change(request, member.organization_id)
    return member


def require_change(request, organization_id) -> None:
    if not access.changeable_organizations(request.user).filter(pk=organization_id).exists():
        raise PermissionDenied


def require_may_change(request) -> None:
    if not access.may_change_anything(request.user):
        raise PermissionDenied


def year_from(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return selectors.today().year
    return year if 2000 <= year <= 2100 else selectors.today().year


def page_of(request, queryset, size: int | None = None):
    return Paginator(queryset, size or settings.REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))


def next_url(request, default: str) -> str:
    """Where to go after a form: the `next` it came with when it is one of ours, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def add_service_errors(form, error: ValidationError) -> None:
    """A refusal from a service (the registry changed meanwhile) shown on the form, nothing written."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
