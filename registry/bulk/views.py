"""The action page: what the checkboxes of a list lead to (docs/domain.md#acting-on-many).

GET confirms — which action, how many members it will touch, the first of them by name, the options
to give once — and POST acts, then says member by member what was done and what was refused. Both
read the selection again from the list, its query string and the ids ticked (registry/bulk/selectors.py).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from branches import access
from branches.downloads import file_response
from registry.bulk import exports, rules, selectors, services
from registry.bulk.actions import actions_for
from registry.checkin import links


def _sheet_rows(request, outcomes) -> list[dict]:
    """A check-in sheet's cards: the member's name, branch, QR code and a short code to tell the
    cards apart (the last characters of the link, which the member's phone shows too)."""
    rows = []
    for outcome in outcomes:
        if outcome.done:
            url = request.build_absolute_uri(outcome.said)
            rows.append(
                {
                    "member": outcome.member,
                    "url": url,
                    "code": "".join(character for character in url if character.isalnum())[-6:],
                    "qr": links.qr_svg(url, scale=3),
                }
            )
    return rows


@require_http_methods(["GET", "POST"])
@access.change_permission_required
def bulk_action(request):
    posted = request.method == "POST"
    chosen = selectors.selection(request.user, request.POST if posted else request.GET)
    action = chosen.action
    context = {"selection": chosen, "action": action, "actions": actions_for(request.user)}
    if chosen.source is None or action is None:
        return render(request, "registry/bulk/confirm.html", {**context, "nothing_chosen": True})
    if not action.allowed_for(request.user):
        raise PermissionDenied
    count = selectors.size(chosen)
    form = action.form_class(request.POST if posted else None, user=request.user)
    too_many = rules.too_many_message(count)
    context = {
        **context,
        "count": count,
        "unseen": chosen.unseen(count),
        "shown": selectors.shown(chosen),
        "form": form,
        "too_many": too_many,
    }
    if posted and count and not too_many and form.is_valid():
        if action.is_export:
            content, file_name, fallback = exports.selection_workbook(request.user, chosen)
            return file_response(content, file_name, fallback=fallback)
        try:
            outcomes = services.run(
                action=action,
                members=selectors.to_run(chosen, rules.inline_max()),
                options=form.options(),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(
                request,
                action.result_template,
                {
                    **context,
                    "outcomes": outcomes,
                    "done": sum(outcome.done for outcome in outcomes),
                    "refused": [outcome for outcome in outcomes if not outcome.done],
                    "rows": _sheet_rows(request, outcomes) if action.qr_sheet else [],
                },
            )
    return render(request, "registry/bulk/confirm.html", context)
