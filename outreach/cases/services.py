"""Every write of the service ledger (服务台账).

Keyword-only, one transaction each, validated as a whole record (`branches.services.validate_record`),
saved through `save_with_history` so the history row names who made the change. Views check scope
(through the selectors) before they call these.
"""

from django.db import transaction

from branches.people import recorder
from branches.services import save_with_history, update_with_history
from outreach.models import ServiceCase

# --- the service ledger ---------------------------------------------------------------------------


@transaction.atomic
def service_case_create(*, data: dict, actor) -> ServiceCase:
    case = ServiceCase(recorded_by=recorder(actor), **data)
    save_with_history(case, actor=actor)
    return case


@transaction.atomic
def service_case_update(*, case: ServiceCase, data: dict, actor, version: str | None = None) -> list[str]:
    return update_with_history(case, changes=data, actor=actor, version=version)
