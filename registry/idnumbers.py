"""Citizen ID numbers (公民身份号码), GB 11643-1999: the natural key of a member.

18 characters: a 6-digit region code, the birth date as YYYYMMDD, a 3-digit sequence whose last
digit is odd for men and even for women, and a check character (0-9 or X) computed modulo 11.
"""

import datetime
import re
import unicodedata
from operator import mul

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from branches import clock

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
FLOAT_MANGLED = re.compile(r"^\d(\.\d+)?E\+?\d+$", re.IGNORECASE)
INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]")
ZEROS = ord("0") * sum(WEIGHTS)  # what the weighted sum of the characters' codes adds over the digits'


def normalize_id_number(value: str) -> str:
    """Fold full-width characters, drop spaces and zero-width marks, store a final x as X."""
    text = str(value or "")
    if not (text.isascii() and text.isalnum()):  # the common case needs neither folding nor stripping
        text = INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return text.upper()


def id_check_character(first17: str) -> str:
    """The check character of 17 ASCII digits (weights 2^(17-i) mod 11, GB 11643)."""
    return CHECK_CHARACTERS[(sum(map(mul, first17.encode("ascii"), WEIGHTS)) - ZEROS) % 11]


def birth_date_from_id(id_number: str) -> datetime.date:
    return datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def gender_from_id(id_number: str) -> str:
    """'male' or 'female', from the parity of the 17th digit."""
    return "male" if int(id_number[16]) % 2 else "female"


def validate_id_number(value: str) -> None:
    number = normalize_id_number(value)
    if FLOAT_MANGLED.match(number):
        raise ValidationError(
            _(
                "Excel has turned this ID number into a number in scientific notation (%(value)s) and lost its "
                "last digits. Format the column as text and type the 18-character number again."
            )
            % {"value": number},
            code="id_number_float",
        )
    if len(number) == 15 and number.isdigit():
        raise ValidationError(
            _("This is an old 15-digit ID number. Please enter the member's 18-character citizen ID number."),
            code="id_number_old",
        )
    if len(number) != 18:
        raise ValidationError(
            _("A citizen ID number has 18 characters; this one has %(count)d.") % {"count": len(number)},
            code="id_number_length",
        )
    if not (number[:17].isascii() and number[:17].isdigit()) or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            _("A citizen ID number is 17 digits followed by a digit or X."),
            code="id_number_characters",
        )
    try:
        birth = birth_date_from_id(number)
    except ValueError:
        raise ValidationError(
            _("Characters 7 to 14 of an ID number are the birth date (YYYYMMDD); %(digits)s is not a date.")
            % {"digits": number[6:14]},
            code="id_number_birth",
        ) from None
    if birth.year < 1900 or clock.after_today(birth):
        raise ValidationError(
            _("The birth date in this ID number (%(date)s) is not possible.") % {"date": birth.isoformat()},
            code="id_number_birth",
        )
    expected = id_check_character(number[:17])
    if number[17] != expected:
        raise ValidationError(
            _(
                "The check digit of this ID number is wrong: with these first 17 digits the last character "
                "must be %(expected)s. Please check the number against the ID card."
            )
            % {"expected": expected},
            code="id_number_check",
        )
