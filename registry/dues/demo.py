"""The demo's dues: a year of payments in most branches (docs/lifecycle.md#dues), run by seed_demo.

Deterministic and idempotent: every value is drawn from a generator seeded with the member's ID
number, and a member who already has a paid month is left alone. The payments stop at each
member's 党费交至 as the roster already holds it (a declared month becomes a paid one), so the
six knowns and the months unpaid of the demo do not change: members whose 党费交至 is 4 to 9
months back are the reminder list and the list to decide on.

Who pays here (docs/lifecycle.md#dues-who-pays): the demo's registered mobile and shown-identity
members have arranged to pay here (they hold activity certificates), but about one in twenty-five,
who pay at home — their 党费交至 stays the declared month of the roster; temporary organizations'
members pay at home by the rule, and so do the mobile members the movements' demo registers later
(by their category). On 2026-11-18: 29 paying elsewhere, 22 of them registered mobile. Dated from
the demo's day: one member's base changes three months before it (a raise), and one member in
difficulty pays less with the higher committee's approval.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from fixtures import demo
from registry.dues import approvals, rules, services
from registry.dues import months as dues_months
from registry.dues.rates import monthly_due
from registry.models import DuesBasis, DuesEntry, DuesReduction, Member

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
PAYS_AT_HOME = 0.04  # the share of the mobile members who pay their home organization
REDUCED_TO = Decimal("0.50")  # the demo's reduction: 0.50 yuan a month


def pays_at_home(member: Member) -> bool:
    """Whether the demo's member pays at home: temporary organizations' members always; a mobile member
    when the draw from their ID number says so; a self-managed member never."""
    if member.category == Member.Category.SELF_MANAGED:
        return False
    if rules.in_temporary_organization(category=member.category, organization_level=member.organization.level):
        return True
    return random.Random(f"{demo.SEED}:dues-home:{member.id_number}").random() < PAYS_AT_HOME


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
    # The arrangement is part of how the demo's mobile members were registered: written on the member
    # and on their registration's history row, as if given then (a demo member has that one row).
    undecided = Member.objects.filter(pays_dues_here__isnull=True).exclude(category=Member.Category.SELF_MANAGED)
    arranged = [member.pk for member in undecided.select_related("organization") if not pays_at_home(member)]
    Member.objects.filter(pk__in=arranged).update(pays_dues_here=True)
    Member.history.filter(id__in=arranged, history_type="+").update(pays_dues_here=True)
    entries, bases, paid = [], {}, []
    for member in members:
        if member.organization.path in skipped or pays_at_home(member):
            continue
        paid.append(member)
        rng = random.Random(f"{demo.SEED}:dues:{member.id_number}")
        kind, base = _draw(rng, BASES)
        due = monthly_due(kind, base)
        last = member.dues_paid_through
        first = max(dues_months.add(last, -11), dues_months.first_of(member.joined or last))
        bases[(member.pk, first)] = (kind, base)
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
    services.bases_write(bases=bases, actor=None, reason=REASON)
    counts = services.ledger_write(entries=entries, actor=None, reason=REASON)
    _stories(today, paid, bases)
    return counts["new"] + counts["updated"]


def _stories(today: datetime.date, members: list[Member], bases: dict) -> None:
    """A raise within the year and a reduction approved, on the first two self-managed members in work
    who were paid for (in the tree's order, `bases` their base from their first month paid): what the
    member page shows of bases by month and of 少交."""
    first_base = {member_id: (month, kind, base) for (member_id, month), (kind, base) in bases.items()}
    in_work = [
        member
        for member in members
        if member.category == Member.Category.SELF_MANAGED and first_base[member.pk][1] == DuesBasis.Kind.IN_WORK
    ][:2]
    if len(in_work) < 2 or DuesReduction.objects.exists():
        return
    raised, reduced = in_work
    current = dues_months.first_of(today)
    month, kind, base = first_base[raised.pk]
    services.bases_write(
        bases={(raised.pk, max(dues_months.add(current, -3), month)): (kind, base + 1500)}, actor=None, reason=REASON
    )
    organization = reduced.organization
    while organization.parent_id is not None:
        organization = organization.parent
    approvals.reduction_record(
        member=reduced,
        kind=DuesReduction.Kind.REDUCED,
        first_month=max(dues_months.add(current, -2), dues_months.first_of(reduced.joined or current)),
        last_month=dues_months.add(current, 9),
        monthly_amount=REDUCED_TO,
        approved_by=organization.name,
        approved_on=min(dues_months.add(current, -2), today),
        reason="家庭经济困难",
        actor=None,
        as_of=today,
    )
