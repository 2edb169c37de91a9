"""What lost contact adds to the pages: the member's open case (since when, why, how many searches,
from which day 停止党籍 may be decided) and, on the home page, the two work lists."""

from django.urls import reverse
from django.utils.translation import gettext as _

from branches import access
from registry.lostcontact import rules, selectors
from registry.members.rules import held_here


def member_section(request, member) -> dict | None:
    case = selectors.open_case_of(member) if member.lost_contact else None
    if case is None:
        return None
    return {
        "template": "registry/lostcontact/_member_section.html",
        "case": case,
        "may_suspend_from": rules.may_suspend_from(case.lost_on),
        "held_here": held_here(member),
    }


def home_worklist(request, _obj) -> dict | None:
    """The two work lists, as links (no query: the home page's budget is the dashboard's; each list
    counts itself on its page)."""
    if access.assignment_of(request.user) is None:
        return None
    lists = [
        (
            _("Lost contact %(months)d months or more, searched: decide on 停止党籍")
            % {"months": rules.suspend_after_months()},
            reverse("registry:lost_contact_worklist", args=["suspend"]),
        ),
        (
            _("Suspended %(years)d years or more, not found: decide on 自行脱党除名")
            % {"years": rules.lapse_after_years()},
            reverse("registry:lost_contact_worklist", args=["lapse"]),
        ),
    ]
    return {"template": "registry/lostcontact/_home_worklist.html", "lists": lists}
