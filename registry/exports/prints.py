"""Every list printed whole: one mechanism for all lists, so that adding a list to print is one line
in a urls.py — `path("members/print/", printable(member_list), name="member_list_print")`.

The print view runs the list's own view (its scope, its filters, its sort, its columns, its masking
for a reviewer) with `request.whole_list` set: `branches.filtering.page_of` then gives every matching
row as one page, up to settings.REGISTRY_PRINT_MAX_ROWS (beyond it the list is shown again with a
message pointing to the export). base.html, seeing `whole_list`, adds what a paper needs: the page's
size, when it was printed and by whom (branches/clock.py), page numbers and a line for a signature.
The page is turned into an A4 PDF by WeasyPrint (printing/pdf.py) and every print is logged in the
export log like any other download of personal data (kind "print", with the list and its filters).

base.html offers the print link on every page whose URL name has a `<name>_print` twin
(branches/templatetags/pages.py), and its print stylesheet says, on a page printed from the browser,
where the whole list is.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from branches import clock
from branches.downloads import PDF, file_response
from branches.filtering import PRESENTATION, TooManyToPrint, WholeList
from printing.pdf import page_to_pdf
from registry.exports.workbooks import log_export

PRINT_SUFFIX = "_print"
TOO_MANY = gettext_lazy(
    "This list holds %(rows)s rows, more than the %(limit)s a printout takes: narrow the filters, "
    "or export the list to Excel and print it from there."
)


def printable(list_view, *, landscape: bool = True):
    """The print view of `list_view`: its whole list as an A4 PDF (landscape unless told otherwise).
    Its URL name is the list's with `_print` after it."""

    @require_GET
    @wraps(list_view)
    def print_view(request, *args, **kwargs):
        request.whole_list = WholeList(limit=settings.REGISTRY_PRINT_MAX_ROWS)
        request.whole_list.landscape = landscape
        request.whole_list.printed_at = timezone.localtime(clock.now())
        view_name = request.resolver_match.view_name
        try:
            response = list_view(request, *args, **kwargs)
        except TooManyToPrint as too_many:
            messages.error(request, str(TOO_MANY) % {"rows": too_many.rows, "limit": settings.REGISTRY_PRINT_MAX_ROWS})
            query = request.GET.urlencode()
            return redirect(
                reverse(view_name.removesuffix(PRINT_SUFFIX), args=args, kwargs=kwargs) + (f"?{query}" if query else "")
            )
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            return response
        content = page_to_pdf(response.content.decode(response.charset))
        stamp = request.whole_list.printed_at
        label = _("printout")
        file_name = f"{label}_{stamp:%Y%m%d_%H%M}.pdf"
        filters = {key: value for key, value in request.GET.items() if key not in PRESENTATION and value}
        log_export(
            user=request.user,
            kind="print",
            filters={"list": view_name.removesuffix(PRINT_SUFFIX), **kwargs, **filters},
            rows=request.whole_list.rows,
            file_name=file_name,
        )
        return file_response(content, file_name, fallback=f"print-{stamp:%Y%m%d-%H%M}", content_type=PDF, inline=True)

    print_view.prints_a_list = True  # what the tests' crawler (tests/crawling.py) knows a print by
    return print_view
