"""What keeping in touch computes for the yearly assessment of branches (docs/assessment.md#items;
ORGLIFE.md §4; article 001's committee 考评办法): `contacts`, the share of a branch's members contacted
in each quarter of the year ended by the day assessed as of. Declared in the room
(outreach/contacts/room.py, `Room.assessment_items`); the registry never imports it.

Regular contact (docs/domain.md#regular-contact): designated persons contact every member regularly
and log each contact (the contact log, `Contact`). A quarter is a calendar quarter
(outreach/visits/quarters.py, the unit of the visit figures); as the meetings item counts the periods
ended by that day, a quarter counts once it has ended — on 31 December all four. A member counts the
quarters ended since they were registered here, and is counted contacted when a contact is logged in
each of them.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.models import Organization
from outreach.models import Contact
from outreach.visits.quarters import Quarter, quarters_of
from registry.assessment.scoring import counts_by_branch
from registry.models import Member

LABEL = gettext_lazy("Members contacted each quarter")


def quarters_ended(as_of: datetime.date) -> list[Quarter]:
    """The quarters of `as_of`'s year ended by that day (its last day included)."""
    return [quarter for quarter in quarters_of(as_of.year) if quarter.last_day <= as_of]


def contacted_in(quarter: Quarter) -> Q:
    """For members: a contact of theirs is logged within `quarter`."""
    return Q(Exists(Contact.objects.filter(member=OuterRef("pk"), date__range=(quarter.first_day, quarter.last_day))))


def score(organizations: list[Organization], as_of: datetime.date) -> dict[int, tuple[int, int, str]]:
    """Per branch: the members registered by the end of the last quarter ended, and of them those
    contacted in every quarter ended since their registration. One grouped query (none before the
    year's first quarter ends)."""
    quarters = quarters_ended(as_of)
    branches = [organization.pk for organization in organizations if organization.level in Organization.BRANCH_LEVELS]
    if not quarters:
        nothing = _("No quarter of %(year)s has ended yet") % {"year": as_of.year}
        return dict.fromkeys(branches, (0, 0, nothing))
    every_quarter = Q()
    for quarter in quarters:
        every_quarter &= Q(registered_on__gt=quarter.last_day) | contacted_in(quarter)
    rows = (
        Member.objects.filter(registered_on__lte=quarters[-1].last_day)
        .order_by()
        .values("organization_id")
        .annotate(members=Count("id"), contacted=Count("id", filter=every_quarter))
    )
    counts = counts_by_branch(rows, organizations, ("members", "contacted"))
    found = {}
    for branch in branches:
        members, contacted = counts[branch]["members"], counts[branch]["contacted"]  # zeros for a branch of none
        found[branch] = (
            contacted,
            members,
            _("%(good)s of %(total)s members contacted in each quarter ended (%(first)s–%(last)s)")
            % {"good": contacted, "total": members, "first": quarters[0], "last": quarters[-1]},
        )
    return found
