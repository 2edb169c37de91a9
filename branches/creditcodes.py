"""Unified social credit codes (统一社会信用代码), GB 32100-2015.

18 characters from a 31-character alphabet (no I, O, Z, S, V); the last is a check character
computed from the first 17 with fixed weights, modulo 31.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalize_credit_code(value: str) -> str:
    """Fold full-width characters, drop spaces, upper-case: what a person meant to type."""
    return "".join(unicodedata.normalize("NFKC", value or "").split()).upper()


def credit_code_check_character(first17: str) -> str:
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d.") % {"count": len(code)},
            code="credit_code_length",
        )
    bad = [char for char in code if char not in ALPHABET]
    if bad:
        raise ValidationError(
            _(
                "The character “%(char)s” cannot appear in a unified social credit code (I, O, Z, S and V are "
                "never used)."
            )
            % {"char": bad[0]},
            code="credit_code_character",
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _(
                "The check character of this credit code is wrong: with these first 17 characters it must be "
                "%(expected)s. Please check the code against the business licence."
            )
            % {"expected": expected},
            code="credit_code_check",
        )
