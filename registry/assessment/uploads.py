"""What a secretary's annual report (书记抓党建述职) may be: a PDF, a Word document (DOCX), or a photo of
the paper, judged by the file's first bytes (registry/orglife/attachments.py's signatures, and the ZIP
signature of an Office document that names itself a Word document), at most
settings.REGISTRY_ATTACHMENT_MAX_BYTES. Kept in the same private storage as a meeting's attachments:
no URL serves it; the report's view hands it to those who see the branch."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from registry.orglife.attachments import EXTENSIONS, refuse_too_large, sniffed_type

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REPORT_EXTENSIONS = {**EXTENSIONS, DOCX: ".docx"}


def report_type(upload) -> str:
    """The content type of an uploaded annual report that may be kept; ValidationError (in words) when
    it is too big, or not a PDF, a DOCX or a photo by its content."""
    refuse_too_large(upload)
    upload.seek(0)
    head = upload.read(65536)
    upload.seek(0)
    content_type = sniffed_type(head[:16])
    if content_type is None and head.startswith(b"PK\x03\x04") and b"word/" in head:
        content_type = DOCX
    if content_type is None:
        raise ValidationError(
            _("%(name)s is not a PDF, a Word document (.docx) or a photo: only these may be uploaded.")
            % {"name": upload.name},
            code="wrong_type",
        )
    return content_type
