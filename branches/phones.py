"""Phone numbers as secretaries type them: mainland mobiles and landlines with an area code."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}(\d{1,6})?$")  # area code, number, optional extension
_SEPARATORS = re.compile(r"[\s\-–—.()（）\u200b\u200c\u200d\ufeff]")
_EXTENSION = re.compile(r"(?i)(转|ext|x)")


def normalize_phone(value: str) -> str:
    """Digits only: spaces, dashes, dots, brackets and a leading +86 / 0086 removed."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    if not text.isdigit():  # most numbers arrive as plain digits
        text = _EXTENSION.sub("", _SEPARATORS.sub("", text))
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    return text


def validate_phone(value: str) -> None:
    phone = normalize_phone(value)
    if not phone.isdigit():
        raise ValidationError(
            _("A phone number may contain only digits (spaces, dashes and a leading +86 are removed for you)."),
            code="phone_characters",
        )
    if MOBILE.match(phone) or LANDLINE.match(phone):
        return
    if phone.startswith("1"):
        raise ValidationError(
            _("A mobile number has 11 digits starting with 1; this one has %(count)d.") % {"count": len(phone)},
            code="phone_mobile",
        )
    raise ValidationError(
        _("This is neither an 11-digit mobile number nor a landline with its area code (e.g. 010-12345678)."),
        code="phone_format",
    )
