"""The writes of what a member's dues are agreed to be (docs/lifecycle.md#dues-reduction,
#dues-who-pays): paying less or nothing with the higher committee's approval (少交、免交), and who pays
the member's dues. Keyword-only, one transaction each, with history; the rules are rules.py's, the
ledger's writes services.py's (an exemption moves 党费交至 through `refresh_paid_through`)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from branches import clock
from branches.services import save_with_history
from registry.dues import months as dues_months
from registry.dues import rules
from registry.dues.selectors import due_in_month
from registry.dues.services import BATCH, refresh_paid_through
from registry.models import DuesReduction, Member


@transaction.atomic
def reduction_record(
    *,
    member: Member,
    kind: str,
    first_month: datetime.date,
    last_month: datetime.date,
    monthly_amount: Decimal | None,
    approved_by: str,
    approved_on: datetime.date | None,
    reason: str = "",
    actor,
    as_of: datetime.date | None = None,
) -> DuesReduction:
    """少交 or 免交 approved by the higher committee (rules.reduction_problems). An exemption moves
    党费交至 over the months it covers when they continue the ledger (refresh_paid_through)."""
    as_of = as_of or clock.today()
    first_month, last_month = dues_months.first_of(first_month), dues_months.first_of(last_month)
    if kind == DuesReduction.Kind.EXEMPT:
        monthly_amount = None
    found = rules.reduction_problems(
        kind=kind,
        first=first_month,
        last=last_month,
        amount=monthly_amount,
        approved_on=approved_on,
        approved_by=approved_by,
        due=due_in_month(member, first_month),
        joined=member.joined,
        others=list(DuesReduction.objects.filter(member=member)),
        as_of=as_of,
    )
    if found:
        errors: dict[str, list] = {}
        for refusal in found:
            errors.setdefault(refusal.field, []).append(ValidationError(refusal.message, code=refusal.code))
        raise ValidationError(errors)
    reduction = DuesReduction(
        member=member,
        kind=kind,
        first_month=first_month,
        last_month=last_month,
        monthly_amount=monthly_amount,
        approved_by=approved_by.strip(),
        approved_on=approved_on,
        reason=reason.strip(),
    )
    reduction._history_user = actor if getattr(actor, "pk", None) else None
    reduction._change_reason = (
        _("%(kind)s approved for %(months)s")
        % {"kind": reduction.get_kind_display(), "months": dues_months.format_months(first_month, last_month)}
    )[:100]
    reduction.save()
    refresh_paid_through(member_ids={member.pk}, actor=actor, reason=reduction._change_reason)
    member.refresh_from_db(fields=["dues_paid_through", "dues_paid_through_precision"])
    return reduction


@transaction.atomic
def reduction_delete(*, reduction: DuesReduction, actor) -> None:
    """Takes a reduction or exemption out (recorded by mistake); 党费交至 follows."""
    member_id = reduction.member_id
    reduction._history_user = actor if getattr(actor, "pk", None) else None
    reduction._change_reason = _("Dues reduction deleted")
    reduction.delete()
    refresh_paid_through(member_ids={member_id}, actor=actor, reason=_("Dues reduction deleted"))


# --- who pays here ---------------------------------------------------------------------------------


@transaction.atomic
def pays_here_set(*, member: Member, value: bool | None, actor) -> bool:
    """Who pays the member's dues (None: by the category), by rules.pays_here_problem. Returns
    whether it changed."""
    member = Member.objects.select_related("organization").select_for_update(of=("self",)).get(pk=member.pk)
    if member.pays_dues_here == value:
        return False
    if refusal := rules.pays_here_problem(
        name=member.name,
        category=member.category,
        organization_level=member.organization.level,
        flowed_out=member.flowed_out,
        value=value,
    ):
        raise ValidationError({refusal.field: ValidationError(refusal.message, code=refusal.code)})
    member.pays_dues_here = value
    save_with_history(member, actor=actor, reason=_("Who pays dues changed"))
    return True


def pays_here_write(*, values: dict[int, bool | None], actor, reason: str = "") -> int:
    """Who pays dues, member_id → value, from the dues import (checked there, by the same rule), in
    bulk with history rows where it changed; inside the import's transaction."""
    if not values:
        return 0
    changed = []
    for member in Member.objects.filter(pk__in=values):
        if member.pays_dues_here != values[member.pk]:
            member.pays_dues_here = values[member.pk]
            changed.append(member)
    if changed:
        bulk_update_with_history(
            changed,
            Member,
            ["pays_dues_here"],
            batch_size=BATCH,
            default_user=actor if getattr(actor, "pk", None) else None,
            default_change_reason=reason[:100] or None,
        )
    return len(changed)
