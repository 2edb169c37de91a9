"""Every write of a movement (docs/lifecycle.md#movement): the event's row and what it does to the
member, with the member's history row, in one transaction. Forms, the import, the demo and the
admin all come through here.

A refusal is a ValidationError keyed by the event's fields, raised before anything is written.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches import access, clock
from branches.models import Organization
from branches.services import save_with_history
from registry.lostcontact import rules as lost_rules
from registry.lostcontact import services as lost_services
from registry.models import LostContactCase, Member, Movement
from registry.movements import rules

Kind = Movement.Kind


def letter_days() -> int:
    """How long an introduction letter is valid (settings.REGISTRY_TRANSFER_LETTER_DAYS, docs/lifecycle.md#settings),
    never longer than the cap (REGISTRY_TRANSFER_LETTER_MAX_DAYS)."""
    return min(int(getattr(settings, "REGISTRY_TRANSFER_LETTER_DAYS", 30)), rules.letter_days_cap())


def state_of(member: Member) -> rules.MemberState:
    """The member as the rules see them now: with the open flow-out's date and the letter still out."""
    flow_out = None
    if member.flowed_out:
        flow_out = (
            member.movements.filter(kind=Kind.FLOW_OUT).order_by("-date", "-id").values_list("date", flat=True).first()
        )
    pending = (
        member.movements.filter(
            kind=Kind.TRANSFER_OUT, to_organization__isnull=True, receipt_on__isnull=True, cancelled_on__isnull=True
        )
        .values_list("letter_number", flat=True)
        .first()
    )
    return rules.MemberState.of(
        member, flow_out_date=flow_out, pending_letter=pending or "", lost_case=lost_services.open_case(member)
    )


def letters_in_use(exclude_pk: int | None = None) -> set[str]:
    """Every letter number used, including those a re-issued letter replaced: a number is used once."""
    movements = Movement.objects.all()
    if exclude_pk is not None:
        movements = movements.exclude(pk=exclude_pk)
    numbers = set(movements.exclude(letter_number="").values_list("letter_number", flat=True))
    return numbers | set(movements.exclude(replaced_letter_number="").values_list("replaced_letter_number", flat=True))


def _refuse(found: list[rules.Refusal]) -> None:
    errors: dict[str, list] = {}
    for refusal in found:
        errors.setdefault(refusal.field or "__all__", []).append(ValidationError(refusal.message, code=refusal.code))
    raise ValidationError(errors)


def _reason(event: rules.Event) -> str:
    text = f"{Kind(event.kind).label} {event.date.isoformat()}"
    if event.other_side:
        text += f" {event.other_side}"
    if event.reason and event.kind in (Kind.LOST_CONTACT, Kind.CONTACT_FOUND):
        text += f": {event.reason}"
    return text[:100]


def _changeable_ids(actor) -> set[int] | None:
    """The organizations `actor` may change, None for the committee office (and for no actor: a
    command, the demo)."""
    if not getattr(actor, "pk", None) or access.keeps_whole_registry(actor):
        return None
    return set(access.changeable_organizations(actor).values_list("pk", flat=True))


@transaction.atomic
def movement_record(*, member: Member, event: rules.Event, actor, today: datetime.date | None = None) -> Movement:
    """Records one event for a member on the roster and does what it does (docs/lifecycle.md#events):
    marks a flow-out and ends it, makes a transferred-in member self-managed, issues an introduction
    letter (the member leaves when its receipt comes back), moves a member to another of our
    organizations, or takes them off the roster."""
    member = Member.all_members.select_for_update().get(pk=member.pk)
    today = today or clock.today()
    if event.kind == Kind.TRANSFER_OUT and event.valid_days is None and event.to_organization_id is None:
        event.valid_days = letter_days()
    if event.to_organization_id is not None:
        target = Organization.objects.filter(pk=event.to_organization_id).values("name", "level").first() or {}
        event.to_organization_name, event.to_organization_level = target.get("name", ""), target.get("level", "")
    if scope := rules.move_scope_refusal(event, _changeable_ids(actor)):
        _refuse([scope])
    state = state_of(member)
    found = rules.refusals(state, event, today=today, letters_in_use=letters_in_use())
    if found:
        _refuse(found)
    movement = Movement(
        member=member,
        kind=event.kind,
        date=event.date,
        organization_id=member.organization_id,
        other_side=event.other_side,
        to_organization_id=event.to_organization_id,
        letter_number=event.letter_number,
        valid_days=event.valid_days,
        receipt_on=event.receipt_on,
        certificate_number=event.certificate_number,
        reason=event.reason,
        notes=event.notes,
        whole_unit=event.whole_unit,
        registered_on=member.registered_on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    if event.kind == Kind.TRANSFER_OUT:
        movement.dues_paid_through = member.dues_paid_through
        if event.to_organization_id is not None and not event.other_side:
            movement.other_side = Organization.objects.get(pk=event.to_organization_id).name
    left_on = rules.departure_date(event, state)
    if left_on is not None:
        movement.departed_on = left_on
    save_with_history(movement, actor=actor, reason=_reason(event))
    _apply_to_member(member, event, left_on=left_on, actor=actor)
    return movement


def _apply_to_member(member: Member, event: rules.Event, *, left_on, actor) -> None:
    kind = event.kind
    if member.left_on is not None:  # a former member's event (Movement.FOR_FORMER)
        if kind == Kind.RESTORED:  # back on the roster, the same record: an arrival on that day
            member.left_on, member.left_as, member.registered_on = None, "", event.date
        else:
            member.left_as = kind
        save_with_history(member, actor=actor, reason=_reason(event))
        return
    if kind == Kind.LOST_CONTACT:
        member.lost_contact = True
        reason, detail = event.lost_reason, event.reason
        if not reason:
            reason, detail = lost_rules.reason_from_text(event.reason)
        lost_services.case_open(
            member=member, lost_on=event.date, reason=reason, detail=detail, notes=event.notes, actor=actor
        )
    elif kind == Kind.CONTACT_FOUND:
        member.lost_contact = False
        lost_services.case_close(member=member, day=event.date, outcome=LostContactCase.Outcome.FOUND, actor=actor)
    if kind == Kind.FLOW_OUT:
        member.flowed_out = True
        # The six knowns now apply (registry/sixknowns.py): when they left (外出时间, also
        # called 流出时间) is this flow-out's date; where they work, its destination.
        member.left_home, member.left_home_precision = event.date, "day"
        if event.other_side:
            member.work_address = event.other_side[:200]
    elif kind == Kind.RETURN:
        member.flowed_out = False
    elif kind == Kind.TRANSFER_IN:
        member.category = Member.Category.SELF_MANAGED
    elif kind == Kind.TRANSFER_OUT and event.to_organization_id is not None:
        member.organization_id = event.to_organization_id
    if left_on is not None:
        _leave(member, left_on=left_on, kind=kind)
        outcome = LostContactCase.Outcome.SUSPENDED if kind == Kind.SUSPENDED else LostContactCase.Outcome.LEFT
        if lost_services.case_close(member=member, day=left_on, outcome=outcome, actor=actor):
            member.lost_contact = False
    save_with_history(member, actor=actor, reason=_reason(event))


def _leave(member: Member, *, left_on: datetime.date, kind: str) -> None:
    member.left_on, member.left_as, member.flowed_out = left_on, kind, False


@transaction.atomic
def transfer_receipt_record(
    *, movement: Movement, receipt_on: datetime.date, actor, today: datetime.date | None = None
) -> Movement:
    """A transfer's receipt (回执). Out: ours came back, and the member leaves the roster on that
    day. In: we sent ours (due within a month of the letter, docs/lifecycle.md#events)."""
    movement = Movement.objects.select_for_update().select_related("member").get(pk=movement.pk)
    today = today or clock.today()
    errors = []
    if movement.kind not in (Kind.TRANSFER_IN, Kind.TRANSFER_OUT) or movement.is_branch_move:
        errors.append(ValidationError(_("Only a transfer in or out has a receipt."), code="receipt_not_transfer"))
    elif movement.receipt_on is not None:
        errors.append(
            ValidationError(
                _("The receipt of letter %(letter)s was already recorded on %(date)s.")
                % {"letter": movement.letter_number, "date": movement.receipt_on.isoformat()},
                code="receipt_recorded",
            )
        )
    elif movement.cancelled_on is not None:
        errors.append(
            ValidationError(
                _("Letter %(letter)s was cancelled on %(date)s: it has no receipt.")
                % {"letter": movement.letter_number, "date": movement.cancelled_on.isoformat()},
                code="letter_cancelled",
            )
        )
    # Before the letter, in the future, or after the letter expired (until it is re-issued).
    errors += [
        ValidationError(refusal.message, code=refusal.code)
        for refusal in rules.receipt_refusals(rules.Letter.of(movement), receipt_on, today=today)
    ]
    if errors:
        raise ValidationError({"receipt_on": errors})
    movement.receipt_on = receipt_on
    reason = (_("Receipt of letter %(letter)s") % {"letter": movement.letter_number})[:100]
    member = Member.all_members.select_for_update().get(pk=movement.member_id)
    if movement.kind == Kind.TRANSFER_OUT:
        movement.departed_on = receipt_on
        movement.registered_on = member.registered_on
        movement.organization_id = member.organization_id
        save_with_history(movement, actor=actor, reason=reason)
        _leave(member, left_on=receipt_on, kind=Kind.TRANSFER_OUT)
        save_with_history(member, actor=actor, reason=reason)
    else:
        save_with_history(movement, actor=actor, reason=reason)
    return movement


@transaction.atomic
def transfer_letter_cancel(
    *, movement: Movement, cancelled_on: datetime.date, actor, today: datetime.date | None = None
) -> Movement:
    """A letter cancelled (撤销): the member stays on the roster (docs/lifecycle.md#transfer-letters)."""
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    today = today or clock.today()
    if movement.kind != Kind.TRANSFER_OUT or movement.is_branch_move or movement.receipt_on or movement.cancelled_on:
        raise ValidationError(
            {
                "cancelled_on": ValidationError(
                    _("Only a letter still waiting for its receipt can be cancelled."),
                    code="not_pending",
                )
            }
        )
    if cancelled_on < movement.date or cancelled_on > today:
        raise ValidationError(
            {
                "cancelled_on": ValidationError(
                    _("A letter issued on %(date)s is cancelled on or after that day, and not in the future.")
                    % {"date": movement.date.isoformat()},
                    code="cancel_date",
                )
            }
        )
    movement.cancelled_on = cancelled_on
    reason = (_("Letter %(letter)s cancelled") % {"letter": movement.letter_number})[:100]
    save_with_history(movement, actor=actor, reason=reason)
    member = Member.all_members.get(pk=movement.member_id)
    save_with_history(member, actor=actor, reason=reason)  # a row in the member's history, nothing changed
    return movement


@transaction.atomic
def transfer_letter_reissue(
    *,
    movement: Movement,
    letter_number: str,
    reissued_on: datetime.date,
    valid_days: int,
    actor,
    today: datetime.date | None = None,
) -> Movement:
    """An expired letter re-issued (重新开具): a new number replaces the expired one, which stays in
    `replaced_letter_number` and in the history and is never used again, with a new validity from
    the day of re-issuing; its receipt may then be recorded (docs/lifecycle.md#transfer-letters)."""
    movement = Movement.objects.select_for_update().select_related("member").get(pk=movement.pk)
    today = today or clock.today()
    if (
        movement.kind != Kind.TRANSFER_OUT
        or movement.is_branch_move
        or movement.receipt_on
        or movement.cancelled_on
        or movement.member.left_on is not None
    ):
        raise ValidationError(
            {
                "letter_number": ValidationError(
                    _("Only a letter still waiting for its receipt can be re-issued."),
                    code="not_pending",
                )
            }
        )
    letter_number = letter_number.strip()
    found = rules.reissue_refusals(
        rules.Letter.of(movement),
        letter_number=letter_number,
        reissued_on=reissued_on,
        valid_days=valid_days,
        today=today,
        letters_in_use=letters_in_use(),
    )
    if found:
        _refuse(found)
    reason = (_("Letter %(old)s re-issued as %(new)s") % {"old": movement.letter_number, "new": letter_number})[:100]
    movement.replaced_letter_number, movement.letter_number = movement.letter_number, letter_number
    movement.reissued_on, movement.valid_days = reissued_on, valid_days
    save_with_history(movement, actor=actor, reason=reason)
    member = Member.all_members.get(pk=movement.member_id)
    save_with_history(member, actor=actor, reason=reason)  # a row in the member's history, nothing changed
    return movement


@transaction.atomic
def member_restore(*, member: Member, registered_on: datetime.date | None, data: dict | None = None, actor) -> Member:
    """A former member back on the roster: the same record, restored — an arrival dated by the new
    登记时间 (docs/lifecycle.md#former-members). `data`: the roster's other values, as imported."""
    member = Member.all_members.select_for_update().get(pk=member.pk)
    registered_on = registered_on or clock.today()
    if member.left_on is None:
        raise ValidationError(_("%(name)s is on the roster.") % {"name": member.name}, code="on_roster")
    if registered_on < member.left_on:
        raise ValidationError(
            {
                "registered_on": ValidationError(
                    _("%(name)s left the roster on %(left)s: they can come back on or after that day, not on %(date)s.")
                    % {"name": member.name, "left": member.left_on.isoformat(), "date": registered_on.isoformat()},
                    code="before_left",
                )
            }
        )
    for name, value in (data or {}).items():
        setattr(member, name, value)
    member.left_on, member.left_as, member.flowed_out = None, "", False
    member.registered_on = registered_on
    reason = (_("Back on the roster %(date)s") % {"date": registered_on.isoformat()})[:100]
    save_with_history(member, actor=actor, reason=reason)
    movement = Movement(
        member=member,
        kind=Kind.ARRIVAL,
        date=registered_on,
        organization_id=member.organization_id,
        registered_on=registered_on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    save_with_history(movement, actor=actor, reason=reason)
    return member


@transaction.atomic
def movement_update(*, movement: Movement, data: dict, actor, reason: str = "") -> list[str]:
    """Corrects an event's own details (to or from, letter number, validity, certificate, reason,
    notes) — never its kind or date, which are its key; returns the fields that changed."""
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    allowed = {"other_side", "letter_number", "valid_days", "certificate_number", "reason", "notes"}
    if "valid_days" in data and data["valid_days"] != movement.valid_days and not movement.is_branch_move:
        found = rules.validity_refusals(data["valid_days"])
        if found:
            _refuse(found)
    changed = []
    for name, value in data.items():
        if name not in allowed:
            raise ValueError(f"{name} cannot be changed on a movement")
        if getattr(movement, name) != value:
            setattr(movement, name, value)
            changed.append(name)
    if changed:
        save_with_history(movement, actor=actor, reason=reason[:100])
    return changed
