"""The demo's discipline (docs/lifecycle.md#discipline), counted from `as_of`: a self-managed full
member under 留党察看 for a year, decided about four months ago — their page says they have no vote,
cannot be elected and cannot introduce anyone until the term ends, and the development steps refuse
them as an introducer or contact person — and an older 警告 of another member, long over.

Written as rows (no member history: seed_demo's test holds exactly one per member), deterministic
and idempotent (nothing is written when a demo decision exists).
"""

import datetime

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from fixtures import demo
from registry.models import Discipline, Member

DECIDED_BY = demo.COMMITTEE  # the committee above the branches
MARK = "演示：党纪处分"


@transaction.atomic
def load(as_of: datetime.date) -> int:
    """Loads the decisions; returns how many were written (0 when present)."""
    if Discipline.objects.filter(notes=MARK).exists():
        return 0
    members = list(
        Member.objects.filter(
            category=Member.Category.SELF_MANAGED,
            status=Member.Status.FULL,
            lost_contact=False,
            movements__isnull=True,
            registered_on__lte=as_of - datetime.timedelta(days=400),
        ).order_by("id_number")[:2]
    )
    if len(members) < 2:
        return 0
    records = [
        Discipline(
            member=members[0],
            kind=Discipline.Kind.PROBATION,
            date=as_of - datetime.timedelta(days=120),
            deciding_organization=DECIDED_BY,
            breach=Discipline.Breach.INTEGRITY,
            term_years=1,
            notes=MARK,
        ),
        Discipline(
            member=members[1],
            kind=Discipline.Kind.WARNING,
            date=as_of - datetime.timedelta(days=380),
            deciding_organization=members[1].organization.name,
            breach=Discipline.Breach.WORK,
            notes=MARK,
        ),
    ]
    for record in records:
        record.ends_on = record.term_end()
    bulk_create_with_history(records, Discipline, default_change_reason=demo.REASON)
    return len(records)
