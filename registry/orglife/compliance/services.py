"""The writes of compliance: the committee excuses an organization from a kind of meeting for a period,
with its reason, or withdraws the exemption (ORGLIFE.md §1, compliance). Keyword-only, in one
transaction, with the history row naming who did it; a refusal is a ValidationError under its field,
with its code, and nothing is written."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches import clock
from branches.models import Organization
from branches.services import save_with_history
from registry.committees.own_settings import own_settings
from registry.models import Exemption, GatheringKind
from registry.orglife.compliance import rules


@transaction.atomic
def exemption_grant(
    *, organization: Organization, kind: str, day: datetime.date, reason: str, actor, granted_on=None
) -> Exemption:
    """Excuses `organization` from `kind` for the period `day` falls in (a month, quarter or year by the
    kind's frequency): the exemption is kept under the period's first day. Refused when the
    organization's level owes no such meeting (`kind_not_owed`), without a reason (`reason_missing`),
    or when the period is excused already."""
    if kind not in rules.kinds_owed_by(organization.level):
        raise ValidationError(
            {
                "kind": ValidationError(
                    _("A %(level)s does not owe a %(kind)s: there is nothing to excuse.")
                    % {"level": organization.get_level_display(), "kind": GatheringKind.Kind(kind).label},
                    code="kind_not_owed",
                )
            }
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": ValidationError(_("Say why the period is excused."), code="reason_missing")})
    exemption = Exemption(
        organization=organization,
        kind=kind,
        period_start=rules.period_for(kind, day, organization, own_settings()).start,
        reason=reason.strip(),
        granted_on=granted_on or clock.today(),
        granted_by=actor if getattr(actor, "pk", None) else None,
    )
    save_with_history(exemption, actor=actor)
    return exemption


@transaction.atomic
def exemption_withdraw(*, exemption: Exemption, actor) -> None:
    """Withdraws an exemption: the period counts again (the history keeps who excused it, and who withdrew it)."""
    exemption._history_user = actor if getattr(actor, "pk", None) else None
    exemption.delete()
