"""Papers on A4, rendered on the server: HTML templates with print CSS, turned into PDF by WeasyPrint.

Used by outreach (liaison letters, certificate applications) and by the registry (introduction
letters for transfers): it lives in this leaf package so that both may import it.

WeasyPrint lays the page out with Pango, which finds the Debian font `fonts-noto-cjk` (installed by
the project's set-up, scripts/lib.sh) for the Chinese text. Nothing is fetched from outside: the
stylesheet is read from static/ by path. The views send the bytes with branches.downloads.file_response
(content_type=PDF, inline to print from the browser).
"""

import logging
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "print.css"

# WeasyPrint reports each layout step at INFO: not worth a log line per paper.
for name in ("weasyprint", "weasyprint.progress", "fontTools"):
    logging.getLogger(name).setLevel(logging.WARNING)


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """The template rendered to HTML, then to PDF bytes."""
    from weasyprint import CSS, HTML  # imported when first needed: it takes a moment to load

    html = render_to_string(template_name, context, request=request)
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(stylesheets=[CSS(filename=str(PRINT_CSS))])

