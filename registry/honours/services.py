"""Every write of honours and representatives: keyword-only, one transaction each, the whole record
validated (its model's clean() asks registry/honours/rules.py), saved with its history row naming
who. Views check scope (through the selectors) before they call these; the import checks each row."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.services import recorded_change, save_with_history, update_with_history
from registry.honours import rules
from registry.models import Honour, Representative

State = Honour.State


def _normalized(data: dict, record=None) -> dict:
    """A record's fields as stored: a local title's words only for a local title; a member's record
    belongs to the organization that holds them when it is made (or given to them), and stays there
    when they move on."""
    data = dict(data)
    if data.get("title") and data["title"] != rules.OTHER:
        data["title_text"] = ""
    member = data.get("member")
    if member is not None and (record is None or record.member_id != member.pk):
        data["organization"] = member.organization
    return data


@transaction.atomic
def honour_create(*, data: dict, actor, reason: str = "") -> Honour:
    honour = Honour(**_normalized(data))
    save_with_history(honour, actor=actor, reason=reason)
    return honour


@transaction.atomic
def honour_update(*, honour: Honour, data: dict, actor, version: str | None = None) -> list[str]:
    return update_with_history(honour, changes=_normalized(data, honour), actor=actor, version=version)


@transaction.atomic
def honour_decide(*, honour: Honour, state: str, actor, version: str | None = None) -> list[str]:
    """A nomination approved or not approved (nominated → approved | not approved); a decision taken
    in error is corrected the same way, and the history keeps both."""
    with recorded_change(honour, actor=actor, version=version) as change:
        if state not in (State.APPROVED, State.NOT_APPROVED):
            raise ValidationError(_("Choose approved or not approved."))
        change.apply({"state": state})
    return change.fields


@dataclass(frozen=True)
class ImportedHonour:
    """One row of the `honours` import, checked: approved, as an imported commendation is."""

    organization_id: int
    member_id: int | None
    title: str
    title_text: str
    body: str
    body_level: str
    date: object
    posthumous: bool
    existing_id: int | None  # the commendation with the same key, to approve and correct


@transaction.atomic
def honours_import_write(*, rows: list[ImportedHonour], actor, reason: str) -> int:
    """Writes the import's rows one by one with their history (a committee's commendations are few
    a year): a new key is a new approved commendation; a known one is approved and takes the row's
    body, level and 是否追授. Returns how many were written."""
    existing = Honour.objects.select_for_update().in_bulk([row.existing_id for row in rows if row.existing_id])
    for row in rows:
        values = {
            "body": row.body,
            "body_level": row.body_level,
            "posthumous": row.posthumous,
            "state": State.APPROVED,
        }
        if row.existing_id:
            update_with_history(existing[row.existing_id], changes=values, actor=actor, reason=reason)
            continue
        honour = Honour(
            organization_id=row.organization_id,
            member_id=row.member_id,
            title=row.title,
            title_text=row.title_text if row.title == rules.OTHER else "",
            date=row.date,
            **values,
        )
        save_with_history(honour, actor=actor, reason=reason)
    return len(rows)


@transaction.atomic
def representative_create(*, data: dict, actor, reason: str = "") -> Representative:
    representative = Representative(**_normalized(data))
    save_with_history(representative, actor=actor, reason=reason)
    return representative


@transaction.atomic
def representative_update(
    *, representative: Representative, data: dict, actor, version: str | None = None
) -> list[str]:
    return update_with_history(representative, changes=_normalized(data, representative), actor=actor, version=version)
