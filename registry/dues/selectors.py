"""Every read of the dues ledger a page or an export needs, already scoped to the user
(branches.access), with a bounded number of queries.

"Today" is a date handed in (`as_of`, default clock.today()): months unpaid depend on it,
and tests and `registry_stats --as-of` pass the day they mean instead of freezing the clock.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404

from branches import access, clock
from branches.filtering import filtered, without_page
from branches.formation import subtree_totals
from branches.models import Organization
from registry.dues import months as dues_months
from registry.dues import rules
from registry.dues.filters import UnpaidFilter
from registry.dues.rates import due_under, monthly_due
from registry.members.rules import held_here
from registry.members.selectors import members_visible_to
from registry.models import DuesBasis, DuesEntry, DuesReduction, Member

PAID, DECLARED, MISSING, NOT_DUE, BEFORE_JOINED = "paid", "declared", "missing", "not_due", "before_joined"
EXEMPT = "exempt"  # no entry, and an approved exemption covers the month: nothing is due


# --- figures: the conditions, once -----------------------------------------------------------------


def dues_count_expressions(as_of: datetime.date | None = None) -> dict:
    """Conditional counts over members (docs/lifecycle.md#dues-figures): among the members who pay
    here (rules.paying_here), paid up (no month unpaid), 3 or more and 6 or more months unpaid (the
    6+ are also in the 3+), no ledger entry; and those who pay elsewhere. The same conditions as the
    roster's drill-down (rules.dues_state). registry.figures.statistics adds them to its grouped
    member counts."""
    return {
        key: Count("id", filter=rules.dues_state(state, as_of))
        for key, state in (
            ("dues_paid_up", "paid_up"),
            ("dues_unpaid_3", "unpaid_3"),
            ("dues_unpaid_6", "unpaid_6"),
            ("dues_unknown", "unknown"),
            ("dues_elsewhere", "elsewhere"),
        )
    }


def dues_figures_from_counts(counts: dict) -> dict:
    """The `dues` key of `registry_stats --json` (docs/lifecycle.md#registry-stats)."""
    return {
        "paid_up": counts["dues_paid_up"],
        "unpaid_3_months": counts["dues_unpaid_3"],
        "unpaid_6_months": counts["dues_unpaid_6"],
        "unknown": counts["dues_unknown"],
        "paying_elsewhere": counts["dues_elsewhere"],
    }


# --- the two lists ----------------------------------------------------------------------------------


def unpaid_members(
    user, params, *, months: int, as_of: datetime.date | None = None
) -> tuple[UnpaidFilter, QuerySet[Member]]:
    """Members the user may see who pay here with `months` or more months unpaid (3: the reminder
    list; 6: the list the branch must decide on), longest unpaid first, through the list's filters;
    an invalid filter shows nothing (its errors are on the form)."""
    members = (
        members_visible_to(user)
        .filter(rules.paying_here() & dues_months.unpaid_at_least(months, as_of))
        .select_related("organization")
        .order_by("dues_paid_through", "organization__path", "name_sort", "id")
    )
    return filtered(UnpaidFilter(without_page(params) or None, queryset=members, user=user))


def with_months_unpaid(members, as_of: datetime.date | None = None):
    """Sets `months_unpaid` on each member of a page, and `held_here`: whether the branch decides on
    them (self-managed) or reports to their home organization (no query)."""
    for member in members:
        member.months_unpaid = dues_months.months_unpaid(member.dues_paid_through, as_of)
        member.held_here = held_here(member)
    return members


# --- per organization: the figures and the year's total received ---------------------------------


@dataclass
class OrganizationDues:
    organization: Organization
    indent: int
    own: dict
    subtree: dict
    received: Decimal
    received_subtree: Decimal


DUES_KEYS = ("total", "dues_paid_up", "dues_unpaid_3", "dues_unpaid_6", "dues_unknown", "dues_elsewhere")


def dues_by_organization(user, *, year: int, as_of: datetime.date | None = None) -> list[OrganizationDues]:
    """Every organization the user sees, in tree order, with its members' dues figures (own and
    with everything below it) and the year's total received (entries for months of `year`,
    by the organization that received them). Three queries."""
    organizations = list(
        access.visible_organizations(user).only("id", "name", "level", "path", "parent_id").order_by("path")
    )
    rows = (
        members_visible_to(user)
        .order_by()
        .values("organization_id")
        .annotate(total=Count("id"), **dues_count_expressions(as_of))
    )
    own = {row.pop("organization_id"): row for row in rows}
    received = dict(
        DuesEntry.objects.filter(access.organization_scope(user, prefix="received_by__"))
        .filter(month__year=year, amount__isnull=False, received_by__isnull=False)
        .order_by()
        .values("received_by_id")
        .annotate(total=Sum("amount"))
        .values_list("received_by_id", "total")
    )
    subtree = {key: subtree_totals(organizations, {pk: counts[key] for pk, counts in own.items()}) for key in DUES_KEYS}
    received_subtree = subtree_totals(organizations, received)
    top = min((organization.depth for organization in organizations), default=0)
    empty = dict.fromkeys(DUES_KEYS, 0)
    return [
        OrganizationDues(
            organization=organization,
            indent=organization.depth - top,
            own=own.get(organization.pk, empty),
            subtree={key: subtree[key][organization.pk] for key in DUES_KEYS},
            received=received.get(organization.pk, Decimal("0.00")),
            received_subtree=Decimal(received_subtree[organization.pk]).quantize(Decimal("0.01")),
        )
        for organization in organizations
    ]


def received_total(user, *, year: int) -> Decimal:
    """The year's total received over the organizations the user sees (one query)."""
    total = (
        DuesEntry.objects.filter(access.organization_scope(user, prefix="received_by__"))
        .filter(month__year=year, amount__isnull=False)
        .aggregate(total=Sum("amount"))["total"]
    )
    return total or Decimal("0.00")


# --- what is due, month by month: bases from a month, reductions ------------------------------------


def basis_in(bases: list[DuesBasis], month: datetime.date) -> DuesBasis | None:
    """The base in force in `month`: the latest that starts in it or before (a base holds until the
    member's next one). `bases` sorted by month."""
    found = None
    for basis in bases:
        if basis.month <= month:
            found = basis
        else:
            break
    return found


def reduction_in(reductions: list[DuesReduction], month: datetime.date) -> DuesReduction | None:
    return next((item for item in reductions if item.first_month <= month <= item.last_month), None)


def due_of(basis: DuesBasis | None, reduction: DuesReduction | None) -> Decimal | None:
    """What is due in a month with this base in force and this reduction covering it."""
    return due_under(reduction, monthly_due(basis.kind, basis.monthly_base) if basis else None)


def due_in_month(member: Member, month: datetime.date) -> Decimal | None:
    """What the member's base makes due in `month`, before any reduction (one query)."""
    bases = list(DuesBasis.objects.filter(member=member, month__lte=month).order_by("month"))
    return due_of(basis_in(bases, month), None)


def _bases_until(member_ids, month: datetime.date) -> dict[int, list[DuesBasis]]:
    by_member = defaultdict(list)
    for basis in DuesBasis.objects.filter(member_id__in=member_ids, month__lte=month).order_by("month"):
        by_member[basis.member_id].append(basis)
    return by_member


def _reductions_between(member_ids, first: datetime.date, last: datetime.date) -> dict[int, list[DuesReduction]]:
    by_member = defaultdict(list)
    for reduction in DuesReduction.objects.filter(
        member_id__in=member_ids, first_month__lte=last, last_month__gte=first
    ).order_by("first_month"):
        by_member[reduction.member_id].append(reduction)
    return by_member


def back_payment_months(entries) -> dict[datetime.date, int]:
    """paid_on → how many past months were paid that day, for the payments flagged as back payments
    of more than rules.BACK_PAYMENT_MONTHS at once (补交 一般不超过6个月)."""
    by_day = defaultdict(list)
    for entry in entries:
        if entry.amount is not None and entry.paid_on is not None:
            by_day[entry.paid_on].append(entry.month)
    counts = {day: rules.back_months(months, day) for day, months in by_day.items()}
    return {day: count for day, count in counts.items() if count > rules.BACK_PAYMENT_MONTHS}


# --- one member's year ----------------------------------------------------------------------------


@dataclass
class MonthCell:
    month: datetime.date
    state: str
    entry: DuesEntry | None = None
    due: Decimal | None = None
    reduction: DuesReduction | None = None
    back_payment: bool = False  # part of a back payment of more than 6 months at once

    @property
    def amount(self) -> Decimal | None:
        return self.entry.amount if self.entry else None

    @property
    def underpaid(self) -> bool:
        """Paid less than what is due (under a reduction, its amount): listed, never refused
        (docs/lifecycle.md#dues-due)."""
        return self.state == PAID and self.due is not None and self.entry.amount < self.due


@dataclass
class LedgerYear:
    member: Member
    year: int
    cells: list[MonthCell]
    basis: DuesBasis | None
    due: Decimal | None
    months_unpaid: int | None
    pays_here: bool = True
    received: Decimal = Decimal("0.00")
    underpaid: list[MonthCell] = field(default_factory=list)
    missing: list[MonthCell] = field(default_factory=list)
    bases: list[DuesBasis] = field(default_factory=list)  # the bases that start in the year
    reductions: list[DuesReduction] = field(default_factory=list)  # those covering a month of the year
    back_payments: list[tuple[datetime.date, int]] = field(default_factory=list)  # (paid on, past months)

    @property
    def on_reminder_list(self) -> bool:
        return self.pays_here and dues_months.on_reminder_list(self.months_unpaid)

    @property
    def for_the_branch_to_decide(self) -> bool:
        return self.pays_here and dues_months.for_the_branch_to_decide(self.months_unpaid)


def month_state(
    month: datetime.date,
    entry: DuesEntry | None,
    *,
    joined: datetime.date | None,
    current: datetime.date,
    exempt: bool = False,
) -> str:
    if entry is not None:
        return DECLARED if entry.amount is None else PAID
    if exempt:
        return EXEMPT
    if month >= current:
        return NOT_DUE
    if joined is not None and month < dues_months.first_of(joined):
        return BEFORE_JOINED
    return MISSING


def member_ledger(member: Member, *, year: int, as_of: datetime.date | None = None) -> LedgerYear:
    """A member's months of `year` as a grid (paid, declared, exempt, missing) with the amounts and
    what is due each month (the base in force, any reduction), the back payments flagged, and
    whether they pay here. `member` comes from a scoped selector (the member's page). Three queries."""
    current = dues_months.first_of(as_of or clock.today())
    months = dues_months.year_months(year)
    everything = list(DuesEntry.objects.filter(member=member))
    entries = {entry.month: entry for entry in everything if entry.month.year == year}
    bases = list(DuesBasis.objects.filter(member=member, month__lte=months[-1]).order_by("month"))
    reductions = list(
        DuesReduction.objects.filter(member=member, first_month__lte=months[-1], last_month__gte=months[0]).order_by(
            "first_month"
        )
    )
    flagged = back_payment_months(everything)
    cells = []
    for month in months:
        entry, basis, reduction = entries.get(month), basis_in(bases, month), reduction_in(reductions, month)
        exempt = reduction is not None and reduction.kind == DuesReduction.Kind.EXEMPT
        cells.append(
            MonthCell(
                month,
                month_state(month, entry, joined=member.joined, current=current, exempt=exempt),
                entry,
                due_of(basis, reduction),
                reduction,
                back_payment=bool(
                    entry is not None and entry.paid_on in flagged and month < dues_months.first_of(entry.paid_on)
                ),
            )
        )
    shown = min(months[-1], max(current, months[0]))  # the base of this month, or of the year's last
    basis = basis_in(bases, shown)
    return LedgerYear(
        member=member,
        year=year,
        cells=cells,
        basis=basis,
        due=due_of(basis, None),
        months_unpaid=dues_months.months_unpaid(member.dues_paid_through, as_of),
        pays_here=rules.member_pays_here(member),
        received=sum((cell.amount for cell in cells if cell.state == PAID), Decimal("0.00")),
        underpaid=[cell for cell in cells if cell.underpaid],
        missing=[cell for cell in cells if cell.state == MISSING],
        bases=[basis for basis in bases if basis.month.year == year],
        reductions=reductions,
        back_payments=sorted((day, count) for day, count in flagged.items() if day.year == year),
    )


def entry_to_change(user, pk) -> DuesEntry:
    """A ledger entry to delete: 404 outside what the user sees, 403 where they may not change."""
    entry = get_object_or_404(
        DuesEntry.objects.select_related("member__organization").filter(
            access.organization_scope(user, prefix="member__organization__")
        ),
        pk=pk,
    )
    if not access.may_change_organization(user, entry.member.organization):
        raise PermissionDenied
    return entry


# --- a branch's month sheet ---------------------------------------------------------------------


def organization_to_see(user, pk) -> Organization:
    """An organization of the user's scope (404 otherwise, as for a guessed URL)."""
    return get_object_or_404(access.visible_organizations(user), pk=pk)


def organization_to_change(user, pk) -> Organization:
    """404 outside what the user sees, 403 where they see but may not change (a reviewer)."""
    organization = organization_to_see(user, pk)
    if not access.may_change_organization(user, organization):
        raise PermissionDenied
    return organization


def sheet_organizations(user) -> QuerySet[Organization]:
    return access.changeable_organizations(user).order_by("path")


@dataclass
class SheetRow:
    member: Member
    entry: DuesEntry | None
    due: Decimal | None
    months_unpaid: int | None
    reduction: DuesReduction | None = None

    @property
    def on_reminder_list(self) -> bool:
        return dues_months.on_reminder_list(self.months_unpaid)

    @property
    def underpaid(self) -> bool:
        return bool(
            self.entry and self.entry.amount is not None and self.due is not None and self.entry.amount < self.due
        )


def branch_members(organization: Organization) -> QuerySet[Member]:
    """The members of an organization and everything below it who pay dues here (the caller scoped
    the organization): the month sheet's and the ledger's rows (docs/lifecycle.md#dues-who-pays)."""
    return (
        Member.objects.filter(access.subtree_filter(organization, prefix="organization__"))
        .filter(rules.paying_here())
        .select_related("organization")
        .order_by("organization__path", "name_sort", "id")
    )


def paying_elsewhere_in(organization: Organization) -> QuerySet[Member]:
    """The members of an organization and everything below it who pay dues elsewhere (at home):
    named beside the month sheet, not on it."""
    return (
        Member.objects.filter(access.subtree_filter(organization, prefix="organization__"))
        .filter(rules.paying_elsewhere())
        .select_related("organization")
        .order_by("organization__path", "name_sort", "id")
    )


def month_sheet(organization: Organization, month: datetime.date, as_of: datetime.date | None = None) -> list[SheetRow]:
    """Every member of the branch who pays here, with what is due for `month` (the base in force,
    any reduction) and what is recorded. Four queries, whatever the size."""
    members = list(branch_members(organization))
    ids = [member.pk for member in members]
    as_of = as_of or clock.today()  # once, not for each of the four hundred members
    entries = {entry.member_id: entry for entry in DuesEntry.objects.filter(member_id__in=ids, month=month)}
    bases = _bases_until(ids, month)
    reductions = _reductions_between(ids, month, month)
    rows = []
    for member in members:
        reduction = reduction_in(reductions.get(member.pk, []), month)
        rows.append(
            SheetRow(
                member=member,
                entry=entries.get(member.pk),
                due=due_of(basis_in(bases.get(member.pk, []), month), reduction),
                months_unpaid=dues_months.months_unpaid(member.dues_paid_through, as_of),
                reduction=reduction,
            )
        )
    return rows


# --- the branch's 党费收缴台账 for a year --------------------------------------------------------------


def ledger_rows(
    organization: Organization, year: int, as_of: datetime.date | None = None
) -> list[tuple[Member, dict[datetime.date, DuesEntry], Decimal | None]]:
    """(member, their entries of `year` by month, monthly due) for every member of the branch who
    pays here; what is due is that of the year's last month (this month, in the current year).
    Four queries."""
    members = list(branch_members(organization))
    ids = [member.pk for member in members]
    by_member = defaultdict(dict)
    for entry in DuesEntry.objects.filter(member_id__in=ids, month__year=year):
        by_member[entry.member_id][entry.month] = entry
    current = dues_months.first_of(as_of or clock.today())
    shown = min(datetime.date(year, 12, 1), max(current, datetime.date(year, 1, 1)))
    bases = _bases_until(ids, shown)
    reductions = _reductions_between(ids, shown, shown)
    return [
        (
            member,
            by_member.get(member.pk, {}),
            due_of(basis_in(bases.get(member.pk, []), shown), reduction_in(reductions.get(member.pk, []), shown)),
        )
        for member in members
    ]


# --- back payments flagged, reductions ----------------------------------------------------------------


def back_payments(user, *, year: int) -> list[dict]:
    """Payments of more than rules.BACK_PAYMENT_MONTHS past months at once, paid in `year`, for the
    members the user sees (docs/lifecycle.md#dues-back-payment): {member, paid_on, months, amount},
    latest first. Two queries."""
    rows = (
        DuesEntry.objects.filter(access.organization_scope(user, prefix="member__organization__"))
        .filter(
            member__left_on__isnull=True,
            amount__isnull=False,
            paid_on__year=year,
            month__gte=datetime.date(year - 2, 1, 1),
            month__lt=TruncMonth("paid_on"),
        )
        .order_by()
        .values("member_id", "paid_on")
        .annotate(months=Count("id"), amount=Sum("amount"))
        .filter(months__gt=rules.BACK_PAYMENT_MONTHS)
    )
    rows = list(rows)
    members = Member.all_members.select_related("organization").in_bulk([row["member_id"] for row in rows])
    found = [{**row, "member": members[row["member_id"]]} for row in rows if row["member_id"] in members]
    return sorted(found, key=lambda row: (row["paid_on"], row["member"].name), reverse=True)


def reduction_to_change(user, pk) -> DuesReduction:
    """A reduction to delete: 404 outside what the user sees, 403 where they may not change."""
    reduction = get_object_or_404(
        DuesReduction.objects.select_related("member__organization").filter(
            access.organization_scope(user, prefix="member__organization__")
        ),
        pk=pk,
    )
    if not access.may_change_organization(user, reduction.member.organization):
        raise PermissionDenied
    return reduction
