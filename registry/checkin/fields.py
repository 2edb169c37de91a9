"""The fields a member confirms through their link: the six knowns that a person knows of
themselves (docs/domain.md#six-knowns), read with the import's value rules."""

from django.utils.translation import gettext_lazy as _

from registry.imports.values import phone_parser
from registry.models import Member
from spreadsheets.dates import format_partial_date
from spreadsheets.values import partial_date_parser, text_parser


def _max(field: str) -> int:
    return Member._meta.get_field(field).max_length


# field → (label, parser of the typed text); "employer" is the member's enterprise, by name.
CHECKIN_FIELDS = {
    "work_address": (_("Work address"), text_parser(_max("work_address"))),
    "occupation": (_("Occupation"), text_parser(_max("occupation"))),
    "phone": (_("Phone"), phone_parser),
    "employer": (_("Employer"), text_parser(150)),
    "left_home": (_("Left home (year and month)"), partial_date_parser),
    "origin_organization": (_("Origin party organization"), text_parser(_max("origin_organization"))),
    "origin_address": (_("Origin address"), text_parser(_max("origin_address"))),
}


def current_text(member: Member, field: str) -> str:
    """What the record says, as the member's form shows it."""
    if field == "employer":
        return member.enterprise.name if member.enterprise_id else ""
    if field == "left_home":
        return format_partial_date(member.left_home, member.left_home_precision)
    return getattr(member, field) or ""


def typed_text(field: str, value) -> str:
    """A parsed value back as text, the way current_text() writes it."""
    if field == "left_home":
        return format_partial_date(value.date, value.precision) if value else ""
    return value or ""


def label(field: str) -> str:
    return str(CHECKIN_FIELDS[field][0])
