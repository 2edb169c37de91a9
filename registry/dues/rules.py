"""The rules of the dues ledger (docs/lifecycle.md#dues) that every way in shares — the month
sheet, a payment, the member form, the dues import, the roster import: who pays here, which
months may be paid for, which amounts may be written, how a typed 党费交至 may move, what a base
needs, what a reduction or an exemption needs, when a back payment is flagged. Each is a pure
function of the facts it is given, answering None (or nothing) or the sentence that says why not
— the rule and what would make it possible; the services and the importers ask it before they
write. (What is due is `rates.py`; the months, and the 3- and 6-month thresholds, are `months.py`.)"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from branches.models import Organization
from registry.dues import months as dues_months
from registry.models import DuesBasis, DuesReduction, Member

Category = Member.Category
# A back payment (补交) of more than this many months at once is flagged: 一般不超过6个月 [党费规定].
BACK_PAYMENT_MONTHS = 6
# The kinds whose dues are a share of a monthly base (docs/lifecycle.md#dues-due); the others pay a flat amount.
BASE_KINDS = (
    DuesBasis.Kind.IN_WORK,
    DuesBasis.Kind.RETIRED,
    DuesBasis.Kind.SELF_EMPLOYED,
    DuesBasis.Kind.ANNUAL_SALARY,
)


@dataclass(frozen=True)
class Refusal:
    """Why not: the field it concerns, a code (the import's error code) and the sentence."""

    field: str
    code: str
    message: str


# --- who pays here (docs/lifecycle.md#dues-who-pays) ---------------------------------------------
#
# A member pays where their membership is held [党费规定]: a self-managed member pays here; a
# registered mobile or shown-identity member pays their home organization, unless they hold an
# activity certificate and have arranged to pay here (Member.pays_dues_here = True); a temporary
# organization collects no dues (临时党支部不收缴党费), so its members pay at home; a self-managed member
# who flowed out may pay where they went (Member.pays_dues_here = False), one who did not pays here.


def in_temporary_organization(*, category: str, organization_level: str) -> bool:
    return category == Category.TEMPORARY or organization_level == Organization.Level.TEMPORARY_BRANCH


def pays_here(*, category: str, organization_level: str, flowed_out: bool, declared: bool | None) -> bool:
    """Whether the member pays dues here: `declared` is Member.pays_dues_here (None: by the category)."""
    if in_temporary_organization(category=category, organization_level=organization_level):
        return False
    if category == Category.SELF_MANAGED and not flowed_out:
        return True
    if declared is not None:
        return declared
    return category == Category.SELF_MANAGED


def member_pays_here(member) -> bool:
    return pays_here(
        category=member.category,
        organization_level=member.organization.level,
        flowed_out=member.flowed_out,
        declared=member.pays_dues_here,
    )


def paying_here(prefix: str = "") -> Q:
    """`pays_here` as a condition on members (`prefix` for a relation: "member__"): the member's own
    fields, stored (Member.pays_here_own_facts, from conditions.PAYS_HERE_OWN_FACTS), and an
    organization that is not a temporary branch."""
    return Q(**{f"{prefix}pays_here_own_facts": True}) & ~Q(
        **{f"{prefix}organization__level": Organization.Level.TEMPORARY_BRANCH}
    )


def paying_elsewhere(prefix: str = "") -> Q:
    """The members `paying_here` leaves out (the stored column is never empty: its negation is exact)."""
    return Q(**{f"{prefix}pays_here_own_facts": False}) | Q(
        **{f"{prefix}organization__level": Organization.Level.TEMPORARY_BRANCH}
    )


def dues_state(value: str, as_of: datetime.date | None = None) -> Q:
    """The roster's `dues` filter, the drill-down of the dues figures: among the members who pay
    here, paid_up, unpaid_3, unpaid_6 or unknown; `elsewhere`, those who pay elsewhere (anything
    else matches nothing)."""
    if value == "elsewhere":
        return paying_elsewhere()
    # The month first: the database stops there for a member in another state, and who pays here (six
    # conditions and the organization's level) is asked only of those in this one. The per-organization
    # counts ask it in four figures over every member (100,000, SQLite: those four 106 -> 91 ms).
    if value == "paid_up":
        return dues_months.paid_up(as_of) & paying_here()
    if value == "unpaid_3":
        return dues_months.unpaid_at_least(dues_months.REMINDER_MONTHS, as_of) & paying_here()
    if value == "unpaid_6":
        return dues_months.unpaid_at_least(dues_months.DECIDE_MONTHS, as_of) & paying_here()
    if value == "unknown":
        return dues_months.unknown() & paying_here()
    return Q(pk__in=[])


def pays_here_problem(
    *, name: str, category: str, organization_level: str, flowed_out: bool, value: bool | None
) -> Refusal | None:
    """Whether `value` may be recorded as who pays the member's dues (None — by the category — always may)."""
    if value is True and in_temporary_organization(category=category, organization_level=organization_level):
        return Refusal(
            "pays_dues_here",
            "temporary_pays_home",
            _(
                "%(name)s belongs to a temporary organization, which collects no dues (临时党支部不收缴党费): they pay "
                "dues at their home organization. To record their dues here, first move them to one of our "
                "branches that collects dues."
            )
            % {"name": name},
        )
    if value is False and category == Category.SELF_MANAGED and not flowed_out:
        return Refusal(
            "pays_dues_here",
            "held_here_pays_here",
            _(
                "%(name)s's membership is held here (self-managed), so they pay dues here. Only a self-managed "
                "member who flowed out may pay where they went, with an activity certificate: record the flow-out "
                "first."
            )
            % {"name": name},
        )
    return None


def pays_elsewhere_refusal(*, name: str, category: str, organization_level: str, declared: bool | None) -> Refusal:
    """`pays_elsewhere`: a payment for a member who pays their dues elsewhere is not recorded here."""
    if in_temporary_organization(category=category, organization_level=organization_level):
        why = _("a temporary organization collects no dues")
    elif declared is False:
        why = _("recorded as paying elsewhere")
    else:
        why = _("%(category)s: membership held at the home organization") % {"category": Category(category).label}
    return Refusal(
        "id_number",
        "pays_elsewhere",
        _(
            "%(name)s pays dues at their home organization (%(why)s): a payment is recorded where the member "
            "pays. If they hold an activity certificate and have arranged to pay here, record that first (who pays "
            "dues, on the member's page; in the dues import 在本组织交纳 = 是). A month paid at home is declared as "
            "党费交至 with the roster."
        )
        % {"name": name, "why": why},
    )


def month_problem(
    month: datetime.date, *, joined: datetime.date | None, as_of: datetime.date | None = None
) -> tuple[str, str] | None:
    """(code, sentence) when `month` may not be paid for, else None: more than 12 months after
    the current one, or before the month the member joined the party."""
    if month > dues_months.latest_allowed(as_of):
        return "too_far_ahead", _(
            "%(month)s is more than 12 months after the current month: dues can be paid at most 12 months "
            "ahead. Check the year."
        ) % {"month": dues_months.format_month(month)}
    if joined is not None and month < dues_months.first_of(joined):
        return "before_joined", _(
            "%(month)s is before the member joined the party (%(joined)s): no dues were due then. Check the "
            "month or the member's date of joining."
        ) % {"month": dues_months.format_month(month), "joined": dues_months.format_month(joined)}
    return None


def amount_problem(amount) -> str | None:
    if amount is None:
        return None
    if not isinstance(amount, Decimal):
        raise TypeError("amounts are Decimals")
    if amount < 0:
        return _("The amount cannot be negative. Write the amount received, such as 12.50.")
    return None


def declared_month_problem(*, current: datetime.date | None, typed: datetime.date | None) -> str | None:
    """A 党费交至 typed or imported for a member whose ledger already ends at `current`: it may
    move 党费交至 forward (a declared entry), never back nor to nothing — the ledger says more."""
    if typed is None:
        if current is None:
            return None
        return _(
            "Dues paid through comes from the dues ledger (%(month)s) and cannot be cleared here. To correct "
            "it, delete entries in the ledger on the member's page."
        ) % {"month": dues_months.format_month(current)}
    if current is not None and dues_months.first_of(typed) < current:
        return _(
            "The dues ledger already shows dues paid through %(month)s; dues paid through cannot be earlier. "
            "To correct the ledger, delete entries on the member's page."
        ) % {"month": dues_months.format_month(current)}
    return None


# --- what is due: a base from a month (docs/lifecycle.md#dues-due) ---------------------------------


def basis_problems(*, kind: str, monthly_base: Decimal | None) -> list[Refusal]:
    """A base a member's dues are computed from: the kinds that pay a share of it need it, never negative."""
    found = []
    if monthly_base is not None and monthly_base < 0:
        found.append(
            Refusal("monthly_base", "negative_base", _("The monthly base income cannot be negative. Write it in yuan."))
        )
    elif monthly_base is None and kind in BASE_KINDS:
        found.append(
            Refusal(
                "monthly_base",
                "base_required",
                _(
                    "Write the monthly base (%(what)s): the dues of a member %(kind)s are a share of it. Students, "
                    "the unemployed, those on minimum living allowance or on relief and farmers pay a flat amount "
                    "and need none."
                )
                % {"what": base_words(kind), "kind": DuesBasis.Kind(kind).label},
            )
        )
    return found


def base_words(kind: str) -> str:
    """What the monthly base is for each kind that has one [党费规定]."""
    if kind == DuesBasis.Kind.SELF_EMPLOYED:
        return _("the last quarter's average monthly net income")
    if kind == DuesBasis.Kind.ANNUAL_SALARY:
        return _("the month's actual pay")
    if kind == DuesBasis.Kind.RETIRED:
        return _("the monthly pension")
    return _("the monthly pay after tax")


# --- paying less or nothing with approval (docs/lifecycle.md#dues-reduction) ------------------------


def reduction_problems(
    *,
    kind: str,
    first: datetime.date,
    last: datetime.date,
    amount: Decimal | None,
    approved_on: datetime.date | None,
    approved_by: str,
    due: Decimal | None,
    joined: datetime.date | None,
    others: list,
    as_of: datetime.date,
) -> list[Refusal]:
    """少交 or 免交, decided by the higher committee [党费规定: 经党支部研究，报上一级党委批准]: who approved and
    when, the months it covers (after joining, at most 12 months ahead, not overlapping another), and
    for a reduction the amount a month — less than what is due, where that is known. `others`: the
    member's other reductions (objects with kind, first_month, last_month, approved_on, approved_by)."""
    found = []
    if not approved_by.strip():
        found.append(
            Refusal(
                "approved_by",
                "approval_required",
                _("Write who approved it: paying less or nothing is approved by the higher party committee."),
            )
        )
    if approved_on is None:
        found.append(
            Refusal("approved_on", "approval_required", _("Write the day the higher party committee approved it."))
        )
    elif approved_on > as_of:
        found.append(
            Refusal(
                "approved_on",
                "approval_in_future",
                _("The approval's day %(date)s is after today (%(today)s): record it on or after the day it is given.")
                % {"date": approved_on.isoformat(), "today": as_of.isoformat()},
            )
        )
    if last < first:
        found.append(Refusal("months", "range_order", _("The last month is before the first: swap them.")))
        return found
    for month in (first, last):
        if problem := month_problem(month, joined=joined, as_of=as_of):
            found.append(Refusal("months", problem[0], problem[1]))
            break
    if kind == DuesReduction.Kind.REDUCED:
        if amount is None:
            found.append(
                Refusal(
                    "monthly_amount",
                    "reduction_amount_required",
                    _("Write the amount due a month under the reduction, or choose an exemption (nothing due)."),
                )
            )
        elif amount < 0:
            found.append(Refusal("monthly_amount", "negative_amount", _("The amount cannot be negative.")))
        elif due is not None and amount >= due:
            found.append(
                Refusal(
                    "monthly_amount",
                    "reduction_not_less",
                    _(
                        "A reduction is less than what is due, %(due)s yuan a month by the member's base: write an "
                        "amount below %(due)s, or record no reduction."
                    )
                    % {"due": due},
                )
            )
    for other in others:
        if other.first_month <= last and first <= other.last_month:
            found.append(
                Refusal(
                    "months",
                    "reduction_overlap",
                    _(
                        "%(months)s already has a %(kind)s (approved %(date)s by %(by)s): a month has at most one. "
                        "Begin after %(last)s, end before %(first)s, or delete the other first."
                    )
                    % {
                        "months": dues_months.format_months(other.first_month, other.last_month),
                        "kind": DuesReduction.Kind(other.kind).label,
                        "date": other.approved_on.isoformat(),
                        "by": other.approved_by,
                        "last": dues_months.format_month(other.last_month),
                        "first": dues_months.format_month(other.first_month),
                    },
                )
            )
            break
    return found


def exempt_through(latest: datetime.date | None, exemptions: list[tuple[datetime.date, datetime.date]]):
    """党费交至 with the exemptions that follow it: the latest month of the ledger, carried over every
    exempt month that continues it (an exempt month is not unpaid). None without a ledger entry — an
    exemption alone does not say what was paid before it."""
    if latest is None:
        return None
    moved = True
    while moved:
        moved = False
        for first, last in exemptions:
            if first <= dues_months.add(latest, 1) and last > latest:
                latest, moved = last, True
    return latest


# --- back payments (docs/lifecycle.md#dues-back-payment) -------------------------------------------


def back_months(months: list[datetime.date], paid_on: datetime.date | None) -> int:
    """How many of the months paid were already past when paid (before the month of `paid_on`)."""
    if paid_on is None:
        return 0
    current = dues_months.first_of(paid_on)
    return sum(1 for month in months if month < current)


def back_payment_warning(months: list[datetime.date], paid_on: datetime.date | None) -> str | None:
    """A payment of more than BACK_PAYMENT_MONTHS past months at once is recorded, and flagged."""
    count = back_months(months, paid_on)
    if count <= BACK_PAYMENT_MONTHS:
        return None
    return _(
        "A back payment of %(count)d months at once (paid %(date)s): back payments are generally no more than "
        "%(limit)d months (一般不超过6个月). It is recorded, and listed among the back payments for the branch to look "
        "at."
    ) % {"count": count, "date": paid_on.isoformat(), "limit": BACK_PAYMENT_MONTHS}
