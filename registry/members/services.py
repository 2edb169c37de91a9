"""Every write to members. Views, imports, admin actions and commands all come through here."""

from django.core.exceptions import ValidationError
from django.db import transaction

from branches.services import recorded_change, save_with_history
from registry.dues import rules as dues_rules
from registry.dues import services as dues_services
from registry.idnumbers import birth_date_from_id, gender_from_id, normalize_id_number
from registry.models import Member
from registry.sendbacks import services as sendback_services
from spreadsheets.dates import DAY, MONTH


def _fill_from_id_number(member: Member) -> None:
    """Birth date and gender, where missing, come from the ID number (docs/spreadsheets.md#id-numbers)."""
    try:
        birth = birth_date_from_id(member.id_number)
        gender = gender_from_id(member.id_number)
    except (ValueError, IndexError):
        return  # an invalid number is reported by validation
    if member.birth_date is None:
        member.birth_date, member.birth_date_precision = birth, DAY
    if not member.gender:
        member.gender = gender


def _normalized(data: dict) -> dict:
    data = dict(data)
    if "registered_on" in data and data["registered_on"] is None:
        del data["registered_on"]  # not given: a new record's is today, an existing one keeps its own
    if "id_number" in data:
        data["id_number"] = normalize_id_number(data["id_number"])
    for field, value in data.items():
        if isinstance(value, str) and field != "notes":
            data[field] = value.strip()
    if data.get("dues_paid_through") is not None:
        # 党费交至 is a month of the dues ledger (docs/lifecycle.md#dues-paid-through).
        data["dues_paid_through"] = data["dues_paid_through"].replace(day=1)
        data["dues_paid_through_precision"] = MONTH
    elif "dues_paid_through" in data:
        data["dues_paid_through_precision"] = DAY
    return data


@transaction.atomic
def member_create(*, data: dict, actor, reason: str = "") -> Member:
    """A new member; a 党费交至 given with them becomes a declared entry of their dues ledger.
    `reason` goes into the history row (where the record came from, e.g. an arrival form)."""
    member = Member(**_normalized(data))
    _fill_from_id_number(member)
    save_with_history(member, actor=actor, reason=reason)
    if member.dues_paid_through is not None:
        dues_services.declare_for_new_member(member=member, actor=actor)
    return member


@transaction.atomic
def member_update(*, member: Member, data: dict, actor, version: str | None = None, reason: str = "") -> list[str]:
    """Applies `data`; returns the fields that changed (none: nothing saved, no history row).
    `reason` goes into the history row (e.g. "submitted by the member").

    A cleared birth date or gender comes back from the ID number, and then counts as unchanged.
    党费交至 is the dues ledger's: a later month typed here becomes a declared entry; an earlier
    one, or clearing it, is refused (the ledger is corrected on the member's page)."""
    with recorded_change(member, actor=actor, version=version, reason=reason) as change:
        data = _normalized(data)
        declared = None
        if "dues_paid_through" in data:
            typed, current = data["dues_paid_through"], member.dues_paid_through
            if typed == current:
                data.pop("dues_paid_through")
                data.pop("dues_paid_through_precision", None)
            elif problem := dues_rules.declared_month_problem(current=current, typed=typed):
                raise ValidationError({"dues_paid_through": problem})
            else:
                declared = typed
        change.apply(data)
        _fill_from_id_number(member)
    if declared is not None:
        dues_services.declare_paid_through(member=member, month=declared, actor=actor)
    if change.fields:  # a question the committee sent back on this record is settled: "corrected"
        sendback_services.record_corrected(kind="member", record=member, actor=actor)
    return change.fields
