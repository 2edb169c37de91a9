"""Every write of the contact work: designated contact persons, the contact log (and each member's
latest contact), lost contact (失联) and found again.

Keyword-only, one transaction each, validated as a whole record (`branches.services.validate_record`),
saved through `save_with_history` so the history row names who made the change. Views check scope
(through the selectors) before they call these; the demo and the benchmark call the bulk ones.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from branches import clock
from branches.people import recorder
from branches.services import save_with_history, update_with_history, validate_record
from outreach.models import Contact, DesignatedContact, LatestContact
from registry.lostcontact import services as lost_contact_services
from registry.members import services as member_services
from registry.models import Member, Movement
from registry.movements import rules as movement_rules
from registry.movements import services as movement_services

# --- designated contact persons -------------------------------------------------------------------


@transaction.atomic
def designated_contact_create(*, data: dict, actor) -> DesignatedContact:
    person = DesignatedContact(**data)
    save_with_history(person, actor=actor)
    return person


@transaction.atomic
def designated_contact_update(*, person: DesignatedContact, data: dict, actor) -> list[str]:
    return update_with_history(person, changes=data, actor=actor)


# --- contacts and the lost-touch list -------------------------------------------------------------


def _note_latest(member_id: int, day) -> None:
    """Keeps LatestContact at the newest contact date (an older contact typed late changes nothing)."""
    if not LatestContact.objects.filter(member_id=member_id, date__lt=day).update(date=day):
        LatestContact.objects.get_or_create(member_id=member_id, defaults={"date": day})


@transaction.atomic
def contact_create(*, member: Member, data: dict, actor) -> Contact:
    """Records one contact with `member` and moves their latest-contact date on."""
    contact = Contact(member=member, recorded_by=recorder(actor), **data)
    save_with_history(contact, actor=actor)
    _note_latest(member.pk, contact.date)
    return contact


@transaction.atomic
def contacts_bulk_create(*, contacts: list[Contact], actor=None) -> int:
    """Many contacts at once (the demo, the benchmark): validated, written with their history rows
    in batches, then the latest-contact dates of their members recomputed."""
    for contact in contacts:
        validate_record(contact)
        contact.recorded_by = contact.recorded_by or recorder(actor)
    bulk_create_with_history(contacts, Contact, batch_size=2000, default_user=recorder(actor))
    refresh_latest_contacts(member_ids={contact.member_id for contact in contacts})
    return len(contacts)


@transaction.atomic
def refresh_latest_contacts(*, member_ids: Iterable[int] | None = None) -> int:
    """Recomputes LatestContact from the contact log (all members, or the given ones)."""
    contacts = Contact.objects.all()
    stale = LatestContact.objects.all()
    if member_ids is not None:
        member_ids = list(member_ids)
        contacts = contacts.filter(member_id__in=member_ids)
        stale = stale.filter(member_id__in=member_ids)
    stale.delete()
    rows = [
        LatestContact(member_id=row["member_id"], date=row["latest"])
        for row in contacts.values("member_id").annotate(latest=Max("date")).order_by()
    ]
    LatestContact.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


@transaction.atomic
def member_set_lost_contact(*, member: Member, lost: bool, actor, note: str = "") -> bool:
    """Marks a member as lost contact (失联) or found again, through the registry's member service so
    the member's history shows who did it, when, and why. False when nothing changed."""
    if member.lost_contact == lost:
        return False
    if lost or lost_contact_services.open_case(member) is not None:
        # the case of docs/lifecycle.md#lost-contact opens (reason ⑦ other, the note its words) or
        # closes today, with the member's event and history row (registry/movements/services.py)
        kind = Movement.Kind.LOST_CONTACT if lost else Movement.Kind.CONTACT_FOUND
        event = movement_rules.Event(kind=kind, date=clock.today(), reason=note.strip()[:200])
        movement_services.movement_record(member=member, event=event, actor=actor)
        return True
    reason = _("Found again")  # marked lost before cases were kept: no case to close
    if note.strip():
        reason = f"{reason}: {note.strip()}"
    member._change_reason = str(reason)[:100]
    member_services.member_update(member=member, data={"lost_contact": lost}, actor=actor)
    return True
