"""What the movement rules (registry/movements/rules.py) decide from: a member as the rules see them
at a moment (`MemberState`), an event to record (`Event`), a transfer-out letter (`Letter`), and what
they answer (`Refusal`). Plain data, built by the services from the database and by the import from
its rows, so that forms, imports and services are refused alike.
"""

import datetime
from dataclasses import dataclass, field

from registry.models import Member, Movement


@dataclass
class MemberState:
    pk: int
    name: str
    organization_id: int
    category: str
    status: str
    joined: datetime.date | None
    registered_on: datetime.date
    flowed_out: bool = False
    flow_out_date: datetime.date | None = None  # the open flow-out's date
    left_on: datetime.date | None = None
    pending_letter: str = ""  # the number of an open transfer-out letter
    organization_name: str = ""
    organization_level: str = ""
    left_as: str = ""  # why a former member left (Member.left_as): 停止党籍 may be restored
    origin_organization: str = ""  # the home organization of a member whose membership is held there
    lost_on: datetime.date | None = None  # the open lost-contact case's day, if any
    lost_reason: str = ""  # its reason, ① to ⑦ (LostContactCase.Reason)

    @classmethod
    def of(cls, member: Member, *, flow_out_date=None, pending_letter: str = "", lost_case=None) -> "MemberState":
        return cls(
            pk=member.pk,
            name=member.name,
            organization_id=member.organization_id,
            category=member.category,
            status=member.status,
            joined=member.joined,
            registered_on=member.registered_on,
            flowed_out=member.flowed_out,
            flow_out_date=flow_out_date,
            left_on=member.left_on,
            pending_letter=pending_letter,
            organization_name=member.organization.name,
            organization_level=member.organization.level,
            left_as=member.left_as,
            origin_organization=member.origin_organization,
            lost_on=lost_case.lost_on if lost_case else None,
            lost_reason=lost_case.reason if lost_case else "",
        )


@dataclass
class Event:
    kind: str
    date: datetime.date
    other_side: str = ""
    to_organization_id: int | None = None
    letter_number: str = ""
    valid_days: int | None = None
    receipt_on: datetime.date | None = None
    certificate_number: str = ""
    reason: str = ""
    notes: str = ""
    extra: dict = field(default_factory=dict)
    whole_unit: bool = False  # 整建制: part of a whole organization's transfer
    lost_reason: str = ""  # 失联: the reason, ① to ⑦ (LostContactCase.Reason)
    # The organization of ours a transfer out moves the member to: its name and level, for the rules.
    to_organization_name: str = ""
    to_organization_level: str = ""


@dataclass
class Letter:
    """A transfer-out introduction letter as the receipt and re-issue rules see it."""

    number: str
    issued_on: datetime.date
    expires_on: datetime.date | None  # the last valid day
    reissued_on: datetime.date | None = None  # the day the letter now in force was issued, when re-issued

    @property
    def in_force_from(self) -> datetime.date:
        return self.reissued_on or self.issued_on

    @classmethod
    def of(cls, movement: Movement) -> "Letter":
        return cls(
            number=movement.letter_number,
            issued_on=movement.date,
            expires_on=movement.expires_on,
            reissued_on=movement.reissued_on,
        )


@dataclass(frozen=True)
class Refusal:
    field: str  # the event's field the refusal is about ("" for the whole event)
    code: str  # stable, for programs and tests (docs/spreadsheets.md#movements-columns)
    message: str  # a sentence for the secretary, naming the rule and the date
