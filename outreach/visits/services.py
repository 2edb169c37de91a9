"""Every write of the visits: occasions that call for a visit, the six must-visits, the committee's
visits to branches.

Keyword-only, one transaction each, validated as a whole record (`branches.services.validate_record`),
saved through `save_with_history` so the history row names who made the change. Views check scope
(through the selectors) before they call these.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.people import recorder
from branches.services import save_with_history
from outreach.models import BranchVisit, Occasion, Visit
from registry.models import Member

# --- six must-visits ------------------------------------------------------------------------------


@transaction.atomic
def occasion_create(*, member: Member, data: dict, actor) -> Occasion:
    """Records something that calls for a visit; it is on the branch's to-do list until visited."""
    occasion = Occasion(member=member, recorded_by=recorder(actor), **data)
    save_with_history(occasion, actor=actor)
    return occasion


@transaction.atomic
def visit_create(*, member: Member, data: dict, actor) -> Visit:
    """Records a visit; a visit that answers an occasion takes it off the to-do list."""
    data = dict(data)
    occasion = data.get("occasion")
    if occasion is not None:
        occasion = Occasion.objects.select_for_update().get(pk=occasion.pk)
        if Visit.objects.filter(occasion=occasion).exists():
            raise ValidationError({"occasion": _("A visit has already been recorded for this occasion.")})
        data["occasion"] = occasion
        data.setdefault("kind", occasion.kind)
        if not data.get("kind"):
            data["kind"] = occasion.kind
    visit = Visit(member=member, recorded_by=recorder(actor), **data)
    save_with_history(visit, actor=actor)
    return visit


# --- committee visits to branches -----------------------------------------------------------------


@transaction.atomic
def branch_visit_create(*, data: dict, actor) -> BranchVisit:
    visit = BranchVisit(recorded_by=recorder(actor), **data)
    save_with_history(visit, actor=actor)
    return visit
