"""The writes of an action on many members (docs/domain.md#acting-on-many): one transaction, each
member through the one-member service their own page calls, with that service's history row naming
the actor; a member the service refuses is refused alone (a savepoint), the others go on.
"""

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches import access
from branches.models import Organization
from registry.bulk import rules
from registry.bulk.actions import BulkAction
from registry.checkin import services as checkin_services
from registry.members import services as member_services
from registry.models import Member, Movement
from registry.movements import services as movement_services
from registry.movements.facts import Event

log = logging.getLogger("registry.bulk")


@dataclass
class Outcome:
    member: Member
    done: bool
    said: Any  # what was done (in words, or the action's value: a check-in link's path), or why refused


def _refusal_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


@transaction.atomic
def run(*, action: BulkAction, members: list[Member], options: dict, actor) -> list[Outcome]:
    """`action` for each of `members`, in one transaction: a list of what it did or refused, member
    by member. Refused as a whole beyond REGISTRY_BULK_INLINE_MAX members, or for a user the action
    is not for; a member outside the organizations the actor may change is refused alone."""
    if not action.allowed_for(actor):
        raise ValidationError(_("This action is not yours to take."), code="not_allowed")
    if problem := rules.too_many_message(len(members)):
        raise ValidationError(problem, code="too_many")
    outcomes = []
    for member in members:
        if not access.may_change_organization(actor, member.organization):
            outcomes.append(Outcome(member, False, _("Not in an organization you keep.")))
            continue
        try:
            with transaction.atomic():  # a refusal undoes this member's writes only
                said = action.run_one(member=member, actor=actor, **options)
        except ValidationError as error:
            outcomes.append(Outcome(member, False, _refusal_text(error)))
        else:
            outcomes.append(Outcome(member, True, said))
    log.info(
        "bulk %s by %s: %d done, %d refused",
        action.key,
        getattr(actor, "username", actor),
        sum(outcome.done for outcome in outcomes),
        sum(not outcome.done for outcome in outcomes),
    )
    return outcomes


# --- the registry's actions, one member each -----------------------------------------------------


def checkin_link(*, member: Member, actor) -> str:
    """A new personal check-in link (the member's earlier one revoked): its path."""
    return checkin_services.link_create(member=member, actor=actor)


def move(*, member: Member, organization: Organization, actor) -> str:
    """To another of our organizations, as the member's form moves them (the member's history row
    says who moved them and where from)."""
    if not access.may_change_organization(actor, organization):
        raise ValidationError(_("You can move members only between the organizations you keep."))
    problem = rules.move_refusal(
        category=member.category,
        from_id=member.organization_id,
        to_id=organization.pk,
        to_level=organization.level,
        to_name=organization.name,
    )
    if problem:
        raise ValidationError(problem)
    before = member.organization.name
    member_services.member_update(
        member=member,
        data={"organization": organization},
        actor=actor,
        reason=(_("Moved from %(organization)s with others") % {"organization": before})[:100],
    )
    return _("Moved from %(before)s to %(after)s.") % {"before": before, "after": organization.name}


def lost_contact(*, member: Member, date: datetime.date, reason: str, note: str, actor) -> str:
    """The event 失联: the member's lost-contact case opens (docs/lifecycle.md#lost-contact)."""
    event = Event(kind=Movement.Kind.LOST_CONTACT, date=date, lost_reason=reason, reason=note)
    movement_services.movement_record(member=member, event=event, actor=actor)
    return _("Marked as lost contact since %(date)s.") % {"date": date.isoformat()}


def contact_found(*, member: Member, date: datetime.date, note: str, actor) -> str:
    """The event 恢复联系: the open case closes, found."""
    event = Event(kind=Movement.Kind.CONTACT_FOUND, date=date, reason=note)
    movement_services.movement_record(member=member, event=event, actor=actor)
    return _("Contact restored on %(date)s.") % {"date": date.isoformat()}
