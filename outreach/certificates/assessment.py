"""What the certificate register computes for the yearly assessment of branches
(docs/assessment.md#items; ORGLIFE.md §4; article 001's committee 考评办法): `certificates`, the share
of a branch's members who need an activity certificate (registered mobile members, whose membership
stays at home) holding one valid on the day assessed as of — the rules of outreach/certificates/rules.py,
those of the register's missing list. Declared in the room (outreach/certificates/room.py,
`Room.assessment_items`); the registry never imports it.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.models import Organization
from outreach.certificates.rules import NEEDS_CERTIFICATE, valid_on
from outreach.models import Certificate
from registry.assessment.scoring import counts_by_branch
from registry.models import Member

LABEL = gettext_lazy("Activity certificates valid")


def score(organizations: list[Organization], as_of: datetime.date) -> dict[int, tuple[int, int, str]]:
    """Per branch: the members registered by `as_of` who need a certificate, and of them those holding
    one valid on that day. One grouped query."""
    valid = Q(Exists(Certificate.objects.filter(valid_on(as_of), member=OuterRef("pk"))))
    rows = (
        Member.objects.filter(NEEDS_CERTIFICATE, registered_on__lte=as_of)
        .order_by()
        .values("organization_id")
        .annotate(needing=Count("id"), holding=Count("id", filter=valid))
    )
    counts = counts_by_branch(rows, organizations, ("needing", "holding"))
    found = {}
    for branch in (organization for organization in organizations if organization.level in Organization.BRANCH_LEVELS):
        needing, holding = counts[branch.pk]["needing"], counts[branch.pk]["holding"]  # zeros for a branch of none
        found[branch.pk] = (
            holding,
            needing,
            _("%(good)s of %(total)s members who need an activity certificate hold a valid one")
            % {"good": holding, "total": needing},
        )
    return found
