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
from django.shortcuts import get_object_or_404

from branches import access, clock
from branches.filtering import filtered, without_page
from branches.formation import subtree_totals
from branches.models import Organization
from registry.dues import months as dues_months
from registry.dues.filters import UnpaidFilter
from registry.dues.rates import monthly_due
from registry.members.selectors import members_visible_to
from registry.models import DuesBasis, DuesEntry, Member

PAID, DECLARED, MISSING, NOT_DUE, BEFORE_JOINED = "paid", "declared", "missing", "not_due", "before_joined"


# --- figures: the conditions, once -----------------------------------------------------------------


def dues_count_expressions(as_of: datetime.date | None = None) -> dict:
    """Conditional counts over members (docs/lifecycle.md#dues-figures): paid up (no month
    unpaid), 3 or more and 6 or more months unpaid (the 6+ are also in the 3+), no ledger entry.
    registry.figures.statistics adds them to its grouped member counts."""
    return {
        "dues_paid_up": Count("id", filter=dues_months.paid_up(as_of)),
        "dues_unpaid_3": Count("id", filter=dues_months.unpaid_at_least(dues_months.REMINDER_MONTHS, as_of)),
        "dues_unpaid_6": Count("id", filter=dues_months.unpaid_at_least(dues_months.DECIDE_MONTHS, as_of)),
        "dues_unknown": Count("id", filter=dues_months.unknown()),
    }


def dues_figures_from_counts(counts: dict) -> dict:
    """The `dues` key of `registry_stats --json` (docs/lifecycle.md#registry-stats)."""
    return {
        "paid_up": counts["dues_paid_up"],
        "unpaid_3_months": counts["dues_unpaid_3"],
        "unpaid_6_months": counts["dues_unpaid_6"],
        "unknown": counts["dues_unknown"],
    }


# --- the two lists ----------------------------------------------------------------------------------


def unpaid_members(
    user, params, *, months: int, as_of: datetime.date | None = None
) -> tuple[UnpaidFilter, QuerySet[Member]]:
    """Members the user may see with `months` or more months unpaid (3: the reminder list; 6:
    the list the branch must decide on), longest unpaid first, through the list's filters; an
    invalid filter shows nothing (its errors are on the form)."""
    members = (
        members_visible_to(user)
        .filter(dues_months.unpaid_at_least(months, as_of))
        .select_related("organization")
        .order_by("dues_paid_through", "organization__path", "name", "id")
    )
    return filtered(UnpaidFilter(without_page(params) or None, queryset=members, user=user))


def with_months_unpaid(members, as_of: datetime.date | None = None):
    """Sets `months_unpaid` on each member of a page (no query)."""
    for member in members:
        member.months_unpaid = dues_months.months_unpaid(member.dues_paid_through, as_of)
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


DUES_KEYS = ("total", "dues_paid_up", "dues_unpaid_3", "dues_unpaid_6", "dues_unknown")


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


# --- one member's year ----------------------------------------------------------------------------


@dataclass
class MonthCell:
    month: datetime.date
    state: str
    entry: DuesEntry | None = None
    due: Decimal | None = None

    @property
    def amount(self) -> Decimal | None:
        return self.entry.amount if self.entry else None

    @property
    def underpaid(self) -> bool:
        """Paid less than what is due: listed, never refused (docs/lifecycle.md#dues-due)."""
        return self.state == PAID and self.due is not None and self.entry.amount < self.due


@dataclass
class LedgerYear:
    member: Member
    year: int
    cells: list[MonthCell]
    basis: DuesBasis | None
    due: Decimal | None
    months_unpaid: int | None
    received: Decimal = Decimal("0.00")
    underpaid: list[MonthCell] = field(default_factory=list)
    missing: list[MonthCell] = field(default_factory=list)

    @property
    def on_reminder_list(self) -> bool:
        return dues_months.on_reminder_list(self.months_unpaid)

    @property
    def for_the_branch_to_decide(self) -> bool:
        return dues_months.for_the_branch_to_decide(self.months_unpaid)


def basis_for_year(bases: list[DuesBasis], year: int) -> DuesBasis | None:
    """The basis of `year`, or the latest one before it (a base income is carried forward until
    a new one is recorded). `bases` sorted by year."""
    found = None
    for basis in bases:
        if basis.year <= year:
            found = basis
    return found


def month_state(
    month: datetime.date, entry: DuesEntry | None, *, joined: datetime.date | None, current: datetime.date
) -> str:
    if entry is not None:
        return DECLARED if entry.amount is None else PAID
    if month >= current:
        return NOT_DUE
    if joined is not None and month < dues_months.first_of(joined):
        return BEFORE_JOINED
    return MISSING


def member_ledger(member: Member, *, year: int, as_of: datetime.date | None = None) -> LedgerYear:
    """A member's months of `year` as a grid (paid, declared, missing) with the amounts and what
    is due. `member` comes from a scoped selector (the member's page). Two queries."""
    current = dues_months.first_of(as_of or clock.today())
    entries = {entry.month: entry for entry in DuesEntry.objects.filter(member=member, month__year=year)}
    bases = list(DuesBasis.objects.filter(member=member, year__lte=year).order_by("year"))
    basis = basis_for_year(bases, year)
    due = monthly_due(basis.kind, basis.monthly_base) if basis else None
    cells = [
        MonthCell(
            month,
            month_state(month, entries.get(month), joined=member.joined, current=current),
            entries.get(month),
            due,
        )
        for month in dues_months.year_months(year)
    ]
    return LedgerYear(
        member=member,
        year=year,
        cells=cells,
        basis=basis,
        due=due,
        months_unpaid=dues_months.months_unpaid(member.dues_paid_through, as_of),
        received=sum((cell.amount for cell in cells if cell.state == PAID), Decimal("0.00")),
        underpaid=[cell for cell in cells if cell.underpaid],
        missing=[cell for cell in cells if cell.state == MISSING],
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

    @property
    def on_reminder_list(self) -> bool:
        return dues_months.on_reminder_list(self.months_unpaid)

    @property
    def underpaid(self) -> bool:
        return bool(
            self.entry and self.entry.amount is not None and self.due is not None and self.entry.amount < self.due
        )


def branch_members(organization: Organization) -> QuerySet[Member]:
    """The members of an organization and everything below it (the caller scoped the organization)."""
    return (
        Member.objects.filter(access.subtree_filter(organization, prefix="organization__"))
        .select_related("organization")
        .order_by("organization__path", "name", "id")
    )


def _latest_bases(member_ids, year: int) -> dict[int, DuesBasis]:
    latest = {}
    for basis in DuesBasis.objects.filter(member_id__in=member_ids, year__lte=year).order_by("year"):
        latest[basis.member_id] = basis
    return latest


def month_sheet(organization: Organization, month: datetime.date, as_of: datetime.date | None = None) -> list[SheetRow]:
    """Every member of the branch with what is due for `month` and what is recorded. Three
    queries, whatever the size."""
    members = list(branch_members(organization))
    ids = [member.pk for member in members]
    entries = {entry.member_id: entry for entry in DuesEntry.objects.filter(member_id__in=ids, month=month)}
    bases = _latest_bases(ids, month.year)
    return [
        SheetRow(
            member=member,
            entry=entries.get(member.pk),
            due=monthly_due(bases[member.pk].kind, bases[member.pk].monthly_base) if member.pk in bases else None,
            months_unpaid=dues_months.months_unpaid(member.dues_paid_through, as_of),
        )
        for member in members
    ]


# --- the branch's 党费收缴台账 for a year --------------------------------------------------------------


def ledger_rows(
    organization: Organization, year: int
) -> list[tuple[Member, dict[datetime.date, DuesEntry], Decimal | None]]:
    """(member, their entries of `year` by month, monthly due) for every member of the branch.
    Three queries."""
    members = list(branch_members(organization))
    ids = [member.pk for member in members]
    by_member = defaultdict(dict)
    for entry in DuesEntry.objects.filter(member_id__in=ids, month__year=year):
        by_member[entry.member_id][entry.month] = entry
    bases = _latest_bases(ids, year)
    return [
        (
            member,
            by_member.get(member.pk, {}),
            monthly_due(bases[member.pk].kind, bases[member.pk].monthly_base) if member.pk in bases else None,
        )
        for member in members
    ]
