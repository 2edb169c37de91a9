"""The one shape of a page that changes something through a form: the form is bound, valid input
goes to one service, the service's refusal (a ValidationError raised inside its transaction,
nothing written) is shown on the form, and a save is answered with a redirect — for a create as
for an update. Invalid input or a refusal shows the page again with what was typed.

    form = MemberForm(request.POST or None, instance=copy.copy(member), user=request.user)
    return form_view(
        request,
        form,
        save=lambda: services.member_update(member=member, data=form.service_data(), actor=request.user,
                                            version=form.read_version),
        done=lambda changed: changes_saved(request, changed, _("Saved."), "registry:member_detail", pk=member.pk),
        template="registry/member_form.html",
        context={"member": member},
    )

The view still decides who may (selectors, access) and which form; this module only runs the
save, so that no view calls a service outside the `try` that shows its refusal (checked by
tests/test_architecture.py, services passed here as callables included)."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from branches.refusals import show_refusal


def form_view(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[], object],
    done: Callable[[object], HttpResponse],
    template: str | None = None,
    context: dict | None = None,
    page: Callable[[forms.BaseForm], HttpResponse] | None = None,
    status: int = 200,
) -> HttpResponse:
    """On a POST with valid input: `save()` (the one service call), then `done(what it returned)`.
    Otherwise — a GET, invalid input, or the service refused — the page with the form: `template`
    rendered with `{"form": form, **context}`, or `page(form)` for a page that shows the form among
    other things; after a POST it answers `status` (200; 400 where a page has always said so)."""
    if request.method == "POST" and form.is_bound and form.is_valid():
        try:
            result = save()
        except ValidationError as error:  # refused whole inside its transaction: nothing written
            show_refusal(form, error)
        else:
            return done(result)
    response = page(form) if page is not None else render(request, template, {"form": form, **(context or {})})
    if request.method == "POST":
        response.status_code = status
    return response


def saved(request: HttpRequest, message: str, to: str, *args, level: int = messages.SUCCESS, **kwargs) -> HttpResponse:
    """A save's answer: `message` shown on the next page, and a redirect `to` a URL name (with
    `args`/`kwargs`) or a path."""
    messages.add_message(request, level, message)
    return redirect(to, *args, **kwargs)


def changes_saved(request: HttpRequest, changed: list, message: str, to: str, *args, **kwargs) -> HttpResponse:
    """An update's answer: `message` when it changed something, "Nothing was changed." otherwise
    (as information: nothing happened)."""
    if changed:
        return saved(request, message, to, *args, **kwargs)
    return saved(request, _("Nothing was changed."), to, *args, level=messages.INFO, **kwargs)
