"""The dues section of the member's page (registry.extensions): the year as a grid of months —
paid, declared, missing — with the amounts and what is due; the forms to record a payment and
what the member owes. Two queries (selectors.member_ledger)."""

from branches import access, clock
from branches.filtering import year_from
from registry import extensions
from registry.dues import selectors
from registry.dues.forms import FIRST_YEAR, LAST_YEAR


def member_section(request, member):
    if access.role_of(request.user) is None:
        return None
    current_year = clock.today().year
    year = year_from(request.GET, "dues_year", default=current_year, first=FIRST_YEAR, last=LAST_YEAR, request=request)
    joined_year = member.joined.year if member.joined else None
    return {
        "template": "registry/dues/_member_section.html",
        "member": member,
        "ledger": selectors.member_ledger(member, year=year),
        "previous_year": year - 1 if joined_year is None or year - 1 >= joined_year else None,
        "next_year": year + 1 if year + 1 <= current_year + 1 else None,
        "may_change": access.may_change_organization(request.user, member.organization),
    }


def register() -> None:
    if member_section not in extensions.member_sections:
        extensions.member_sections.insert(0, member_section)  # the registry's own, before the apps built on it
