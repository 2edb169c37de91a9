"""One way to send a file: the bytes, a content type, and a Chinese file name that every browser
keeps (RFC 6266 `filename*`, with an ASCII fallback for old clients)."""

from urllib.parse import quote

from django.http import HttpResponse

from spreadsheets.writing import XLSX

PDF = "application/pdf"


def file_response(content: bytes, file_name: str, *, content_type: str = XLSX, inline: bool = False) -> HttpResponse:
    """A download (or, with `inline`, a file shown in the browser, e.g. a PDF to print)."""
    response = HttpResponse(content, content_type=content_type)
    extension = file_name.rsplit(".", 1)[-1] if "." in file_name else ""
    fallback = f"download.{extension}" if extension else "download"
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name)}"
    return response
