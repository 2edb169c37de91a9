"""Every write of a lost-contact case (docs/lifecycle.md#lost-contact). A case opens and closes with
the member's events 失联 and 恢复联系 (and closes with 停止党籍 or a departure), which the movement
services record (registry/movements/services.py calls `case_open` and `case_close` in their
transaction); the searches are written here.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches import clock
from branches.services import save_with_history
from registry.lostcontact import rules
from registry.models import LostContactCase, LostContactSearch, Member

Outcome = LostContactCase.Outcome


def open_case(member: Member) -> LostContactCase | None:
    return member.lost_contact_cases.filter(outcome=Outcome.OPEN).first()


def case_open(
    *, member: Member, lost_on: datetime.date, reason: str, detail: str = "", notes: str = "", actor
) -> LostContactCase:
    """Opens the member's case (the movement rules checked there is none open)."""
    case = LostContactCase(
        member=member,
        lost_on=lost_on,
        reason=reason or LostContactCase.Reason.OTHER,
        reason_detail=detail[:200],
        notes=notes,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    save_with_history(case, actor=actor, reason=(_("Lost contact on %(date)s") % {"date": lost_on.isoformat()})[:100])
    return case


def case_close(*, member: Member, day: datetime.date, outcome: str, actor) -> LostContactCase | None:
    """Closes the member's open case, if any: found, suspended or left the roster on `day`."""
    case = open_case(member)
    if case is None:
        return None
    case.outcome, case.closed_on = outcome, max(day, case.lost_on)
    label = Outcome(outcome).label
    save_with_history(case, actor=actor, reason=f"{label} {day.isoformat()}"[:100])
    return case


def _refuse(found: list) -> None:
    errors: dict[str, list] = {}
    for refusal in found:
        errors.setdefault(refusal.field or "__all__", []).append(ValidationError(refusal.message, code=refusal.code))
    raise ValidationError(errors)


@transaction.atomic
def search_add(
    *, case: LostContactCase, date: datetime.date, method: str, result: str = "", actor
) -> LostContactSearch:
    """One search made (date, how, what came of it) on an open case."""
    case = LostContactCase.objects.select_for_update().get(pk=case.pk)
    found = rules.search_refusals(lost_on=case.lost_on, is_open=case.is_open, date=date, today=clock.today())
    if not method.strip():
        found.append(rules.Refusal("method", "required", _("Say how the member was searched for.")))
    if found:
        _refuse(found)
    search = LostContactSearch(
        case=case,
        date=date,
        method=method.strip()[:100],
        result=result.strip()[:200],
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    save_with_history(search, actor=actor, reason=(_("Search on %(date)s") % {"date": date.isoformat()})[:100])
    return search
