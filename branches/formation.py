"""Formation advice: the rules of docs/domain.md#formation-advice ("Formation advice") applied to the records.

- an enterprise with 3 or more full members and no standalone branch → should form one;
- an enterprise with 1–2 full members that belongs to no joint branch (and has no standalone one)
  → should join or form a joint branch in its city or industry chamber;
- a branch over 50 members → should split or be upgraded (a branch's members include those of its
  party groups: a party group is a subdivision of a branch);
- a chamber (city or industry) with no organization at all → a coverage gap;
- a chamber whose enterprises host several branches (3 or more) and that has no general branch →
  may set up a general branch to lead them [000].

`branches` knows nothing of members: the counts of members are handed in by the caller
(registry.figures.dashboard counts them in the database). A handful of queries
whatever the size: enterprises, organizations, chambers, and two grouped counts.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count
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


@dataclass
class Advice:
    rule: str
    subject: models.Model  # the enterprise, organization or chamber the advice is about
    reason: str
    figures: dict = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return type(self.subject).__name__.lower()


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
    enterprises = annotate_enterprise_coverage(Enterprise.objects.select_related("chamber")).order_by("name")
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


def _branch_advice(organization_members: Mapping[int, int]) -> list[Advice]:
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


def formation_advice(*, enterprise_full_members: Mapping[int, int], organization_members: Mapping[int, int]) -> dict:
    """{rule: [Advice, …]} for every rule, in the order of docs/domain.md#formation-advice.

    `enterprise_full_members`: full members on record per enterprise they work for.
    `organization_members`: members per organization (its own, not its subtree)."""
    standalone, joint = _enterprise_advice(enterprise_full_members)
    uncovered, general = _chamber_advice()
    return {
        Rule.ENTERPRISE_STANDALONE: standalone,
        Rule.ENTERPRISE_JOINT: joint,
        Rule.BRANCH_TOO_LARGE: _branch_advice(organization_members),
        Rule.CHAMBER_UNCOVERED: uncovered,
        Rule.CHAMBER_GENERAL_BRANCH: general,
    }
