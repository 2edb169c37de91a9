"""The demo's dues: a year of payments in most branches (docs/lifecycle.md#dues), run by seed_demo.

Deterministic and idempotent: every value is drawn from a generator seeded with the member's ID
number, and a member who already has a paid month is left alone. The payments stop at each
member's 党费交至 as the roster already holds it (a declared month becomes a paid one), so the
six knowns and the months unpaid of the demo do not change: members whose 党费交至 is 4 to 9
months back are the reminder list and the list to decide on.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from fixtures import demo
from registry.dues import months as dues_months
from registry.dues import services
from registry.dues.rates import monthly_due
from registry.models import DuesBasis, DuesEntry, Member

REASON = demo.REASON
# Branches whose secretaries have not brought their ledger into the registry yet (every ninth).
SKIP_EVERY = 9
BASES = (  # (kind, monthly base) with rough weights
    ((DuesBasis.Kind.IN_WORK, Decimal("2800.00")), 15),
    ((DuesBasis.Kind.IN_WORK, Decimal("3000.00")), 5),
    ((DuesBasis.Kind.IN_WORK, Decimal("4500.00")), 25),
    ((DuesBasis.Kind.IN_WORK, Decimal("6800.00")), 25),
    ((DuesBasis.Kind.IN_WORK, Decimal("12000.00")), 15),
    ((DuesBasis.Kind.RETIRED, Decimal("4200.00")), 8),
    ((DuesBasis.Kind.UNEMPLOYED, None), 4),
    ((DuesBasis.Kind.STUDENT, None), 3),
)


def _draw(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


@transaction.atomic
def load(today: datetime.date) -> int:
    """Writes the demo's payments; returns how many months were written (0 on a second run)."""
    members = list(
        Member.objects.filter(dues_paid_through__isnull=False)
        .select_related("organization")
        .exclude(pk__in=DuesEntry.objects.filter(amount__isnull=False).values("member_id"))
        .order_by("organization__path", "id_number")
    )
    # Which branches are skipped depends on the tree only, never on what a previous run wrote.
    organizations = sorted(set(Member.objects.values_list("organization__path", flat=True)))
    skipped = set(organizations[SKIP_EVERY - 1 :: SKIP_EVERY])
    entries, bases = [], {}
    for member in members:
        if member.organization.path in skipped:
            continue
        rng = random.Random(f"{demo.SEED}:dues:{member.id_number}")
        kind, base = _draw(rng, BASES)
        due = monthly_due(kind, base)
        last = member.dues_paid_through
        first = max(dues_months.add(last, -11), dues_months.first_of(member.joined or last))
        for year in {first.year, last.year}:
            bases[(member.pk, year)] = (kind, base)
        for month in dues_months.between(first, last):
            amount, note = due, ""
            roll = rng.random()
            if roll < 0.04:
                amount = (due / 2).quantize(Decimal("0.01"))  # underpaid: listed, not refused
            elif roll < 0.08:
                note = "代交"
            paid_on = min(dues_months.add(month, 0).replace(day=rng.randint(3, 25)), today)
            if roll > 0.95:
                note, paid_on = "补交", min(dues_months.add(month, 2).replace(day=10), today)
            entries.append(services.EntryData(member.pk, month, amount, paid_on, member.organization_id, note))
    services.bases_write(
        bases={key: base for key, (_kind, base) in bases.items()},
        kinds={key: kind for key, (kind, _base) in bases.items()},
        actor=None,
        reason=REASON,
    )
    counts = services.ledger_write(entries=entries, actor=None, reason=REASON)
    return counts["new"] + counts["updated"]
