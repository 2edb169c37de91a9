"""Papers on A4, rendered on the server: HTML templates with print CSS, turned into PDF by WeasyPrint.

Used by outreach (liaison letters, certificate applications) and by the registry (introduction
letters for transfers): it lives in this leaf package so that both may import it.

WeasyPrint lays the page out with Pango, which finds the Debian font `fonts-noto-cjk` (installed by
the project's set-up, scripts/lib.sh) for the Chinese text. Those files hold the Japanese, Korean and
Traditional faces too, and the one fontconfig picks for text that names no face is Japanese: print.css
names the Simplified Chinese faces for everything, the page footers included. Nothing is fetched from outside: the
stylesheet is read from static/ by path. The views send the bytes with branches.downloads.file_response
(content_type=PDF, inline to print from the browser).
"""

import logging
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "print.css"

# WeasyPrint reports each layout step at INFO: not worth a log line per paper.
for name in ("weasyprint", "weasyprint.progress", "fontTools"):
    logging.getLogger(name).setLevel(logging.WARNING)


def _document(template_name: str, context: dict, request, stylesheets, font_config, mask):
    from weasyprint import HTML  # imported when first needed: it takes a moment to load

    html = render_to_string(template_name, context, request=request)
    if mask is not None:
        html = mask(html)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(stylesheets=stylesheets, font_config=font_config)


def render_pdf(template_name: str, context: dict, request=None, *, mask: Callable[[str], str] | None = None) -> bytes:
    """The template rendered to HTML, then to PDF bytes. `mask`, if given, is applied to the HTML
    first: the registry's free-text mask for a reader who sees ID numbers and phones masked."""
    return render_pdf_papers(template_name, [context], request=request, mask=mask)


def render_pdf_papers(
    template_name: str,
    contexts: list[dict],
    request=None,
    progress: Callable[[int, int], None] | None = None,
    *,
    mask: Callable[[str], str] | None = None,
) -> bytes:
    """Several papers in one PDF, each laid out on its own: page numbers ("page 1 of 3") count
    each paper's pages, not the whole file's. `progress(done, total)` is told after each paper."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    stylesheets = [CSS(filename=str(PRINT_CSS), font_config=font_config)]
    pages, first = [], None
    for done, context in enumerate(contexts, start=1):
        document = _document(template_name, context, request, stylesheets, font_config, mask)
        first = first or document
        pages.extend(document.pages)
        if progress is not None:
            progress(done, len(contexts))
    return first.copy(pages).write_pdf()


STATIC_DIR = Path(settings.BASE_DIR) / "static"


def _static_only():
    """WeasyPrint's fetcher for a page rendered to PDF: the project's own static files, read from
    static/ by path; nothing else (no network, no other file)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            path = url.split("?", 1)[0].split("#", 1)[0]
            marker = "/" + settings.STATIC_URL.strip("/") + "/"
            if marker in path:
                found = (STATIC_DIR / path.split(marker, 1)[1]).resolve()
                if found.is_file() and STATIC_DIR.resolve() in found.parents:
                    kind = "text/css" if found.suffix == ".css" else "application/octet-stream"
                    return URLFetcherResponse(url, found.read_bytes(), {"Content-Type": kind})
            raise ValueError(f"not fetched: {url}")

    return StaticOnly()


def page_to_pdf(html: str) -> bytes:
    """A page of the site as PDF bytes, laid out as the browser would print it: with its own
    stylesheets (their @media print rules) read from static/, and nothing fetched from elsewhere."""
    from weasyprint import HTML

    # The site's stylesheet is written for browsers: what WeasyPrint does not know it skips, with a
    # warning per rule that says nothing about the paper.
    css_log = logging.getLogger("weasyprint")
    level = css_log.level
    css_log.setLevel(logging.ERROR)
    try:
        return HTML(string=html, base_url="/", url_fetcher=_static_only()).write_pdf()
    finally:
        css_log.setLevel(level)
