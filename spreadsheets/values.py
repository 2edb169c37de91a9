"""Cell values as people type them, turned into values (docs/spreadsheets.md, "Values"). Each
parser takes a non-empty raw cell (str, int, float, bool, date, datetime as the reader gives them)
and returns the value, or raises CellError with a sentence that says what to change. Parsers for
the values of one domain (ID numbers, phones, …) are built on these where that domain lives.
"""

import datetime
import re
import unicodedata
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from spreadsheets.dates import DAY, MONTH, MonthDate, PartialDate, format_partial_date, parse_partial_date
from spreadsheets.errors import CellError
from spreadsheets.writing import ESCAPE, unescaped

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_WHITESPACE = re.compile(r"\s+")
_CJK_NAME = re.compile(r"^[\u3400-\u9fff\s·•.]+$")
_NAME_SEPARATORS = re.compile(r"[、，,;；\n]+")
_COUNT = re.compile(r"^(\d+)(?:人|名|个|位)?$")


def is_blank(raw) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.translate(ZERO_WIDTH).strip()
    return False


def cell_text(raw) -> str:
    """A cell as text: trimmed, zero-width characters removed, whole numbers without '.0', and the
    apostrophe our workbooks put before a text that starts like a formula taken off
    (spreadsheets.writing.escaped)."""
    if raw.__class__ is str:
        text = raw.strip() if raw.isascii() else raw.translate(ZERO_WIDTH).strip()
        return unescaped(text).strip() if text[:1] == ESCAPE else text
    if isinstance(raw, str):
        return unescaped(raw.translate(ZERO_WIDTH).strip()).strip()
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float):
        if abs(raw) >= 1e15:
            return f"{raw:.5E}"  # as Excel shows a long number: 3.60983E+17
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, datetime.datetime):
        return raw.date().isoformat() if raw.time() == datetime.time() else raw.isoformat(sep=" ")
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    return str(raw).strip()


def folded(raw) -> str:
    """Codes, numbers, phones and dates: full-width folded to half-width (NFKC)."""
    text = cell_text(raw)
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


# --- text -----------------------------------------------------------------------------------------


def text_parser(max_length: int | None = None) -> Callable:
    def parse(raw):
        value = cell_text(raw)
        check_length(value, max_length)
        return value

    return parse


def check_length(value: str, max_length: int | None) -> None:
    if max_length and len(value) > max_length:
        raise CellError(
            _("This text is %(count)d characters long; at most %(limit)d fit here. Shorten it.")
            % {"count": len(value), "limit": max_length},
            code="too_long",
        )


def person_name_parser(max_length: int) -> Callable:
    """A Chinese name padded with spaces for alignment (王  芳) is 王芳."""

    def parse(raw):
        value = cell_text(raw)
        if _CJK_NAME.match(value):
            value = _WHITESPACE.sub("", value)
        check_length(value, max_length)
        return value

    return parse


def reference_parser(raw) -> str:
    """A name that refers to another record: exact, after trimming."""
    return cell_text(raw)


def name_list_parser(raw) -> tuple[str, ...]:
    """Several names in one cell, separated by 、 ， , ; or ；."""
    names = []
    for part in _NAME_SEPARATORS.split(cell_text(raw)):
        part = part.strip()
        if part and part not in names:
            names.append(part)
    return tuple(names)


# --- codes and numbers --------------------------------------------------------------------------


def number_text(raw) -> str:
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e15:
        return str(int(raw))
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    return folded(raw)


def count_parser(raw) -> int:
    """3, 3.0, 3人, ３ 人 are all 3."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if float(raw).is_integer() and raw >= 0:
            return int(raw)
    else:
        match = _COUNT.match(_WHITESPACE.sub("", folded(raw)))
        if match:
            return int(match[1])
    raise CellError(
        _("“%(value)s” is not a number of people. Write a whole number such as 3 or 3人.") % {"value": cell_text(raw)},
        code="count",
    )


# --- dates ----------------------------------------------------------------------------------------

_new_tuple = tuple.__new__


def _date_value(raw) -> PartialDate:
    if raw.__class__ is MonthDate:  # a date cell shown as yyyy-mm (spreadsheets.reading)
        return PartialDate(datetime.date(raw.year, raw.month, 1), MONTH)
    if raw.__class__ is datetime.datetime or raw.__class__ is datetime.date:  # a real Excel date: the usual case
        return _new_tuple(PartialDate, (raw.date() if raw.__class__ is datetime.datetime else raw, DAY))
    if isinstance(raw, datetime.datetime):
        return PartialDate(raw.date(), DAY)
    if isinstance(raw, datetime.date):
        return PartialDate(raw, DAY)
    if isinstance(raw, (bool, datetime.time, datetime.timedelta)):
        raise _not_a_date(raw)
    if isinstance(raw, (int, float)):
        if float(raw).is_integer():
            digits = str(int(raw))
            if len(digits) not in (6, 8):  # 201612 or 20161206; a bare serial number is a guess
                raise _not_a_date(raw)
            text = digits
        else:
            text = repr(float(raw))
            if re.fullmatch(r"\d{4}\.1", text):
                # Excel keeps 2016.10 typed in a number cell as 2016.1: October or January?
                raise CellError(
                    _(
                        "“%(value)s” may be January or October: Excel drops the final 0 of a month typed as a "
                        "number. Write it as 2016-01 or 2016-10."
                    )
                    % {"value": text},
                    code="date_ambiguous",
                )
    else:
        text = cell_text(raw)
    try:
        value = parse_partial_date(text)
    except ValidationError as error:
        raise CellError.from_validation_error(error) from None
    if not 1900 <= value.date.year <= 2100:
        raise _not_a_date(raw)
    return value


def _not_a_date(raw) -> CellError:
    return CellError(
        _(
            "“%(value)s” is not a date. Write it as 2016-12-06, 2016.12.6 or 2016年12月6日, or 2016-12 when "
            "only the month is known."
        )
        % {"value": cell_text(raw)},
        code="date_format",
    )


def partial_date_parser(raw) -> PartialDate:
    """A date to the day or to the month, for the fields that keep the precision."""
    return _date_value(raw)


def date_parser(raw) -> datetime.date:
    """A date for a field without precision: a month alone is the first of that month."""
    return _date_value(raw).date


# --- choices --------------------------------------------------------------------------------------


def choice_parser(words: dict[str, str], canonical: dict[str, str], *, hints: dict[str, str] | None = None) -> Callable:
    """`words` maps every accepted spelling to the stored value; `canonical` maps the stored
    value to the word the export writes; `hints` adds a sentence to the error for words that are
    refused for a reason worth saying (the word → the sentence)."""
    hints = {_choice_key(word): hint for word, hint in (hints or {}).items()}
    lookup = {_choice_key(word): value for word, value in words.items()}
    accepted = "、".join(canonical.values())

    def parse(raw):
        key = _choice_key(cell_text(raw))
        if key in lookup:
            return lookup[key]
        message = _("“%(value)s” is not accepted here. Write one of: %(choices)s.") % {
            "value": cell_text(raw),
            "choices": accepted,
        }
        if key in hints:
            message += " " + str(hints[key])
        raise CellError(message, code="choice")

    return parse


def _choice_key(text: str) -> str:
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


# --- formatting (the inverse, for before → after and for exports) -----------------------------


def format_value(value, *, canonical: dict | None = None, precision: str | None = None) -> str:
    if value is None or value == "":
        return ""
    if canonical is not None:
        return canonical.get(value, str(value))
    if isinstance(value, PartialDate):
        return format_partial_date(value.date, value.precision)
    if isinstance(value, datetime.date):
        return format_partial_date(value, precision or DAY)
    if isinstance(value, (tuple, list)):
        return "、".join(str(item) for item in value)
    return str(value)


__all__ = [
    "DAY",
    "MONTH",
    "PartialDate",
    "cell_text",
    "is_blank",
    "folded",
    "number_text",
    "check_length",
    "text_parser",
    "person_name_parser",
    "reference_parser",
    "name_list_parser",
    "count_parser",
    "partial_date_parser",
    "date_parser",
    "choice_parser",
    "format_value",
]
