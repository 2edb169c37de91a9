"""The rules of docs/lifecycle.md#events, said once for the forms (through the services) and for the
import (docs/spreadsheets.md#movements-columns), which checks a whole file in date order against
the same state.

`MemberState` is what the rules need to know of a member at a moment; `refusals(state, event)`
says what is wrong with recording `event` now (nothing: it may be recorded); `apply(state, event)`
moves the state on, so that the next event of the same file is checked against it.
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from branches.models import Organization
from registry.development.rules import CANNOT_HOLD
from registry.lostcontact import rules as lost_rules
from registry.members.rules import not_held_here_message
from registry.models import Member, Movement
from registry.movements.facts import Event, Letter, MemberState, Refusal

Kind = Movement.Kind
SELF_MANAGED = Member.Category.SELF_MANAGED
# Membership cannot be held in a temporary branch (临时党支部) or a party group (党小组): neither
# receives a transfer in (docs/lifecycle.md#transfer-letters) — the organizations that hold no
# candidates either (registry.development.rules.CANNOT_HOLD).
CANNOT_HOLD_MEMBERSHIP = CANNOT_HOLD


def letter_days_cap() -> int:
    """The longest an introduction letter may be valid (settings.REGISTRY_TRANSFER_LETTER_MAX_DAYS,
    default 90: the national practice of three months, docs/lifecycle.md#transfer-letters)."""
    return int(getattr(settings, "REGISTRY_TRANSFER_LETTER_MAX_DAYS", 90))


def _day(value: datetime.date) -> str:
    return value.isoformat()


def refusals(state: MemberState, event: Event, *, today: datetime.date, letters_in_use=frozenset()) -> list[Refusal]:
    """What forbids recording `event` for the member in `state` (docs/lifecycle.md#events)."""
    found = []
    label = Kind(event.kind).label
    names = {"name": state.name, "event": label, "date": _day(event.date)}

    def refuse(field_name, code, message, **more):
        found.append(Refusal(field_name, code, message % {**names, **more}))

    if state.left_on is not None and event.kind in Movement.FOR_FORMER:
        return _former_refusals(state, event, today)
    if state.left_on is not None:
        refuse(
            "",
            "not_on_roster",
            _(
                "%(name)s left the roster on %(left)s: no event can be recorded for a former member. Someone "
                "who comes back is brought back onto the roster by the roster import, as an arrival."
            ),
            left=_day(state.left_on),
        )
        return found
    if event.date > today:
        refuse(
            "date",
            "future",
            _("%(event)s on %(date)s is in the future: record an event on or after the day it happens."),
        )
    if state.joined and event.date < state.joined:
        refuse(
            "date",
            "before_joined",
            _("%(event)s on %(date)s is before %(name)s joined the party (%(joined)s): check the date."),
            joined=_day(state.joined),
        )
    if state.registered_on and event.date < state.registered_on:
        refuse(
            "date",
            "before_registered",
            _(
                "%(event)s on %(date)s is before %(name)s registered here (%(registered)s): an event cannot be dated "
                "before the member came onto our roster (登记时间)."
            ),
            registered=_day(state.registered_on),
        )
    kind = event.kind
    if kind == Kind.FLOW_OUT:
        if state.category != SELF_MANAGED:
            refuse(
                "",
                "flow_out_not_self_managed",
                _(
                    "Only a self-managed member flows out (%(date)s): %(name)s is a %(category)s, whose "
                    "membership is held elsewhere. A mobile member who went home has left the area."
                ),
                category=Member.Category(state.category).label,
            )
        elif state.flowed_out:
            refuse(
                "",
                "already_flowed_out",
                _("%(name)s already flowed out on %(since)s and has not returned: record the return first."),
                since=_day(state.flow_out_date) if state.flow_out_date else "—",
            )
    elif kind == Kind.RETURN:
        if not state.flowed_out:
            refuse(
                "",
                "return_without_flow_out",
                _("A return on %(date)s needs an open flow-out: %(name)s is not marked as flowed out."),
            )
        elif state.flow_out_date and event.date < state.flow_out_date:
            refuse(
                "date",
                "return_before_flow_out",
                _("The return on %(date)s is before the flow-out it ends (%(since)s): check the date."),
                since=_day(state.flow_out_date),
            )
    elif kind == Kind.TRANSFER_IN:
        if state.category == SELF_MANAGED:
            refuse(
                "",
                "transfer_in_already_self_managed",
                _(
                    "%(name)s is already self-managed: their membership is held here, so it cannot be "
                    "transferred in (%(date)s)."
                ),
            )
        _check_letter(event, refuse, letters_in_use, "transfer_in")
        if state.organization_level in CANNOT_HOLD_MEMBERSHIP:
            refuse(
                "",
                "organization_cannot_hold",
                _cannot_hold_message(),
                organization=state.organization_name,
                level=Organization.Level(state.organization_level).label,
            )
    elif kind == Kind.TRANSFER_OUT:
        if state.category != SELF_MANAGED:
            refuse(
                "",
                "transfer_out_not_self_managed",
                _(
                    "Only a self-managed member's membership can be transferred out (%(date)s): %(name)s is a "
                    "%(category)s, whose membership is held elsewhere."
                ),
                category=Member.Category(state.category).label,
            )
        _check_letter(event, refuse, letters_in_use, "transfer_out")
        if state.pending_letter:
            refuse(
                "",
                "transfer_out_pending",
                _(
                    "An introduction letter for %(name)s (%(letter)s) is still waiting for its receipt: record "
                    "the receipt or cancel that letter before issuing another (%(date)s)."
                ),
                letter=state.pending_letter,
            )
        if event.to_organization_id is not None and event.to_organization_id == state.organization_id:
            refuse(
                "to_organization",
                "transfer_to_same_organization",
                _("%(name)s is already in that party organization: choose another one (%(date)s)."),
            )
        elif event.to_organization_id is not None and event.to_organization_level in CANNOT_HOLD_MEMBERSHIP:
            refuse(
                "to_organization",
                "organization_cannot_hold",
                _cannot_hold_message(),
                organization=event.to_organization_name,
                level=Organization.Level(event.to_organization_level).label,
            )
        if event.to_organization_id is None:
            found.extend(validity_refusals(event.valid_days))
    elif kind == Kind.LEFT_AREA:
        if state.category == SELF_MANAGED:
            refuse(
                "",
                "left_area_self_managed",
                _(
                    "A self-managed member does not leave the area (%(date)s): their membership is held here. "
                    "Record a flow-out if they work elsewhere, or a transfer out with an introduction letter."
                ),
            )
    elif kind in (*Movement.LEFT_PARTY, Kind.SUSPENDED) and state.category != SELF_MANAGED:
        what = _("a suspension (停止党籍)") if kind == Kind.SUSPENDED else _("whether they leave the party")
        found.append(
            Refusal(
                "",
                "not_held_here",
                not_held_here_message(
                    name=state.name,
                    category=Member.Category(state.category).label,
                    origin=state.origin_organization,
                    what=what,
                ),
            )
        )
    elif kind == Kind.SUSPENDED:
        found.extend(lost_rules.suspension_refusals(state, event))
    elif kind == Kind.RESTORED:
        refuse(
            "",
            "restore_not_suspended",
            _("%(name)s is on the roster: 恢复党籍 (%(date)s) is for a member whose membership was suspended."),
        )
    elif kind == Kind.LOST_CONTACT:
        found.extend(lost_rules.lost_contact_refusals(state, event))
    elif kind == Kind.CONTACT_FOUND:
        found.extend(lost_rules.contact_found_refusals(state, event))
    elif kind == Kind.REPORTED_HOME and state.category == SELF_MANAGED:
        refuse(
            "",
            "reported_home_held_here",
            _(
                "%(name)s's membership is held here: there is no home organization to report to (%(date)s). "
                "Record the decision itself (leaving the party, 停止党籍, discipline)."
            ),
        )
    elif kind == Kind.PROBATION_CANCELLED and state.status != Member.Status.PROBATIONARY:
        refuse(
            "",
            "cancel_full_member",
            _("Only a probationary member's status can be cancelled (%(date)s): %(name)s is a full member."),
        )
    if event.whole_unit and kind not in (Kind.TRANSFER_IN, Kind.TRANSFER_OUT):
        refuse(
            "whole_unit", "whole_unit_not_transfer", _("Only a transfer in or out is part of a whole-unit transfer.")
        )
    if event.receipt_on is not None:
        if kind not in (Kind.TRANSFER_IN, Kind.TRANSFER_OUT):
            refuse(
                "receipt_on",
                "receipt_not_transfer",
                _("A receipt (回执) belongs to a transfer in or out, not to %(event)s."),
            )
        else:
            expires_on = None
            if kind == Kind.TRANSFER_OUT and event.to_organization_id is None and event.valid_days:
                expires_on = event.date + datetime.timedelta(days=event.valid_days)
            letter = Letter(number=event.letter_number, issued_on=event.date, expires_on=expires_on)
            found.extend(receipt_refusals(letter, event.receipt_on, today=today))
    return found


def _former_refusals(state: MemberState, event: Event, today: datetime.date) -> list[Refusal]:
    """The events of a former member: 恢复党籍 after 停止党籍, and 自行脱党除名 for a suspended member
    never found (docs/lifecycle.md#membership-status)."""
    names = {"name": state.name, "date": _day(event.date), "left": _day(state.left_on)}
    if state.left_as != Kind.SUSPENDED and event.kind == Kind.LAPSED:
        message = _(
            "%(name)s left the roster on %(left)s (%(reason)s): 自行脱党除名 is recorded for a former member only "
            "after 停止党籍 (%(date)s)."
        )
        return [Refusal("", "not_on_roster", message % {**names, "reason": _left_as_label(state.left_as)})]
    if state.left_as != Kind.SUSPENDED:
        message = _(
            "%(name)s left the roster on %(left)s (%(reason)s), not by 停止党籍: only a suspended membership is "
            "restored (%(date)s). Someone who comes back is brought back onto the roster by the roster import."
        )
        return [Refusal("", "restore_not_suspended", message % {**names, "reason": _left_as_label(state.left_as)})]
    found = []
    if event.date < state.left_on:
        found.append(
            Refusal(
                "date",
                "before_suspension",
                _(
                    "%(name)s's membership was suspended on %(left)s: %(event)s is dated on or after that day, not "
                    "%(date)s."
                )
                % {**names, "event": Kind(event.kind).label},
            )
        )
    if event.date > today:
        found.append(
            Refusal(
                "date",
                "future",
                _("%(event)s on %(date)s is in the future: record an event on or after the day it happens.")
                % {**names, "event": Kind(event.kind).label},
            )
        )
    return found


def _left_as_label(left_as: str) -> str:
    return Kind(left_as).label if left_as in Kind.values else left_as


def _cannot_hold_message() -> str:
    return _(
        "%(organization)s is a %(level)s, which cannot hold membership: a temporary branch or a party group "
        "receives no transfer in (%(date)s). Transfer the membership to a branch, a joint branch, a general "
        "branch or a committee."
    )


def validity_refusals(valid_days: int | None) -> list[Refusal]:
    """An introduction letter is valid at most REGISTRY_TRANSFER_LETTER_MAX_DAYS days (default 90,
    three months: docs/lifecycle.md#transfer-letters)."""
    cap = letter_days_cap()
    if valid_days is None or valid_days <= cap:
        return []
    return [
        Refusal(
            "valid_days",
            "validity_over_cap",
            _(
                "An introduction letter is valid for at most %(cap)d days: %(days)d days is longer. Give a "
                "validity of %(cap)d days or fewer; a letter that runs out before the member reports is "
                "re-issued."
            )
            % {"cap": cap, "days": valid_days},
        )
    ]


def receipt_refusals(letter: Letter, receipt_on: datetime.date, *, today: datetime.date) -> list[Refusal]:
    """What forbids recording a receipt dated `receipt_on` for `letter`: before the letter in force,
    in the future, or after the letter expired — until it is re-issued (docs/lifecycle.md#transfer-letters)."""
    if receipt_on < letter.in_force_from:
        return [
            Refusal(
                "receipt_on",
                "receipt_before_letter",
                _(
                    "The receipt dated %(receipt)s is before the letter of %(date)s: a receipt comes back "
                    "after the letter."
                )
                % {"receipt": _day(receipt_on), "date": _day(letter.in_force_from)},
            )
        ]
    if receipt_on > today:
        return [
            Refusal(
                "receipt_on",
                "future",
                _("The receipt dated %(receipt)s is in the future.") % {"receipt": _day(receipt_on)},
            )
        ]
    if letter.expires_on is not None and receipt_on > letter.expires_on:
        return [
            Refusal(
                "receipt_on",
                "receipt_after_expiry",
                _(
                    "The receipt dated %(receipt)s comes after introduction letter %(letter)s expired (valid "
                    "until %(expires)s): re-issue the letter first (a new letter number and validity, dated "
                    "%(after)s or later), then record the receipt."
                )
                % {
                    "receipt": _day(receipt_on),
                    "letter": letter.number,
                    "expires": _day(letter.expires_on),
                    "after": _day(letter.expires_on + datetime.timedelta(days=1)),
                },
            )
        ]
    return []


def reissue_refusals(
    letter: Letter,
    *,
    letter_number: str,
    reissued_on: datetime.date,
    valid_days: int,
    today: datetime.date,
    letters_in_use=frozenset(),
) -> list[Refusal]:
    """What forbids re-issuing `letter` on `reissued_on` as `letter_number`, valid `valid_days` days:
    a letter is re-issued once it has expired, under a number never used, within the cap."""
    found = []
    if letter.expires_on is not None and reissued_on <= letter.expires_on:
        found.append(
            Refusal(
                "reissued_on",
                "letter_not_expired",
                _(
                    "Introduction letter %(letter)s is valid until %(expires)s: it is re-issued once it has "
                    "expired, on %(after)s or later. Until then its receipt is recorded as it is."
                )
                % {
                    "letter": letter.number,
                    "expires": _day(letter.expires_on),
                    "after": _day(letter.expires_on + datetime.timedelta(days=1)),
                },
            )
        )
    if reissued_on > today:
        found.append(
            Refusal(
                "reissued_on",
                "future",
                _("A letter re-issued on %(date)s is in the future: record it on or after the day it is issued.")
                % {"date": _day(reissued_on)},
            )
        )
    if letter_number == letter.number or letter_number in letters_in_use:
        found.append(
            Refusal(
                "letter_number",
                "letter_in_use",
                _(
                    "Introduction letter %(letter)s is already used by another transfer: each letter number is "
                    "used once (%(date)s)."
                )
                % {"letter": letter_number, "date": _day(reissued_on)},
            )
        )
    found.extend(validity_refusals(valid_days))
    return found


def _check_letter(event: Event, refuse, letters_in_use, prefix: str) -> None:
    if not event.letter_number:
        refuse(
            "letter_number",
            f"{prefix}_no_letter",
            _("%(event)s on %(date)s needs the introduction letter's number (介绍信编号)."),
        )
    elif event.letter_number in letters_in_use:
        refuse(
            "letter_number",
            f"{prefix}_letter_in_use",
            _(
                "Introduction letter %(letter)s is already used by another transfer: each letter number is "
                "used once (%(date)s)."
            ),
            letter=event.letter_number,
        )


def departure_date(event: Event, state: MemberState | None = None) -> datetime.date | None:
    """The day `event` takes the member off the roster, if it does: a transfer out on its receipt,
    a move to another of our organizations never, an event of a former member never (they left
    already: 自行脱党除名 after 停止党籍 changes only why) (docs/lifecycle.md#events)."""
    if state is not None and state.left_on is not None:
        return None
    if event.kind == Kind.TRANSFER_OUT:
        if event.to_organization_id is not None:
            return None
        return event.receipt_on
    if event.kind in Movement.DEPARTURES:
        return event.date
    return None


def apply(state: MemberState, event: Event) -> None:
    """The state after `event` (already checked)."""
    kind = event.kind
    if state.left_on is not None:  # a former member's event (Movement.FOR_FORMER)
        if kind == Kind.RESTORED:
            state.left_on, state.left_as, state.registered_on = None, "", event.date
        else:
            state.left_as = kind
        return
    if kind == Kind.LOST_CONTACT:
        state.lost_on, state.lost_reason = event.date, event.lost_reason or lost_rules.Reason.OTHER
    elif kind == Kind.CONTACT_FOUND:
        state.lost_on, state.lost_reason = None, ""
    if kind == Kind.FLOW_OUT:
        state.flowed_out, state.flow_out_date = True, event.date
    elif kind == Kind.RETURN:
        state.flowed_out, state.flow_out_date = False, None
    elif kind == Kind.TRANSFER_IN:
        state.category = SELF_MANAGED
    elif kind == Kind.TRANSFER_OUT:
        if event.to_organization_id is not None:
            state.organization_id = event.to_organization_id
        elif event.receipt_on is None:
            state.pending_letter = event.letter_number
    left = departure_date(event)
    if left is not None:
        state.left_on, state.left_as = left, kind
        state.flowed_out, state.flow_out_date, state.pending_letter = False, None, ""
        state.lost_on, state.lost_reason = None, ""


def move_scope_refusal(event: Event, changeable_ids) -> Refusal | None:
    """A move between organizations of the registry (a transfer out to one of ours) is the
    committee office's, or a secretary's within the organizations they keep: not out of their
    subtree, nor up into the committee (issue 20 §4). `changeable_ids`: the organizations the
    user may change, None for the committee office."""
    if event.to_organization_id is None or changeable_ids is None or event.to_organization_id in changeable_ids:
        return None
    return Refusal(
        "to_organization",
        "move_out_of_scope",
        _(
            "You can move a member only between the organizations you keep. A move to another organization of "
            "the registry is the committee office's; a transfer out of the registry goes with an introduction "
            "letter (name the organization in words)."
        ),
    )
