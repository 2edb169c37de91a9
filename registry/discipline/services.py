"""Every write of discipline (docs/lifecycle.md#discipline): the decision's row with its history, in
one transaction; 开除党籍 also records the member's departure (Movement.Kind.EXPELLED) through the
movement services, so that the roster, the balance and the former members follow. The form, the
discipline import and the demo all come through here. A refusal is a ValidationError keyed by the
record's fields, raised before anything is written.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches import clock
from branches.services import save_with_history, update_with_history
from registry.discipline import rules
from registry.models import Discipline, Member, Movement
from registry.movements import rules as movement_rules
from registry.movements import services as movement_services

FIELDS = ("kind", "date", "deciding_organization", "breach", "term_years", "notes")
CORRECTABLE = ("deciding_organization", "breach", "notes")


def _refuse(found: list[rules.Refusal]) -> None:
    errors: dict[str, list] = {}
    for refusal in found:
        errors.setdefault(refusal.field or "__all__", []).append(ValidationError(refusal.message, code=refusal.code))
    raise ValidationError(errors)


@transaction.atomic
def discipline_record(*, member: Member, data: dict, actor, today: datetime.date | None = None) -> Discipline:
    """Records one decision (kind, date, deciding organization, breach, term, notes) for a member on
    the roster whose membership is held here; 开除党籍 takes them off the roster on that day."""
    member = Member.all_members.select_for_update().select_related("organization").get(pk=member.pk)
    today = today or clock.today()
    data = {name: data.get(name) for name in FIELDS}
    found = rules.refusals(member, kind=data["kind"], date=data["date"], term_years=data["term_years"], today=today)
    if found:
        _refuse(found)
    record = Discipline(
        member=member,
        kind=data["kind"],
        date=data["date"],
        deciding_organization=(data["deciding_organization"] or "").strip()[:150],
        breach=data["breach"] or "",
        term_years=data["term_years"] if data["kind"] == Discipline.Kind.PROBATION else None,
        notes=data["notes"] or "",
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    reason = f"{record.get_kind_display()} {record.date.isoformat()}"[:100]
    save_with_history(record, actor=actor, reason=reason)
    if record.kind == Discipline.Kind.EXPULSION:
        event = movement_rules.Event(
            kind=Movement.Kind.EXPELLED,
            date=record.date,
            other_side=record.deciding_organization,
            reason=(_("Discipline: %(breach)s") % {"breach": record.get_breach_display()})[:200]
            if record.breach
            else "",
        )
        movement_services.movement_record(member=member, event=event, actor=actor, today=today)
    else:
        save_with_history(member, actor=actor, reason=reason)  # a row in the member's history
    return record


@transaction.atomic
def discipline_update(*, record: Discipline, data: dict, actor, reason: str = "") -> list[str]:
    """Corrects a decision's details (deciding organization, breach, notes) — never its kind, date or
    term, which are the decision itself; returns the fields that changed."""
    record = Discipline.objects.select_for_update().get(pk=record.pk)
    changes = {name: value for name, value in data.items() if name in CORRECTABLE}
    if set(data) - set(CORRECTABLE):
        raise ValueError(f"{sorted(set(data) - set(CORRECTABLE))} cannot be changed on a discipline record")
    return update_with_history(record, changes=changes, actor=actor, reason=reason[:100])
