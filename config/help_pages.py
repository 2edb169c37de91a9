"""Help where it is needed: each page's "?" (base.html) opens /help/<the page's URL name>/, a short
page saying what the page is for, what each figure counts and what to do next, beside the glossary
of the field's terms and the guides for each role (使用说明).

The help pages are whole Chinese templates, templates/help/<language>/<namespace>/<name>.html (for
"registry:member_list", templates/help/zh-hans/registry/member_list.html), not gettext strings: they
are prose written and read as a whole by the committee office, and a paragraph cut into msgids would
be translated out of its context. A page written for another language sits beside it under that
language's folder; until then every language reads the Chinese one. A page without its own help
opens the index (the guides and the glossary). tests/config/test_help_pages.py fails when a page of the
navigation has no help page.
"""

import re

from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.http import require_GET

HELP_LANGUAGE = "zh-hans"  # the language every help page is written in first
# A page's URL name as the "?" gives it: "registry:member_list"; nothing else names a template.
PAGE_NAME = re.compile(r"^[a-z_]+(:[a-z_]+)*$")
# The guides (使用说明), each by its page name and its link's words.
GUIDE_LABELS = {
    "staff": gettext_lazy("For the committee office (staff)"),
    "secretary": gettext_lazy("For a branch secretary"),
    "reviewer": gettext_lazy("For a reviewer"),
}
GUIDES = tuple(GUIDE_LABELS)


def help_templates(page: str) -> list[str]:
    """The templates that may hold `page`'s help, the reader's language first."""
    if not PAGE_NAME.match(page):
        return []
    path = page.replace(":", "/")
    languages = dict.fromkeys([(get_language() or HELP_LANGUAGE).lower(), HELP_LANGUAGE])
    return [f"help/{language}/{path}.html" for language in languages]


@require_GET
def help_page(request, page: str):
    try:
        chosen = select_template(help_templates(page)) if page not in ("index", *GUIDES) else None
    except TemplateDoesNotExist:
        chosen = None
    return render(
        request,
        "help/page.html",
        {
            "page": page,
            "body": chosen.template.name if chosen else None,
            "guide": f"help/{HELP_LANGUAGE}/guide_{page}.html" if page in GUIDES else None,
            "guides": GUIDE_LABELS.items(),
        },
    )
