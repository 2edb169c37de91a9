"""Every write to the dues ledger (docs/lifecycle.md#dues).

Keyword-only, one transaction each, history rows written with the change. Every write ends by
setting the members' 党费交至 (Member.dues_paid_through) to the latest month of their ledger
(`refresh_paid_through`): the column is the ledger's, and no other code writes it — the member
form and the roster import turn a typed 党费交至 into a *declared* entry here
(docs/lifecycle.md#dues-paid-through).

Writes go in bulk (bulk_create_with_history / bulk_update_with_history), so that a branch's month
sheet of any size is saved in a bounded number of queries.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from branches import clock
from branches.models import Organization
from registry.dues import months as dues_months
from registry.dues import rules
from registry.dues.rates import split
from registry.dues.rules import amount_problem, month_problem
from registry.models import DatePrecision, DuesBasis, DuesEntry, DuesReduction, Member
from spreadsheets import fastwrite

BATCH = 1000


@dataclass(frozen=True)
class EntryData:
    """One month of one member, as a write wants it: `amount` None is a declared entry."""

    member_id: int
    month: datetime.date
    amount: Decimal | None
    paid_on: datetime.date | None = None
    received_by_id: int | None = None
    note: str = ""


# --- the core: write entries, then 党费交至 ---------------------------------------------------------


def ledger_write(*, entries: list[EntryData], actor, reason: str = "", overwrite_payments: bool = True) -> dict:
    """Writes `entries` (at most one per member and month) with their history rows; returns
    {"new": n, "updated": n, "unchanged": n}. A declared entry never replaces an entry that is
    there already (a payment stays a payment). Then sets 党费交至 of every member touched.

    Callers validate first (rules.py: `month_problem`, `amount_problem`); the database's constraints
    stand behind them. Must run inside a transaction (every caller is atomic)."""
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    if not entries:
        return counts
    member_ids = {entry.member_id for entry in entries}
    wanted_months = {entry.month for entry in entries}
    existing = {
        (entry.member_id, entry.month): entry
        for entry in DuesEntry.objects.filter(member_id__in=member_ids, month__in=wanted_months)
    }
    user = actor if getattr(actor, "pk", None) else None
    to_create, to_update = [], []
    for data in entries:
        entry = existing.get((data.member_id, data.month))
        if entry is None:
            to_create.append(
                DuesEntry(
                    member_id=data.member_id,
                    month=data.month,
                    amount=data.amount,
                    paid_on=data.paid_on,
                    received_by_id=data.received_by_id,
                    note=data.note,
                )
            )
            counts["new"] += 1
            continue
        if data.amount is None or (not overwrite_payments and entry.amount is not None):
            counts["unchanged"] += 1
            continue
        values = {
            "amount": data.amount,
            "paid_on": data.paid_on,
            "received_by_id": data.received_by_id,
            "note": data.note,
        }
        if all(getattr(entry, field) == value for field, value in values.items()):
            counts["unchanged"] += 1
            continue
        for field, value in values.items():
            setattr(entry, field, value)
        to_update.append(entry)
        counts["updated"] += 1
    if to_create:
        bulk_create_with_history(
            to_create, DuesEntry, batch_size=BATCH, default_user=user, default_change_reason=reason[:100] or None
        )
    if to_update:
        bulk_update_with_history(
            to_update,
            DuesEntry,
            ["amount", "paid_on", "received_by_id", "note"],
            batch_size=BATCH,
            default_user=user,
            default_change_reason=reason[:100] or None,
        )
    if to_create or to_update:
        refresh_paid_through(
            member_ids={entry.member_id for entry in [*to_create, *to_update]}, actor=actor, reason=reason
        )
    return counts


def refresh_paid_through(*, member_ids, actor, reason: str = "") -> int:
    """Sets each member's 党费交至 to the latest month of their ledger, carried over the approved
    exemptions that continue it (rules.exempt_through: an exempt month is not unpaid), month
    precision; empty without entries. A history row where it changed. Four queries and the writes."""
    member_ids = set(member_ids)
    if not member_ids:
        return 0
    latest = dict(
        DuesEntry.objects.filter(member_id__in=member_ids)
        .order_by()
        .values("member_id")
        .annotate(latest=Max("month"))
        .values_list("member_id", "latest")
    )
    exemptions = defaultdict(list)
    for member_id, first, last in DuesReduction.objects.filter(
        member_id__in=member_ids, kind=DuesReduction.Kind.EXEMPT
    ).values_list("member_id", "first_month", "last_month"):
        exemptions[member_id].append((first, last))
    changed = []
    for member in Member.objects.filter(pk__in=member_ids):
        month = rules.exempt_through(latest.get(member.pk), exemptions.get(member.pk, []))
        precision = DatePrecision.MONTH if month else DatePrecision.DAY
        if (member.dues_paid_through, member.dues_paid_through_precision) != (month, precision):
            member.dues_paid_through, member.dues_paid_through_precision = month, precision
            changed.append(member)
    if changed:
        bulk_update_with_history(
            changed,
            Member,
            ["dues_paid_through", "dues_paid_through_precision"],
            batch_size=BATCH,
            default_user=actor if getattr(actor, "pk", None) else None,
            default_change_reason=reason[:100] or None,
        )
    return len(changed)


# --- one member: one or several months -------------------------------------------------------------


@transaction.atomic
def payment_record(
    *,
    member: Member,
    first_month: datetime.date,
    last_month: datetime.date,
    amount: Decimal,
    paid_on: datetime.date | None,
    note: str = "",
    received_by: Organization | None = None,
    actor,
    as_of: datetime.date | None = None,
) -> list[DuesEntry]:
    """Records what one member paid for one month or a range within one year: the amount is split
    evenly over the months, to the fen, any remainder on the last (rates.split). A month already
    paid is refused (delete it first to correct it); a declared month becomes a paid one; a member
    who pays elsewhere is refused (`pays_elsewhere`). A back payment of more than 6 months is
    recorded, and flagged (rules.back_payment_warning, which the page shows)."""
    if not rules.member_pays_here(member):
        refusal = rules.pays_elsewhere_refusal(
            name=member.name,
            category=member.category,
            organization_level=member.organization.level,
            declared=member.pays_dues_here,
        )
        raise ValidationError({"__all__": ValidationError(refusal.message, code=refusal.code)})
    errors = {}
    if first_month.year != last_month.year:
        errors["months"] = _("A range of months must stay within one year: record each year's months separately.")
    elif last_month < first_month:
        errors["months"] = _("The last month is before the first: swap them.")
    if problem := amount_problem(amount):
        errors["amount"] = problem
    if paid_on and paid_on > (as_of or clock.today()):
        errors["paid_on"] = _("The date paid cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    covered = dues_months.between(first_month, last_month)
    for month in covered:
        if problem := month_problem(month, joined=member.joined, as_of=as_of):
            raise ValidationError({"months": problem[1]})
    already = list(
        DuesEntry.objects.filter(member=member, month__in=covered, amount__isnull=False)
        .order_by("month")
        .values_list("month", flat=True)
    )
    if already:
        raise ValidationError(
            {
                "months": _(
                    "%(months)s already recorded as paid. To correct a payment, delete it in the ledger first, "
                    "then record it again."
                )
                % {"months": "、".join(dues_months.format_month(month) for month in already)}
            }
        )
    parts = split(amount, len(covered))
    receiver = received_by or member.organization
    ledger_write(
        entries=[
            EntryData(member.pk, month, part, paid_on, receiver.pk if receiver else None, note.strip())
            for month, part in zip(covered, parts, strict=True)
        ],
        actor=actor,
        reason=_("Dues paid for %(months)s") % {"months": dues_months.format_months(first_month, last_month)},
    )
    member.refresh_from_db(fields=["dues_paid_through", "dues_paid_through_precision"])
    return list(DuesEntry.objects.filter(member=member, month__in=covered).order_by("month"))


@transaction.atomic
def entry_delete(*, entry: DuesEntry, actor) -> None:
    """Takes one month out of the ledger (a mistake corrected); 党费交至 follows. The history
    keeps a "-" row naming who did it."""
    member_id = entry.member_id
    entry._history_user = actor if getattr(actor, "pk", None) else None
    entry._change_reason = _("Dues entry deleted")
    entry.delete()
    refresh_paid_through(member_ids={member_id}, actor=actor, reason=_("Dues entry deleted"))


# --- a branch's month sheet -------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetLine:
    member: Member
    amount: Decimal | None  # None: nothing entered (the member's month stays as it is)
    note: str = ""


@transaction.atomic
def month_sheet_save(
    *,
    organization: Organization,
    month: datetime.date,
    lines: list[SheetLine],
    paid_on: datetime.date | None,
    actor,
    as_of: datetime.date | None = None,
) -> dict:
    """Saves a branch's month sheet at once: every amount entered, for the members given (the
    caller's selector gives the branch's members). One transaction, history rows, a bounded
    number of queries whatever the size. Refused whole — nothing written — when any line is
    wrong; the message names the member. Returns the counts of `ledger_write`."""
    month = dues_months.first_of(month)
    if paid_on and paid_on > (as_of or clock.today()):
        raise ValidationError({"paid_on": _("The date paid cannot be in the future.")})
    entries, problems = [], []
    for line in lines:
        if line.amount is None:
            continue
        if not rules.member_pays_here(line.member):
            refusal = rules.pays_elsewhere_refusal(
                name=line.member.name,
                category=line.member.category,
                organization_level=line.member.organization.level,
                declared=line.member.pays_dues_here,
            )
            problems.append(refusal.message)
            continue
        if problem := amount_problem(line.amount):
            problems.append(f"{line.member.name}：{problem}")
            continue
        if problem := month_problem(month, joined=line.member.joined, as_of=as_of):
            problems.append(f"{line.member.name}：{problem[1]}")
            continue
        entries.append(EntryData(line.member.pk, month, line.amount, paid_on, organization.pk, line.note.strip()))
    if problems:
        raise ValidationError(problems)
    return ledger_write(
        entries=entries,
        actor=actor,
        reason=_("Month sheet %(month)s") % {"month": dues_months.format_month(month)},
    )


# --- what is due: a member's base from a month, a reduction or an exemption ------------------------


@transaction.atomic
def basis_save(*, member: Member, month: datetime.date, kind: str, monthly_base: Decimal | None, actor) -> DuesBasis:
    """The member's kind and monthly base from `month` on (until their next base): a base that
    changes within a year is a new one from that month. The same month again is corrected."""
    month = dues_months.first_of(month)
    if found := rules.basis_problems(kind=kind, monthly_base=monthly_base):
        raise ValidationError({refusal.field: ValidationError(refusal.message, code=refusal.code) for refusal in found})
    basis = DuesBasis.objects.filter(member=member, month=month).first() or DuesBasis(member=member, month=month)
    if basis.pk and (basis.kind, basis.monthly_base) == (kind, monthly_base):
        return basis
    basis.kind, basis.monthly_base = kind, monthly_base
    basis._history_user = actor if getattr(actor, "pk", None) else None
    basis.full_clean(validate_constraints=False)
    basis.save()
    return basis


def bases_write(*, bases: dict[tuple[int, datetime.date], tuple[str, Decimal | None]], actor, reason: str = "") -> int:
    """Bases, (member_id, month) → (kind, monthly base), from an import or the demo, in bulk with
    history rows: a base at a month already recorded is corrected; one the same as the base in force
    just before it (the member's or one of `bases`) says nothing new and is left out — a ledger of
    twelve months with the same base is one base. Inside the caller's transaction. Returns how many
    were written."""
    if not bases:
        return 0
    user = actor if getattr(actor, "pk", None) else None
    timelines: dict[int, dict] = defaultdict(dict)
    existing = {}
    for basis in DuesBasis.objects.filter(member_id__in={member_id for member_id, _month in bases}):
        timelines[basis.member_id][basis.month] = (basis.kind, basis.monthly_base)
        existing[(basis.member_id, basis.month)] = basis
    to_create, to_update = [], []
    for (member_id, month), value in sorted(bases.items()):
        timeline = timelines[member_id]
        earlier = [start for start in timeline if start < month]
        if month not in timeline and earlier and timeline[max(earlier)] == value:
            continue
        timeline[month] = value
        basis = existing.get((member_id, month))
        kind, base = value
        if basis is None:
            to_create.append(DuesBasis(member_id=member_id, month=month, monthly_base=base, kind=kind))
        elif (basis.kind, basis.monthly_base) != value:
            basis.kind, basis.monthly_base = value
            to_update.append(basis)
    if to_create:
        bulk_create_with_history(
            to_create, DuesBasis, batch_size=BATCH, default_user=user, default_change_reason=reason[:100] or None
        )
    if to_update:
        bulk_update_with_history(
            to_update,
            DuesBasis,
            ["kind", "monthly_base"],
            batch_size=BATCH,
            default_user=user,
            default_change_reason=reason[:100] or None,
        )
    return len(to_create) + len(to_update)


# --- 党费交至 typed on the member form or imported with the roster -------------------------------------


def declare_paid_through(*, member: Member, month: datetime.date, actor, reason: str = "") -> None:
    """A declared entry for `month` (no amount), and 党费交至 from the ledger. For the member
    services, inside their transaction, after the member is saved."""
    ledger_write(
        entries=[EntryData(member.pk, dues_months.first_of(month), None)],
        actor=actor,
        reason=reason or _("Dues paid through declared"),
    )
    member.refresh_from_db(fields=["dues_paid_through", "dues_paid_through_precision"])


def declare_for_new_member(*, member: Member, actor, reason: str = "") -> None:
    """declare_paid_through for a member just created: their ledger is empty and nothing reduces
    it, so the declared entry is the whole ledger and 党费交至 — already the first of that month at
    month precision (the member service normalizes it) — stays as saved. One entry and its history
    row; none of the ledger's reads."""
    entry = DuesEntry(member_id=member.pk, month=dues_months.first_of(member.dues_paid_through), amount=None)
    entry._history_user = actor if getattr(actor, "pk", None) else None
    entry._change_reason = (reason or _("Dues paid through declared"))[:100]
    entry.save()


def declared_entries_insert(*, pairs: list[tuple[int, datetime.date]], actor, reason: str) -> None:
    """Declared entries for members who have none at or after that month — the roster import's
    new members and those whose 党费交至 moves forward — written in bulk with their history rows
    (fastwrite's COPY / executemany where it can), inside the import's transaction. The members'
    column already holds the month: the import wrote it with the member."""
    if not pairs:
        return
    rows = [(member_id, dues_months.first_of(month), None, None, None, "") for member_id, month in pairs]
    attnames = ["member_id", "month", "amount", "paid_on", "received_by_id", "note"]
    if fastwrite.supported():
        fastwrite.insert_with_history(DuesEntry, attnames, rows, actor=actor, reason=reason[:100])
        return
    bulk_create_with_history(
        [DuesEntry(**dict(zip(attnames, row, strict=True))) for row in rows],
        DuesEntry,
        batch_size=BATCH,
        default_user=actor if getattr(actor, "pk", None) else None,
        default_change_reason=reason[:100] or None,
    )
