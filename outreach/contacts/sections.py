"""What keeping in touch adds to the registry's pages, through registry.extensions (the registry
never imports outreach): the member's contact log, visits, participation and cases; the
committee's figures on the home page. Each section makes a bounded number of queries."""

from branches import access, clock
from outreach.contacts import selectors
from outreach.contacts.quarters import year_bounds

CONTACTS_SHOWN = 10


def member_section(request, member) -> dict:
    user = request.user
    year = clock.today().year
    start, end = year_bounds(year)
    contacts = list(selectors.contacts_of(member)[: CONTACTS_SHOWN + 1])
    participation = list(selectors.participation_of(member, start, end))
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


def home_section(request, _obj) -> dict | None:
    if access.assignment_of(request.user) is None:
        return None
    return {
        "template": "outreach/contacts/_home_section.html",
        "figures": selectors.home_figures(request.user),
    }


def register() -> None:
    """Called once from OutreachConfig.ready()."""
    from registry import extensions

    if member_section not in extensions.member_sections:
        extensions.member_sections.append(member_section)
    if home_section not in extensions.home_sections:
        extensions.home_sections.append(home_section)
