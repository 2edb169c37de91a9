"""The fields a member confirms through their link: the six knowns that a person knows of
themselves (docs/domain.md#six-knowns), read with the import's value rules."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from registry.imports.values import phone_parser
from registry.members.partial_dates import stored
from registry.models import PARTIAL_DATES, Member
from spreadsheets.dates import DAY, MONTH, format_partial_date
from spreadsheets.values import partial_date_parser, text_parser


def _max(field: str) -> int:
    return Member._meta.get_field(field).max_length


# field → (label, parser of the typed text); "employer" is the member's enterprise, by name. A date
# of PARTIAL_DATES is read by its form field (registry.members.partial_dates), with the same parser;
# its label says nothing of the precision: the record's is shown, and the member may answer either.
CHECKIN_FIELDS = {
    "work_address": (_("Work address"), text_parser(_max("work_address"))),
    "occupation": (_("Occupation"), text_parser(_max("occupation"))),
    "phone": (_("Phone"), phone_parser),
    "employer": (_("Employer"), text_parser(150)),
    "left_home": (capfirst(Member._meta.get_field("left_home").verbose_name), partial_date_parser),
    "origin_organization": (_("Origin party organization"), text_parser(_max("origin_organization"))),
    "origin_address": (_("Origin address"), text_parser(_max("origin_address"))),
}


def current_value(member: Member, field: str):
    """What the record says: a text, or a date of PARTIAL_DATES with its precision (or None)."""
    if field in PARTIAL_DATES:
        return stored(member, field)
    if field == "employer":
        return member.enterprise.name if member.enterprise_id else ""
    return getattr(member, field) or ""


def typed_text(field: str, value) -> str:
    """A value (the record's, or a parsed answer) as text, the way the check-in shows and keeps it."""
    if field in PARTIAL_DATES:
        return format_partial_date(value.date, value.precision) if value else ""
    return value or ""


def confirms(field: str, before, after) -> bool:
    """Whether an answer says what the record says. A date answered to the month of a day the
    record holds (1995-10 for 1995-10-04) confirms it: the record keeps its day, never made less
    precise by the answer; a day answered is a day (1995-10-04 for 1995-10 is a correction)."""
    if field in PARTIAL_DATES and before and after and (before.precision, after.precision) == (DAY, MONTH):
        return (before.date.year, before.date.month) == (after.date.year, after.date.month)
    return typed_text(field, before) == typed_text(field, after)


def label(field: str) -> str:
    return str(CHECKIN_FIELDS[field][0])
