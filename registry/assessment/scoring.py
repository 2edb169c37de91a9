"""The computed items of the yearly assessment (ORGLIFE.md §4, docs/assessment.md#items), for every
branch at once and as of one day, read through the rooms that keep the records — never by a rule of
our own:

- six_knowns: the share of the mobile members with the six knowns complete (registry/sixknowns.py);
- meetings: the meetings owed in the year's periods ended by then that were held or excused
  (registry/orglife/compliance: the grid's cells, `grid_rows`);
- dues: the share of the members who pay here paid up (registry/dues: `paying_here`, `dues_state`);
- participation: the share of members *not* six months without organizational life
  (registry/orglife/compliance/participation.py, `members_without_life`);
- term: the committee's term not over (registry/committees: `committee_rows`, the term rules), and a
  committee where one is due (7+ full members held here);
- development: the share of the candidates in process none of whose steps is late (registry/development
  work lists: talks overdue, approvals overdue, probations over).

and the items the rooms compute from records the registry does not read (`Room.assessment_items`,
branches/rooms.py): outreach's contacts (members contacted in each quarter) and certificates (activity
certificates valid), each scored from the (good, total, explanation) its room counts per branch.

A branch's members and candidates are those of the branch and of every organization below it (its
party groups). The whole computation is a bounded number of queries whatever the number of branches
and members: one or two per item, four for the meetings owed.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from branches import rooms
from branches.models import Organization
from registry.assessment import rules
from registry.committees import rules as committee_rules
from registry.committees.own_settings import own_settings_for, with_any_own
from registry.committees.selectors import SHOULD_HAVE, committee_rows
from registry.development.worklists import conditions as development_conditions
from registry.dues.rules import dues_state, paying_here
from registry.models import Candidate, Member, Stage, stage_q
from registry.orglife.compliance import rules as compliance_rules
from registry.orglife.compliance.participation import without_life_q
from registry.orglife.compliance.selectors import facts_by_kind, grid_rows
from registry.sixknowns import APPLICABLE, COMPLETE


@dataclass
class Computed:
    """One computed item of one branch: the score (0 … weight) and the line that explains it."""

    score: Decimal
    explanation: str


@dataclass
class Counts:
    good: int = 0
    total: int = 0


def branches_of(organizations: list[Organization]) -> dict[int, int]:
    """Per organization, the branch it is or lies below (by path), for those that lie in a branch."""
    branch_ids = {organization.pk for organization in organizations if organization.level in Organization.BRANCH_LEVELS}
    found = {}
    for organization in organizations:
        for segment in reversed(organization.path.rstrip("/").split("/")):
            if segment.isdigit() and int(segment) in branch_ids:
                found[organization.pk] = int(segment)
                break
    return found


def _summed(rows, branch_of: dict[int, int], keys: tuple[str, ...]) -> dict[int, dict[str, int]]:
    totals: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(keys, 0))
    for row in rows:
        branch = branch_of.get(row["organization_id"])
        if branch is not None:
            for key in keys:
                totals[branch][key] += row[key]
    return totals


def counts_by_branch(rows, organizations: list[Organization], keys: tuple[str, ...]) -> dict[int, dict[str, int]]:
    """Rows of counts per organization ({"organization_id": …, key: n, …}) summed per branch (every key
    0 for a branch with no row): what a room's assessment item (`Room.assessment_items`) counts with one
    grouped query."""
    return _summed(rows, branches_of(organizations), keys)


MEMBER_KEYS = ("mobile", "complete", "paying", "paid_up", "members")


def _member_counts(as_of: datetime.date, branch_of: dict[int, int]) -> dict[int, dict[str, int]]:
    """Per branch: mobile members (the six knowns apply), of whom complete; members who pay here, of
    whom paid up on `as_of`; members registered by then. One grouped query."""
    rows = (
        Member.objects.filter(registered_on__lte=as_of)
        .order_by()
        .values("organization_id")
        .annotate(
            mobile=Count("id", filter=APPLICABLE),
            complete=Count("id", filter=APPLICABLE & COMPLETE),
            paying=Count("id", filter=paying_here()),
            paid_up=Count("id", filter=dues_state("paid_up", as_of)),
            members=Count("id"),
        )
    )
    return _summed(rows, branch_of, MEMBER_KEYS)


def _without_life(as_of: datetime.date, branch_of: dict[int, int]) -> Counter:
    """Per branch, the members six months without organizational life on `as_of`. One query."""
    # The work list's condition alone (members_without_life's, without its last-life annotations,
    # which only the list shows).
    members = Member.objects.filter(registered_on__lte=as_of).filter(without_life_q(as_of))
    counts = Counter()
    for organization_id in members.values_list("organization_id", flat=True):
        if organization_id in branch_of:
            counts[branch_of[organization_id]] += 1
    return counts


def _meetings(year: int, as_of: datetime.date, branches: list[Organization]) -> dict[int, Counts]:
    """Per branch, the periods of the year owed (by the compliance rules) and ended by `as_of`, and of
    them those held or excused. On 31 December the year's last periods count as ended. Four queries
    whatever the kinds owed: the branches, and the year's meetings, exemptions and committee posts; and
    the committees' own settings where any committee keeps them."""
    judged_on = as_of + datetime.timedelta(days=1)
    kinds = {kind for level in Organization.BRANCH_LEVELS for kind in compliance_rules.kinds_owed_by(level)}
    # Read once for every kind: the grid iterates the rows it is handed (the evaluated queryset's), and
    # the facts of every kind over the year are read together (the periods of each kind fill the year).
    organizations = with_any_own(Organization.objects.filter(pk__in=[branch.pk for branch in branches]))
    organizations = organizations.order_by("path")
    owed = [kind for kind in compliance_rules.OWED_KINDS if kind in kinds]
    facts = facts_by_kind(organizations, owed, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    counts: dict[int, Counts] = defaultdict(Counts)
    own = own_settings_for(list(organizations))  # each branch's periods at its committee's own frequency
    for kind in owed:
        periods = compliance_rules.periods_in_year(year, compliance_rules.frequency_of(kind))
        for row in grid_rows(organizations, kind, periods, judged_on, facts[kind], own=own):
            for cell in row.judged:
                if cell.state in (compliance_rules.HELD, compliance_rules.EXEMPT):
                    counts[row.organization.pk].good += 1
                    counts[row.organization.pk].total += 1
                elif cell.state == compliance_rules.NOT_HELD:
                    counts[row.organization.pk].total += 1
    return counts


def _development(as_of: datetime.date, branch_of: dict[int, int]) -> dict[int, dict[str, int]]:
    """Per branch, the candidates in process on `as_of` (applied by then, not yet full members nor
    cancelled, or with an approval still owed) and of them those with a step late. One grouped query."""
    lists = development_conditions(as_of)
    late = lists["talks_overdue"] | lists["approvals_overdue"] | lists["probations_over"]
    in_process = Q(applied__lte=as_of) & (Q(admitted__isnull=True) | stage_q(Stage.PROBATIONARY) | late)
    rows = (
        Candidate.objects.filter(in_process)
        .order_by()
        .values("organization_id")
        .annotate(candidates=Count("id"), late=Count("id", filter=late))
    )
    return _summed(rows, branch_of, ("candidates", "late"))


def _term(row, weight: int) -> Computed:
    full = Decimal(weight).quantize(rules.TENTH)
    if row is None:
        return Computed(full, _("No committee needed"))
    if row.state == committee_rules.OVER:
        return Computed(
            Decimal(0).quantize(rules.TENTH),
            _("Term ended on %(day)s, no election since") % {"day": row.election.ends_on.isoformat()},
        )
    if row.state == committee_rules.POSTPONED:
        return Computed(full, _("Term postponed to %(day)s") % {"day": row.election.postponed_until.isoformat()})
    if row.election is not None:
        return Computed(full, _("Term ends on %(day)s") % {"day": row.election.ends_on.isoformat()})
    if SHOULD_HAVE in row.flags:
        return Computed(
            Decimal(0).quantize(rules.TENTH),
            _("%(full)s full members held here and no committee") % {"full": row.held_here_full},
        )
    if row.posts:
        return Computed(full, _("%(posts)s committee posts in office, no election recorded") % {"posts": row.posts})
    return Computed(full, _("No committee needed (%(full)s full members held here)") % {"full": row.held_here_full})


def computed_items(year: int, as_of: datetime.date, weights: dict[str, int]) -> dict[int, dict[str, Computed]]:
    """Per branch (every organization of a branch level), the computed items of `weights` (item key →
    weight) as of `as_of`. A bounded number of queries."""
    organizations = list(Organization.objects.only("id", "name", "level", "path", "established").order_by("path"))
    branches = [organization for organization in organizations if organization.level in Organization.BRANCH_LEVELS]
    branch_of = branches_of(organizations)
    wanted = {key: weight for key, weight in weights.items() if rules.is_computed(key)}
    found: dict[int, dict[str, Computed]] = {branch.pk: {} for branch in branches}
    share = rules.share_score
    for key, item in rooms.assessment_items().items():
        if key in wanted:
            counted = item.score(organizations, as_of)
            for branch in branches:
                good, total, explanation = counted.get(branch.pk, (0, 0, ""))
                found[branch.pk][key] = Computed(share(wanted[key], good, total), explanation)
    if {"six_knowns", "dues", "participation"} & set(wanted):
        members = _member_counts(as_of, branch_of)
    if "six_knowns" in wanted or "dues" in wanted:
        for branch in branches:
            counts = members.get(branch.pk, dict.fromkeys(MEMBER_KEYS, 0))
            if "six_knowns" in wanted:
                found[branch.pk]["six_knowns"] = Computed(
                    share(wanted["six_knowns"], counts["complete"], counts["mobile"]),
                    _("%(good)s of %(total)s mobile members with the six knowns complete")
                    % {"good": counts["complete"], "total": counts["mobile"]},
                )
            if "dues" in wanted:
                found[branch.pk]["dues"] = Computed(
                    share(wanted["dues"], counts["paid_up"], counts["paying"]),
                    _("%(good)s of %(total)s members who pay here paid up")
                    % {"good": counts["paid_up"], "total": counts["paying"]},
                )
    if "participation" in wanted:
        without = _without_life(as_of, branch_of)
        for branch in branches:
            total = members.get(branch.pk, {}).get("members", 0)
            found[branch.pk]["participation"] = Computed(
                share(wanted["participation"], total - without[branch.pk], total),
                _("%(without)s of %(total)s members six months without organizational life")
                % {"without": without[branch.pk], "total": total},
            )
    if "meetings" in wanted:
        meetings = _meetings(year, as_of, branches)
        for branch in branches:
            counts = meetings.get(branch.pk, Counts())
            found[branch.pk]["meetings"] = Computed(
                share(wanted["meetings"], counts.good, counts.total),
                _("%(good)s of %(total)s meetings owed held or excused") % {"good": counts.good, "total": counts.total},
            )
    if "term" in wanted:
        terms = {row.organization.pk: row for row in committee_rows(branches, as_of)}
        for branch in branches:
            found[branch.pk]["term"] = _term(terms.get(branch.pk), wanted["term"])
    if "development" in wanted:
        candidates = _development(as_of, branch_of)
        for branch in branches:
            counts = candidates.get(branch.pk, {"candidates": 0, "late": 0})
            found[branch.pk]["development"] = Computed(
                share(wanted["development"], counts["candidates"] - counts["late"], counts["candidates"]),
                _("%(late)s of %(total)s candidates in process with a step late")
                % {"late": counts["late"], "total": counts["candidates"]},
            )
    return found
