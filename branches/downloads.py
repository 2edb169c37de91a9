"""One way to send a file: the bytes, a content type, and a Chinese file name that every browser
keeps (RFC 6266 `filename*`), with a plain `filename` in ASCII for the clients that read only that
one (the browsers built into some messaging apps): the kind of paper and the record's number or
date, `letter-2026-H1-3.pdf`, never a bare `download.pdf`."""

import re
from urllib.parse import quote

from django.http import HttpResponse

from spreadsheets.writing import XLSX

PDF = "application/pdf"


def ascii_file_name(fallback: str, extension: str) -> str:
    """`fallback` kept to ASCII letters, digits, dots, dashes and underscores (any other run becomes
    one dash: a number typed as 闽流党证350100-2026-0012 keeps 350100-2026-0012), with the extension."""
    stem = re.sub(r"[^A-Za-z0-9._]+", "-", fallback).strip("-.") or "download"
    return f"{stem}.{extension}" if extension else stem


def file_response(
    content: bytes, file_name: str, *, fallback: str, content_type: str = XLSX, inline: bool = False
) -> HttpResponse:
    """A download (or, with `inline`, a file shown in the browser, e.g. a PDF to print), named
    `file_name`, or `fallback` (ASCII, without the extension) where the Chinese name is not read."""
    response = HttpResponse(content, content_type=content_type)
    extension = file_name.rsplit(".", 1)[-1] if "." in file_name else ""
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_file_name(fallback, extension)}\"; filename*=UTF-8''{quote(file_name)}"
    )
    return response
