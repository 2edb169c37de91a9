"""The inbox (docs/inbox.md): a user's messages and what is due in their scope, marked read one by
one or all at once, and the page where they choose their e-mail digest."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches import access
from branches.filtering import page_of
from branches.form_views import form_view, saved
from branches.inbox import reminders, selectors, services
from branches.inbox.forms import DigestForm


def _local(request, url: str) -> str:
    return url if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}) else ""


def inbox(request):
    due = reminders.reminders_for(request)
    state = selectors.state_of(request.user)
    unread = reminders.unread_keys(due, state.seen if state else {})
    if access.may_change_anything(request.user):
        services.due_record(user=request.user, reminders=due)  # the nav's count, as of this visit
        access.forget_assignment(request.user)  # ... read again with the roles, for this page's nav
    return render(
        request,
        "branches/inbox/inbox.html",
        {
            "reminders": [(reminder, reminder.key in unread) for reminder in due],
            "page": page_of(request, selectors.messages_of(request.user)),
            "state": state,
        },
    )


@require_POST
def message_read(request, pk):
    """Marks one of the user's messages read; `open` follows its link (a path of this site only)."""
    message = selectors.message_of(request.user, pk)
    services.message_read(message=message)
    target = _local(request, message.url) if request.POST.get("open") else ""
    return redirect(target or "branches:inbox")


@require_POST
def reminder_read(request, key):
    """Marks one reminder seen at its present count and follows its link to the list."""
    due = reminders.reminders_for(request)
    found = next((reminder for reminder in due if reminder.key == key), None)
    if found is None:
        raise Http404("nothing due under this name")
    services.reminder_seen(user=request.user, reminders=due, key=key)
    return redirect(_local(request, found.url) or "branches:inbox")


@require_POST
def all_read(request):
    marked = services.all_read(user=request.user, reminders=reminders.reminders_for(request))
    messages.success(request, _("Everything in the inbox is marked read (%(count)d messages).") % {"count": marked})
    return redirect("branches:inbox")


def digest_settings(request):
    state = selectors.state_of(request.user)
    initial = {"digest": state.digest if state else "none", "email": request.user.email}
    form = DigestForm(request.POST or None, initial=initial)
    return form_view(
        request,
        form,
        save=lambda: services.digest_choose(
            user=request.user, digest=form.cleaned_data["digest"], email=form.cleaned_data["email"]
        ),
        done=lambda _result: saved(request, _("Your e-mail digest is saved."), "branches:inbox"),
        template="branches/inbox/settings.html",
        context={"sent": selectors.digests_sent(request.user)},
    )
