"""What base.html offers on every page, found from the page's URL name (its resolver match):

- `{% help_url as url %}`: the page's help ("?"), /help/<url name>/ (config/help.py);
- `{% print_url as url %}`: the whole list as a PDF, when the page's URL name has a `<name>_print`
  twin (registry/exports/prints.py), with the page's filters and sort but not its page number.
"""

from django import template
from django.urls import NoReverseMatch, reverse

from branches.filtering import without_page

register = template.Library()


def _match(context):
    request = context.get("request")
    return request, getattr(request, "resolver_match", None)


@register.simple_tag(takes_context=True)
def help_url(context) -> str:
    _request, match = _match(context)
    page = match.view_name if match and match.view_name else "index"
    return reverse("help_page", args=[page])


@register.simple_tag(takes_context=True)
def print_url(context) -> str:
    request, match = _match(context)
    if match is None or not match.view_name or getattr(request, "whole_list", None) is not None:
        return ""
    try:
        url = reverse(f"{match.view_name}_print", args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return ""
    query = without_page(request.GET).urlencode()
    return f"{url}?{query}" if query else url
