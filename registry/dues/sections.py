"""What the dues room adds to the registry's pages (registry/dues/room.py): on the member's page
the year as a grid of months — paid, declared, missing — with the amounts and what is due, the
forms to record a payment and what the member owes (two queries, selectors.member_ledger); on the
home page the dues figures and, for a secretary, the two lists among the work lists (counted by
registry.figures.dashboard, once per request)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from branches import access, clock
from branches.filtering import year_from
from branches.rooms import Reminder
from registry.dues import selectors
from registry.dues.forms import FIRST_YEAR, LAST_YEAR
from registry.figures import dashboard


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


def home_worklist(request, _obj) -> dict | None:
    """A secretary's reminder list and the list for the branch to decide, with their counts."""
    figures = dashboard.home_figures(request)
    if figures is None or not figures["is_secretary"]:
        return None
    return {"template": "dashboard/_dues_lists.html", "dues_figures": figures["stats"]["dues"]}


def home_section(request, _obj) -> dict | None:
    figures = dashboard.home_figures(request)
    if figures is None:
        return None
    return {"template": "dashboard/_dues.html", "dues_tiles": figures["dues_tiles"]}


def inbox_reminders(request) -> list[Reminder]:
    """The same two lists as the home page's work list, for a secretary's inbox and digest."""
    figures = dashboard.home_figures(request)
    if figures is None or not figures["is_secretary"]:
        return []
    dues = figures["stats"]["dues"]
    return [
        Reminder(
            "dues_unpaid_3",
            _("Dues 3+ months unpaid: reminder list"),
            dues["unpaid_3_months"],
            reverse("registry:dues_reminders"),
        ),
        Reminder(
            "dues_unpaid_6",
            _("Dues 6+ months unpaid: to decide"),
            dues["unpaid_6_months"],
            reverse("registry:dues_decide"),
        ),
    ]
