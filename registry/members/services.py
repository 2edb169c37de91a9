"""Every write to members. Views, imports, admin actions and commands all come through here."""

from django.db import transaction

from branches.services import apply_changes, save_with_history
from spreadsheets.dates import DAY
from registry.idnumbers import birth_date_from_id, gender_from_id, normalize_id_number
from registry.models import Member


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
    return data


@transaction.atomic
def member_create(*, data: dict, actor) -> Member:
    member = Member(**_normalized(data))
    _fill_from_id_number(member)
    save_with_history(member, actor=actor)
    return member


@transaction.atomic
def member_update(*, member: Member, data: dict, actor) -> list[str]:
    """Applies `data`; returns the fields that changed (none: nothing saved, no history row).

    A cleared birth date or gender comes back from the ID number, and then counts as unchanged."""
    data = _normalized(data)
    watched = set(data) | {"birth_date", "birth_date_precision", "gender"}
    before = {field: getattr(member, field) for field in watched}
    apply_changes(member, data)
    _fill_from_id_number(member)
    changed = [field for field in watched if getattr(member, field) != before[field]]
    if changed:
        save_with_history(member, actor=actor)
    return changed
