"""Formation advice: the rules of docs/domain.md#formation-advice ("Formation advice") applied to the records.

- an enterprise with 3 or more full members and no standalone branch → should form one;
- an enterprise with 1–2 full members that belongs to no joint branch (and has no standalone one)
  → should join or form a joint branch in its city or industry chamber;
- a branch over 50 members → should split or be upgraded (a branch's members include those of its
  party groups: a party group is a subdivision of a branch);
- a chamber (city or industry) with no organization at all → a coverage gap;
- a chamber whose enterprises host several branches (3 or more) and that has no general branch →
  may set up a general branch to lead them [000];
- an organization with 7 or more full members whose membership is held here and no committee → should
  set one up [支部条例; ORGLIFE.md §2];
- a joint branch covering more than 5 units (host enterprises) → should consider splitting it [ORGLIFE.md §2];
- an organization whose term is over (no later election, no postponement running) → should hold its
  election [ORGLIFE.md §2].

The committee rules' facts (members held here, committees, terms) are the registry's: the caller hands
them in as CommitteeFacts (registry.committees.selectors.formation_facts).

`branches` knows nothing of members: the counts of members are handed in by the caller
(registry.figures.dashboard counts them in the database). A handful of queries
whatever the size: enterprises, organizations, chambers, and two grouped counts.
"""

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.db.models.base import ModelState
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from branches.models import Chamber, Enterprise, Organization
from branches.statistics import annotate_enterprise_coverage, chamber_is_covered

STANDALONE_MIN_FULL_MEMBERS = 3  # a branch needs 3 or more full members [001]
BRANCH_MAX_MEMBERS = 50  # normally no more than 50 [001]
GENERAL_BRANCH_MIN_ENTERPRISE_BRANCHES = 3  # "a chamber with many enterprise branches" [000]
COVERED_KINDS = (Chamber.Kind.CITY, Chamber.Kind.INDUSTRY)


class Rule(models.TextChoices):
    ENTERPRISE_STANDALONE = "enterprise_standalone", gettext_lazy("Should form its own branch")
    ENTERPRISE_JOINT = "enterprise_joint", gettext_lazy("Should join or form a joint branch")
    BRANCH_TOO_LARGE = "branch_too_large", gettext_lazy("Should split or be upgraded")
    CHAMBER_UNCOVERED = "chamber_uncovered", gettext_lazy("Coverage gap: no party organization")
    CHAMBER_GENERAL_BRANCH = "chamber_general_branch", gettext_lazy("May set up a general branch")
    COMMITTEE_NEEDED = "committee_needed", gettext_lazy("Should set up a committee")
    JOINT_BRANCH_TOO_WIDE = "joint_branch_too_wide", gettext_lazy("Should consider splitting")
    TERM_OVER = "term_over", gettext_lazy("Should hold its election")


@dataclass
class Advice:
    rule: str
    subject: models.Model  # the enterprise, organization or chamber the advice is about
    reason: str
    figures: dict = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return type(self.subject).__name__.lower()

    def __reduce__(self):
        """Remembered (branches/remembered.py), a piece of advice keeps of its subject what it shows: the
        kind, the id and the name, the rest of the record left deferred (read from the database if ever
        asked for). A committee's thousands of pieces of advice pickled whole, each subject with its
        model's state, took longer to pickle and unpickle than to count."""
        subject = self.subject
        extra = {key: value for key, value in vars(self).items() if key not in _ADVICE_FIELDS}  # its `url`
        return (_advice, (self.rule, type(subject), subject.pk, subject.name, self.reason, self.figures, extra))


_ADVICE_FIELDS = frozenset(each.name for each in fields(Advice))  # what the pickle holds by name


def _advice(rule, model, pk, name, reason, figures, extra) -> Advice:
    # The subject as a record read from the database with its id and name only, the rest deferred (as
    # `Model.from_db` makes it, without running the model's __init__ for each of thousands).
    subject = model.__new__(model)
    state = ModelState()
    state.adding = False
    vars(subject).update({"_state": state, model._meta.pk.attname: pk, "name": name})
    item = Advice(rule, subject, reason, figures)
    vars(item).update(extra)
    return item


def subtree_totals(organizations: list[Organization], own: Mapping[int, int]) -> dict[int, int]:
    """Per organization, the sum of `own` over it and every organization below it (by path)."""
    by_path = {organization.path: organization.pk for organization in organizations if organization.path}
    totals = {organization.pk: own.get(organization.pk, 0) for organization in organizations}
    for organization in organizations:
        count = own.get(organization.pk, 0)
        if not count or not organization.path:
            continue
        segments = organization.path.rstrip("/").split("/")
        for cut in range(1, len(segments)):
            ancestor = by_path.get("/".join(segments[:cut]) + "/")
            if ancestor is not None:
                totals[ancestor] += count
    return totals


def _enterprise_advice(enterprise_full_members: Mapping[int, int]) -> tuple[list[Advice], list[Advice]]:
    standalone, joint = [], []
    # Only what the advice shows (the name, the page's link): the committee's thousands of enterprises are read whole
    # for no one otherwise.
    enterprises = annotate_enterprise_coverage(Enterprise.objects.only("id", "name")).order_by("name_sort")
    for enterprise in enterprises:
        full = enterprise_full_members.get(enterprise.pk, 0)
        if full >= STANDALONE_MIN_FULL_MEMBERS and not enterprise.has_own_organization:
            standalone.append(
                Advice(
                    Rule.ENTERPRISE_STANDALONE,
                    enterprise,
                    _(
                        "%(full)d full members on record work here and it hosts no standalone branch: with 3 or more "
                        "full members it should form its own branch."
                    )
                    % {"full": full},
                    {"full_members": full},
                )
            )
        elif (
            1 <= full < STANDALONE_MIN_FULL_MEMBERS
            and not enterprise.in_joint_branch
            and not enterprise.has_own_organization
        ):
            joint.append(
                Advice(
                    Rule.ENTERPRISE_JOINT,
                    enterprise,
                    ngettext(
                        "%(full)d full member on record works here and it belongs to no joint branch: it "
                        "should join or form a joint branch in its city or industry chamber.",
                        "%(full)d full members on record work here and it belongs to no joint branch: it "
                        "should join or form a joint branch in its city or industry chamber.",
                        full,
                    )
                    % {"full": full},
                    {"full_members": full},
                )
            )
    return standalone, joint


def _branch_advice(organization_members: Mapping[int, int], organizations: list | None) -> list[Advice]:
    if organizations is None:
        organizations = list(Organization.objects.only("id", "name", "level", "path").order_by("path"))
    totals = subtree_totals(organizations, organization_members)
    advice = []
    for organization in organizations:
        total = totals[organization.pk]
        if organization.level in Organization.BRANCH_LEVELS and total > BRANCH_MAX_MEMBERS:
            own = organization_members.get(organization.pk, 0)
            advice.append(
                Advice(
                    Rule.BRANCH_TOO_LARGE,
                    organization,
                    _(
                        "%(total)d members (%(own)d in the branch itself, %(below)d in its party groups): over 50, it "
                        "should split or be upgraded to a general branch."
                    )
                    % {"total": total, "own": own, "below": total - own},
                    {"members": total},
                )
            )
    return advice


def _chamber_advice() -> tuple[list[Advice], list[Advice]]:
    chambers = list(
        Chamber.objects.filter(kind__in=COVERED_KINDS)
        .annotate(covered=chamber_is_covered(), enterprise_count=Count("enterprises", distinct=True))
        .order_by("kind", "name")
    )
    with_general_branch = set(
        Organization.objects.filter(level=Organization.Level.GENERAL_BRANCH, chamber__isnull=False).values_list(
            "chamber_id", flat=True
        )
    )
    enterprise_branches = defaultdict(int)
    for row in (
        Organization.objects.filter(level__in=Organization.BRANCH_LEVELS, host_enterprises__chamber__isnull=False)
        .values("host_enterprises__chamber")
        .annotate(count=Count("id", distinct=True))
        .order_by()
    ):
        enterprise_branches[row["host_enterprises__chamber"]] = row["count"]
    uncovered, general = [], []
    for chamber in chambers:
        if not chamber.covered:
            uncovered.append(
                Advice(
                    Rule.CHAMBER_UNCOVERED,
                    chamber,
                    _(
                        "No party organization is attached to this chamber or to any of its %(enterprises)d member "
                        "enterprises: a coverage gap."
                    )
                    % {"enterprises": chamber.enterprise_count},
                    {"enterprises": chamber.enterprise_count},
                )
            )
        branches = enterprise_branches[chamber.pk]
        if branches >= GENERAL_BRANCH_MIN_ENTERPRISE_BRANCHES and chamber.pk not in with_general_branch:
            general.append(
                Advice(
                    Rule.CHAMBER_GENERAL_BRANCH,
                    chamber,
                    _(
                        "Its member enterprises host %(branches)d branches and the chamber has no general "
                        "branch: it may set up one to lead them."
                    )
                    % {"branches": branches},
                    {"enterprise_branches": branches},
                )
            )
    return uncovered, general


@dataclass
class CommitteeFacts:
    """What the committee rules need, counted by the registry and handed in."""

    organizations: list[Organization]  # those the advice may name (not party groups), in tree order
    held_here_full: Mapping[int, int]  # full members whose membership is held here, in it and below it
    with_committee: set[int]  # organizations with someone on their committee
    terms_over: Mapping[int, datetime.date]  # organization → the day its term ended
    minimum: int = 7  # REGISTRY_COMMITTEE_MIN_FULL_MEMBERS


def _committee_advice(facts: CommitteeFacts) -> tuple[list[Advice], list[Advice]]:
    needed, over = [], []
    for organization in facts.organizations:
        full = facts.held_here_full.get(organization.pk, 0)
        if full >= facts.minimum and organization.pk not in facts.with_committee:
            needed.append(
                Advice(
                    Rule.COMMITTEE_NEEDED,
                    organization,
                    _(
                        "%(full)d full members whose membership is held here and no committee: with %(minimum)d or "
                        "more it should elect a committee of 3 to 5."
                    )
                    % {"full": full, "minimum": facts.minimum},
                    {"full_members": full},
                )
            )
        if organization.pk in facts.terms_over:
            ended = facts.terms_over[organization.pk]
            over.append(
                Advice(
                    Rule.TERM_OVER,
                    organization,
                    _("Its term ended on %(day)s and no election has been held since: it should hold its election.")
                    % {"day": ended.isoformat()},
                    {"ended_on": ended.isoformat()},
                )
            )
    return needed, over


def _joint_branch_advice() -> list[Advice]:
    """A joint branch covering more units than REGISTRY_JOINT_BRANCH_MAX_UNITS (5): one query."""
    limit = settings.REGISTRY_JOINT_BRANCH_MAX_UNITS
    wide = (
        Organization.objects.filter(level=Organization.Level.JOINT_BRANCH)
        .annotate(units=Count("host_enterprises", distinct=True))
        .filter(units__gt=limit)
        .order_by("path")
    )
    return [
        Advice(
            Rule.JOINT_BRANCH_TOO_WIDE,
            organization,
            _("It covers %(units)d units, more than %(limit)d: it should consider splitting.")
            % {"units": organization.units, "limit": limit},
            {"units": organization.units},
        )
        for organization in wide
    ]


def formation_advice(
    *,
    enterprise_full_members: Mapping[int, int],
    organization_members: Mapping[int, int],
    committees: CommitteeFacts | None = None,
    organizations: list[Organization] | None = None,
) -> dict:
    """{rule: [Advice, …]} for every rule, in the order of docs/domain.md#formation-advice.

    `enterprise_full_members`: full members on record per enterprise they work for.
    `organization_members`: members per organization (its own, not its subtree).
    `committees`: the facts of the committee rules (none: those two rules advise nothing).
    `organizations`: every organization (id, name, level, path) in tree order, if the caller has
    read them already (the printable summary), else read here."""
    standalone, joint = _enterprise_advice(enterprise_full_members)
    uncovered, general = _chamber_advice()
    needed, over = _committee_advice(committees) if committees is not None else ([], [])
    return {
        Rule.ENTERPRISE_STANDALONE: standalone,
        Rule.ENTERPRISE_JOINT: joint,
        Rule.BRANCH_TOO_LARGE: _branch_advice(organization_members, organizations),
        Rule.CHAMBER_UNCOVERED: uncovered,
        Rule.CHAMBER_GENERAL_BRANCH: general,
        Rule.COMMITTEE_NEEDED: needed,
        Rule.JOINT_BRANCH_TOO_WIDE: _joint_branch_advice(),
        Rule.TERM_OVER: over,
    }
