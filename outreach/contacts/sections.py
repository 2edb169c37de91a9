"""What keeping in touch adds to the registry's pages, through its room (outreach/contacts/room.py;
the registry never imports outreach): the member's contact log, visits, participation and cases; the
committee's figures on the home page. One section each, composed here from the four rooms of
keeping in touch (contacts, visits, cases, activities). Each section makes a bounded number of queries."""

import datetime

from branches import access, clock, counting
from branches.remembered import remembered
from outreach.activities import selectors as activity_selectors
from outreach.cases import selectors as case_selectors
from outreach.contacts import selectors
from outreach.visits import selectors as visit_selectors
from outreach.visits.quarters import Quarter

CONTACTS_SHOWN = 10


def member_section(request, member) -> dict:
    user = request.user
    year = clock.today().year
    contacts = list(selectors.contacts_of(member)[: CONTACTS_SHOWN + 1])
    participation = list(
        activity_selectors.participation_of(member, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    )
    return {
        "template": "outreach/contacts/_member_section.html",
        "member": member,
        "contacts": contacts[:CONTACTS_SHOWN],
        "more_contacts": len(contacts) > CONTACTS_SHOWN,
        "contact_count": member.contacts.count() if len(contacts) > CONTACTS_SHOWN else len(contacts),
        "last_contact": contacts[0].date if contacts else None,
        "open_occasions": list(member.visit_occasions.filter(visit__isnull=True).order_by("date")),
        "visits": list(member.visits.order_by("-date", "-pk")[:5]),
        "year": year,
        "participation": participation,
        "cases": list(member.service_cases.filter(access.organization_scope(user)).order_by("-opened", "-pk")[:5]),
        # the member page loaded the organization (with its path): no query
        "may_change": access.may_change_organization(user, member.organization),
    }


def home_figures(user) -> dict:
    """Lost-touch count, visits this quarter, branches without a committee visit this quarter, open
    service cases (and the open to-do visits): one query (branches.counting), and the setting's."""
    quarter = Quarter.of(clock.today())
    days = selectors.lost_touch_days_default()
    lost = selectors.lost_touch(user, days=days)
    counted = counting.counts_of(
        members=lost.members,
        recent=lost.recent,
        visits_this_quarter=visit_selectors.visits_in_quarter(user, quarter),
        open_occasions=visit_selectors.open_occasions(user),
        branches_without_visit=visit_selectors.organizations_without_branch_visit(user, quarter),
        open_cases=case_selectors.open_cases(user),
    )
    return {
        "quarter": quarter,
        "lost_touch_days": days,
        "lost_touch": counted.pop("members") - counted.pop("recent"),
        **counted,
    }


def home_section(request, _obj) -> dict | None:
    if access.assignment_of(request.user) is None:
        return None
    return {
        "template": "outreach/contacts/_home_section.html",
        # counted over the whole roster for the committee: remembered (branches/remembered.py)
        "figures": remembered("contacts-home", request.user, lambda: home_figures(request.user)),
    }
