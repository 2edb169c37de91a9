"""`{% sent_back "member" member %}`: the banner of a record sent back (registry/sendbacks) at the top
of its page — the open question with the answer form for those who keep the record, the last answer
otherwise, and the committee's button to send it back. One query."""

from django import template

from branches import access
from registry.sendbacks import selectors

register = template.Library()


@register.inclusion_tag("registry/sendbacks/_banner.html", takes_context=True)
def sent_back(context, kind, record):
    request = context["request"]
    shown = selectors.on_record(request.user, kind, record)
    return {
        "kind": kind,
        "record": record,
        "shown": shown,
        "may_answer": access.may_change_organization(request.user, record.organization),
        "may_send": access.is_committee(request.user) and not any(row.state == "open" for row in shown),
        "csrf_token": context.get("csrf_token"),
    }
