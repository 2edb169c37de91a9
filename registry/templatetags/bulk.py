"""The checkboxes of a list and its action bar (registry/bulk): `{% bulk_actions_shown as bulk %}`
says whether this page offers them (not to reviewers, not on a printout); `{% bulk_bar "members" count %}`
is the bar, a form the rows' checkboxes join through `form="bulk-form"` wherever they stand."""

from django import template

from branches import access
from registry.bulk.actions import actions_for

register = template.Library()


@register.simple_tag(takes_context=True)
def bulk_actions_shown(context) -> bool:
    request = context["request"]
    return access.may_change_anything(request.user) and not getattr(request, "whole_list", None)


@register.inclusion_tag("registry/bulk/_bar.html", takes_context=True)
def bulk_bar(context, source: str, count: int):
    request = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "source": source,
        "count": count,
        "list_query": params.urlencode(),
        "actions": actions_for(request.user),
    }
