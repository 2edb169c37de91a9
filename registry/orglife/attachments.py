"""Where a gathering's attachments are kept and what may be kept (ORGLIFE.md §1: photos and scans,
images and PDFs only, size-limited, never from a public URL).

The files live in the private storage (branches/storage.py: MEDIA_ROOT/private/ or a shared bucket),
which no URL serves: its `url()` refuses, and the only way out is the attachment view, which checks
who may see the organization first. A file is accepted by what its first bytes say it is, not by
its name: a renamed .exe is refused.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from branches import storage

# The kinds accepted, by their signature at the start of the file: content type and the extension
# the stored file gets (whatever the uploaded name said).
JPEG, PNG, WEBP, PDF = "image/jpeg", "image/png", "image/webp", "application/pdf"
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", WEBP: ".webp", PDF: ".pdf"}


def sniffed_type(head: bytes) -> str | None:
    """The accepted content type that the file's first bytes (at least 12) show, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def refuse_too_large(upload) -> None:
    """ValidationError (in words) when `upload` is over settings.REGISTRY_ATTACHMENT_MAX_BYTES: the
    limit of every file kept in private storage (attachments, annual reports)."""
    limit = settings.REGISTRY_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB: scan it at a lower resolution or split it.")
            % {"name": upload.name, "limit": f"{limit / 1024 / 1024:g}"},
            code="too_large",
        )


def check_upload(upload) -> str:
    """The content type of an uploaded file that may be kept; ValidationError (in Chinese through
    gettext) when it is too big or not an image or PDF by its content."""
    refuse_too_large(upload)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniffed_type(head)
    if content_type is None:
        raise ValidationError(
            _("%(name)s is not a photo (JPEG, PNG, WebP) or a PDF: only these may be attached.")
            % {"name": upload.name},
            code="wrong_type",
        )
    return content_type


# Old migrations name the storage by this path (0017, 0027); it is the registry's one private storage.
PrivateStorage = storage.PrivateStorage


def attachment_path(instance, filename: str) -> str:
    """gatherings/<year>/<gathering id>/<random>.<ext by content>: the uploaded name is kept in the
    record (`GatheringAttachment.name`), never used as a path."""
    extension = EXTENSIONS.get(instance.content_type, "")
    return f"gatherings/{instance.gathering.date:%Y}/{instance.gathering_id}/{secrets.token_hex(12)}{extension}"
