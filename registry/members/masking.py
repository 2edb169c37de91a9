"""Masks for personal data shown to roles that do not see it in full. Who sees it in full is
decided in one place, `branches.access.sees_personal_data`; this module only knows how to hide it
(docs/domain.md#personal-data)."""

import datetime
import io
import re
import zipfile

from branches import access
from branches.phones import normalize_phone
from registry.idnumbers import normalize_id_number

# Fields whose values are personal data wherever they are shown (lists, details, history, imports).
# The birth date is digits 7-14 of the ID number: beside a masked ID number it would leave three
# digits hidden (issue 20 §1), so whoever sees the number masked sees the birth year only.
PERSONAL_FIELDS = {"id_number": "id_number", "phone": "phone", "secretary_phone": "phone", "birth_date": "birth_date"}
YEAR = re.compile(r"(?<![0-9])(?:18|19|20)[0-9]{2}(?![0-9])")

# A whole ID number or mobile number inside free text (a search, a message, a row's key): digits
# that stand alone, not part of a longer run.
ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
MOBILE_IN_TEXT = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
# What a search box may hold that is (part of) an ID number or a phone: 7 digits or more.
NUMBER_LIKE = re.compile(r"^[0-9]{6,17}[0-9X]$")


def mask_id_number(value: str) -> str:
    return f"{value[:3]}***********{value[-4:]}" if value and len(value) >= 8 else ("*" * len(value or ""))


def mask_all_but_last_four(value: str) -> str:
    """Stricter than mask_id_number: only the last four characters (what a member sees of their own
    ID number on an open page, where whoever holds the link reads it)."""
    return "*" * max(len(value or "") - 4, 0) + (value or "")[-4:]


def mask_phone(value: str) -> str:
    return f"{value[:3]}****{value[-4:]}" if value and len(value) >= 8 else ("*" * len(value or ""))


def birth_year(value) -> str:
    """A birth date (a date, or as typed: 1983-02-27, 1983年2月) as its year alone: 1983."""
    if isinstance(value, datetime.date):
        return str(value.year)
    found = YEAR.search(str(value or ""))
    return found.group(0) if found else ""


def mask(kind: str, value) -> str:
    if kind == "birth_date":
        return birth_year(value)
    return mask_id_number(value) if kind == "id_number" else mask_phone(value)


def mask_field(field: str, value):
    """`value` masked when `field` holds personal data (PERSONAL_FIELDS), else as it is."""
    if field in PERSONAL_FIELDS and isinstance(value, (str, datetime.date)) and value:
        return mask(PERSONAL_FIELDS[field], value)
    return value


def mask_text(text):
    """Free text with every whole ID number and mobile number in it masked; anything else as it is."""
    if not isinstance(text, str) or not text:
        return text
    text = ID_NUMBER_IN_TEXT.sub(lambda match: mask_id_number(match.group(0).upper()), text)
    return MOBILE_IN_TEXT.sub(lambda match: mask_phone(match.group(0)), text)


# A mobile number on a whole page: as in free text, but not inside a run of letters and digits (a
# static file's hash, a token), which no person types a number into.
MOBILE_IN_PAGE = re.compile(r"(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])")
# The text of a workbook's string cells (shared strings and inline strings): <t>…</t>.
WORKBOOK_TEXT = re.compile(r"(<t(?:\s[^>]*)?>)([^<]*)(</t>)")


def mask_page(text: str) -> str:
    """A page (HTML, JSON) as a role that sees personal data masked gets it: every whole ID number
    and mobile number in it masked, wherever it stands — the fields shown masked already, and the
    free text (备注, 务工地址, a case's account …) where a person typed one (issue 20 §6)."""
    text = ID_NUMBER_IN_TEXT.sub(lambda match: mask_id_number(match.group(0).upper()), text)
    return MOBILE_IN_PAGE.sub(lambda match: mask_phone(match.group(0)), text)


def paper_mask(user):
    """What a paper printed for `user` (a PDF) goes through before it is laid out: nothing for
    those who see personal data in full, else mask_text over its HTML (issue 20 §6)."""
    return None if access.sees_personal_data(user) else mask_text


def mask_workbook(content: bytes) -> bytes:
    """An .xlsx with every whole ID number and mobile number in its text cells masked (mask_text);
    numbers, dates, styles and everything else as they were. The parts are rewritten as text, not
    read as a workbook: a reviewer's download of the roster costs milliseconds."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/") and info.filename.endswith(".xml"):
                text = data.decode("utf-8")
                masked = WORKBOOK_TEXT.sub(lambda m: m.group(1) + mask_text(m.group(2)) + m.group(3), text)
                data = masked.encode("utf-8") if masked != text else data
            target.writestr(info, data)
    return out.getvalue()


def mask_search(text):
    """What someone typed in a search box, as the export log keeps it: a number that may be an ID
    number or a phone, or part of one (7 characters or more, separators allowed), masked; other
    text with any ID or mobile number in it masked."""
    if not isinstance(text, str) or not text.strip():
        return text
    id_text = normalize_id_number(text)
    if NUMBER_LIKE.match(id_text) and (len(id_text) == 18 or id_text.endswith("X")):
        return mask_id_number(id_text)
    digits = normalize_phone(text)
    if NUMBER_LIKE.match(digits):
        return mask_phone(digits)
    return mask_text(text)


class MaskedRecord:
    """A record whose ID number and phones read masked (for the exports of roles that see
    personal data masked); everything else reads through."""

    def __init__(self, record):
        self._record = record
        self._meta = record._meta

    def __getattr__(self, name):
        return mask_field(name, getattr(self._record, name))
