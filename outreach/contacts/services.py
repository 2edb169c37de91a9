"""Every write of the keeping-in-touch work.

Keyword-only, one transaction each, validated as a whole record (`branches.services.validate_record`),
saved through `save_with_history` so the history row names who made the change. Views check scope
(through the selectors) before they call these; the demo and the benchmark call the bulk ones.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from branches.services import apply_changes, save_with_history, validate_record
from branches.versions import check_version
from outreach.models import (
    Activity,
    Attendance,
    BranchVisit,
    Contact,
    DesignatedContact,
    LatestContact,
    Occasion,
    ServiceCase,
    Visit,
)
from registry.members import services as member_services
from registry.models import Member


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


# --- designated contact persons -------------------------------------------------------------------


@transaction.atomic
def designated_contact_create(*, data: dict, actor) -> DesignatedContact:
    person = DesignatedContact(**data)
    save_with_history(person, actor=actor)
    return person


@transaction.atomic
def designated_contact_update(*, person: DesignatedContact, data: dict, actor) -> list[str]:
    changed = apply_changes(person, data)
    if changed:
        save_with_history(person, actor=actor)
    return changed


# --- contacts and the lost-touch list -------------------------------------------------------------


def _note_latest(member_id: int, day) -> None:
    """Keeps LatestContact at the newest contact date (an older contact typed late changes nothing)."""
    if not LatestContact.objects.filter(member_id=member_id, date__lt=day).update(date=day):
        LatestContact.objects.get_or_create(member_id=member_id, defaults={"date": day})


@transaction.atomic
def contact_create(*, member: Member, data: dict, actor) -> Contact:
    """Records one contact with `member` and moves their latest-contact date on."""
    contact = Contact(member=member, recorded_by=_actor(actor), **data)
    save_with_history(contact, actor=actor)
    _note_latest(member.pk, contact.date)
    return contact


@transaction.atomic
def contacts_bulk_create(*, contacts: list[Contact], actor=None) -> int:
    """Many contacts at once (the demo, the benchmark): validated, written with their history rows
    in batches, then the latest-contact dates of their members recomputed."""
    for contact in contacts:
        validate_record(contact)
        contact.recorded_by = contact.recorded_by or _actor(actor)
    bulk_create_with_history(contacts, Contact, batch_size=2000, default_user=_actor(actor))
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
    reason = _("Lost contact") if lost else _("Found again")
    if note.strip():
        reason = f"{reason}: {note.strip()}"
    member._change_reason = str(reason)[:100]
    member_services.member_update(member=member, data={"lost_contact": lost}, actor=actor)
    return True


# --- six must-visits ------------------------------------------------------------------------------


@transaction.atomic
def occasion_create(*, member: Member, data: dict, actor) -> Occasion:
    """Records something that calls for a visit; it is on the branch's to-do list until visited."""
    occasion = Occasion(member=member, recorded_by=_actor(actor), **data)
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
    visit = Visit(member=member, recorded_by=_actor(actor), **data)
    save_with_history(visit, actor=actor)
    return visit


# --- committee visits to branches -----------------------------------------------------------------


@transaction.atomic
def branch_visit_create(*, data: dict, actor) -> BranchVisit:
    visit = BranchVisit(recorded_by=_actor(actor), **data)
    save_with_history(visit, actor=actor)
    return visit


# --- the service ledger ---------------------------------------------------------------------------


@transaction.atomic
def service_case_create(*, data: dict, actor) -> ServiceCase:
    case = ServiceCase(recorded_by=_actor(actor), **data)
    save_with_history(case, actor=actor)
    return case


@transaction.atomic
def service_case_update(*, case: ServiceCase, data: dict, actor, version: str | None = None) -> list[str]:
    check_version(case, version)  # refused if changed since the form was read (branches/versions.py)
    changed = apply_changes(case, data)
    if changed:
        save_with_history(case, actor=actor)
    return changed


# --- activities and attendance --------------------------------------------------------------------


@transaction.atomic
def activity_create(*, data: dict, actor) -> Activity:
    activity = Activity(created_by=_actor(actor), **data)
    save_with_history(activity, actor=actor)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, data: dict, actor, version: str | None = None) -> list[str]:
    check_version(activity, version)  # refused if changed since the form was read (branches/versions.py)
    changed = apply_changes(activity, data)
    if changed:
        save_with_history(activity, actor=actor)
    return changed


@transaction.atomic
def attendance_add(*, activity: Activity, members: Iterable[Member], actor, reason: str = "") -> list[Member]:
    """Adds members to an activity's attendance (those already there are left alone); returns the
    members added. History rows are written in the same transaction."""
    wanted = {member.pk: member for member in members}
    present = set(
        Attendance.objects.filter(activity=activity, member_id__in=list(wanted)).values_list("member_id", flat=True)
    )
    added = [member for pk, member in wanted.items() if pk not in present]
    rows = [Attendance(activity=activity, member=member) for member in added]
    bulk_create_with_history(
        rows,
        Attendance,
        batch_size=2000,
        default_user=_actor(actor),
        default_change_reason=reason[:100] or None,
    )
    return added


@transaction.atomic
def attendance_remove(*, activity: Activity, member: Member, actor) -> bool:
    attendance = Attendance.objects.filter(activity=activity, member=member).first()
    if attendance is None:
        return False
    attendance._history_user = _actor(actor)
    attendance.delete()
    return True
