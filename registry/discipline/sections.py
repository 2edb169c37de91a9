"""What the discipline room adds to a member's page: their decisions, whether they are under
留党察看 today (no vote, not elected, no introducing: registry.members.rules.under_probation_of_rights),
and the button to record one. Two queries."""

from branches import access, clock
from registry.discipline import selectors
from registry.members.rules import held_here, probation_on


def member_section(request, member) -> dict:
    records = selectors.disciplines_of(member)
    probation = probation_on(member, clock.today()) if records else None
    return {
        "template": "registry/discipline/_member_section.html",
        "member": member,
        "records": records,
        "probation": probation,
        "held_here": held_here(member),
        "may_change": access.may_change_organization(request.user, member.organization),
    }
