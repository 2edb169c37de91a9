"""Every read of the yearly assessment a page, an export or a figure needs (docs/assessment.md): a
year's scheme, every branch's items, total, grade and rank — computed from the records while the year
is open (registry/assessment/scoring.py), read from the rows frozen when it was closed — scoped to the
user (branches.access) and in a bounded number of queries whatever the number of branches.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from branches import access, clock
from branches.filtering import FIRST_YEAR, filtered, sorted_items, without_page
from branches.models import Organization
from registry.assessment import rules, scoring
from registry.assessment.filters import AssessmentFilter
from registry.committees.selectors import secretary_of
from registry.models import AnnualReport, AssessmentHandScore, AssessmentResult, AssessmentScheme


@dataclass
class ItemScore:
    key: str
    weight: int
    score: Decimal | None  # None: an item scored by hand, not scored yet
    explanation: str
    by_hand: bool

    @property
    def label(self):
        return rules.item_label(self.key)

    def as_stored(self) -> dict:
        return {
            "key": self.key,
            "weight": self.weight,
            "score": None if self.score is None else str(self.score),
            "explanation": self.explanation,
            "by_hand": self.by_hand,
        }


@dataclass
class BranchRow:
    organization: Organization
    items: list[ItemScore]
    total: Decimal
    grade: str
    rank: int = 0
    report: AnnualReport | None = None
    own: bool = False

    def item(self, key: str) -> ItemScore | None:
        return next((item for item in self.items if item.key == key), None)


@dataclass
class YearAssessment:
    """A year's assessment of every branch, ranked; `as_of` the day its computed items were read on."""

    year: int
    scheme: AssessmentScheme
    as_of: datetime.date
    rows: list[BranchRow] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.scheme.closed

    @property
    def items(self) -> list[dict]:
        return [{**item, "label": rules.item_label(item["key"])} for item in self.scheme.items]

    @property
    def reports_uploaded(self) -> int:
        return sum(1 for row in self.rows if row.report is not None)

    def grade_counts(self) -> list[tuple[str, int]]:
        return [(name, sum(1 for row in self.rows if row.grade == name)) for name in rules.grade_names()]


def check_year(year: int, today: datetime.date | None = None) -> None:
    """A year may be assessed from FIRST_YEAR to the running one; any other is a guessed URL (404)."""
    if not FIRST_YEAR <= year <= (today or clock.today()).year:
        raise Http404


def committee_over(organization: Organization | None) -> Organization | None:
    """The committee whose scheme assesses `organization` (issue 27 §1: the scheme is the committee's
    own): the nearest organization at or above it that staff are bound to or that keeps a scheme of
    its own; None — the deployment's scheme — when there is none (a registry serving one committee,
    whose staff are bound to nothing). One query; none for None."""
    if organization is None:
        return None
    above = [int(pk) for pk in (organization.path or "").strip("/").split("/") if pk.isdigit()] or [organization.pk]
    bound = Q(secretaries__role=access.Role.STAFF) | Q(assessment_schemes__isnull=False)
    return Organization.objects.filter(bound, pk__in=above).distinct().order_by("-path").first()


def committee_of(user) -> Organization | None:
    """The committee the user works in, whose scheme their assessment pages use: the one over the
    organization they are bound to (staff bound to a committee: that committee); None for admins and
    unbound staff or reviewers, who work with the deployment's."""
    return committee_over(access.scope_root(user))


def scheme_of(year: int, committee: Organization | None = None) -> AssessmentScheme:
    """The committee's scheme of the year as stored (None: the deployment's), or (unsaved) the default
    one of the settings. One query."""
    scheme = AssessmentScheme.objects.filter(year=year, committee=committee).first()
    if scheme is None:
        scheme = AssessmentScheme(committee=committee, year=year, items=rules.default_items())
    return scheme


def _reports(year: int) -> dict[int, AnnualReport]:
    return {report.organization_id: report for report in AnnualReport.objects.filter(year=year)}


def _ranked(rows: list[BranchRow]) -> list[BranchRow]:
    for row, rank in zip(rows, rules.ranks([row.total for row in rows]), strict=True):
        row.rank = rank
    return sorted(rows, key=lambda row: (row.rank, row.organization.path))


def computed_rows(scheme: AssessmentScheme, as_of: datetime.date) -> list[BranchRow]:
    """Every branch's items (of the scheme's committee's subtree; the deployment's: every branch) as the
    records and the hand scores say on `as_of`, ranked."""
    weights = {item["key"]: item["weight"] for item in scheme.items}
    computed = scoring.computed_items(scheme.year, as_of, weights)
    branches = Organization.objects.filter(pk__in=list(computed)).order_by("path")
    if scheme.committee_id is not None:
        branches = branches.filter(access.subtree_filter(scheme.committee))
    hand = {
        (score.organization_id, score.item): score for score in AssessmentHandScore.objects.filter(year=scheme.year)
    }
    reports = _reports(scheme.year)
    rows = []
    for branch in branches:
        items = []
        for item in scheme.items:
            key, weight = item["key"], item["weight"]
            if rules.is_computed(key):
                found = computed[branch.pk][key]
                items.append(ItemScore(key, weight, found.score, found.explanation, by_hand=False))
            else:
                scored = hand.get((branch.pk, key))
                items.append(
                    ItemScore(
                        key,
                        weight,
                        scored.score if scored else None,
                        (scored.note if scored else "") or "",
                        by_hand=True,
                    )
                )
        total = sum((item.score or Decimal(0) for item in items), Decimal("0.0")).quantize(rules.TENTH)
        rows.append(BranchRow(branch, items, total, rules.grade_for(total), report=reports.get(branch.pk)))
    return _ranked(rows)


def _stored_rows(scheme: AssessmentScheme) -> list[BranchRow]:
    reports = _reports(scheme.year)
    rows = []
    for result in AssessmentResult.objects.filter(scheme=scheme).select_related("organization"):
        items = [
            ItemScore(
                item["key"],
                item["weight"],
                None if item["score"] is None else Decimal(item["score"]),
                item["explanation"],
                item["by_hand"],
            )
            for item in result.items
        ]
        rows.append(
            BranchRow(
                result.organization,
                items,
                result.total,
                result.grade,
                rank=result.rank,
                report=reports.get(result.organization_id),
            )
        )
    return sorted(rows, key=lambda row: (row.rank, row.organization.path))


def year_assessment(
    year: int, today: datetime.date | None = None, committee: Organization | None = None
) -> YearAssessment:
    """The year's assessment of every branch of the committee (None: the deployment's, of every branch)
    under its scheme: frozen rows once closed, else computed as of the year's end (today while it runs)."""
    today = today or clock.today()
    scheme = scheme_of(year, committee)
    as_of = rules.as_of_for(year, today)
    if scheme.closed:
        return YearAssessment(year, scheme, as_of, _stored_rows(scheme))
    return YearAssessment(year, scheme, as_of, computed_rows(scheme, as_of))


def _visible_ids(user) -> set[int]:
    return set(access.visible_organizations(user).values_list("pk", flat=True))


def _own_id(user) -> int | None:
    assignment = access.assignment_of(user)
    return assignment.organization_id if assignment and assignment.role == access.Role.SECRETARY else None


def scoped(user, assessment: YearAssessment) -> YearAssessment:
    """The assessment with the branches the user sees only (a secretary: their subtree's), ranks kept."""
    visible, own = _visible_ids(user), _own_id(user)
    rows = [row for row in assessment.rows if row.organization.pk in visible]
    for row in rows:
        row.own = row.organization.pk == own
    return YearAssessment(assessment.year, assessment.scheme, assessment.as_of, rows)


def _item_key(key: str):
    return lambda row: row.item(key).score if row.item(key) and row.item(key).score is not None else Decimal(-1)


def sort_keys(assessment: YearAssessment) -> dict:
    keys = {
        "organization": lambda row: row.organization.path,
        "total": lambda row: row.total,
        "rank": lambda row: row.rank,
        "grade": lambda row: rules.grade_names().index(row.grade) if row.grade in rules.grade_names() else 99,
        "report": lambda row: row.report.grade if row.report and row.report.grade else "",
    }
    for item in assessment.scheme.items:
        keys[f"item_{item['key']}"] = _item_key(item["key"])
    return keys


def year_list(user, year: int, params) -> tuple[AssessmentFilter, YearAssessment, list[BranchRow]]:
    """The year's page: the branches the user sees through the filter (`?grade=`, `?report=`, the
    organization's subtree, the name), sorted by the column asked (`?sort=`), in rank order otherwise."""
    check_year(year)
    assessment = scoped(user, year_assessment(year, committee=committee_of(user)))
    branches = access.visible_organizations(user).filter(level__in=Organization.BRANCH_LEVELS).order_by("path")
    assessment_filter, branches = filtered(AssessmentFilter(without_page(params) or None, queryset=branches, user=user))
    if assessment_filter.is_bound and not assessment_filter.is_valid():
        return assessment_filter, assessment, []
    kept = set(branches.values_list("pk", flat=True))
    rows = [row for row in assessment.rows if row.organization.pk in kept]
    data = assessment_filter.form.cleaned_data if assessment_filter.is_bound else {}
    if data.get("grade"):
        rows = [row for row in rows if row.grade == data["grade"]]
    report = data.get("report")
    if report == "uploaded":
        rows = [row for row in rows if row.report is not None]
    elif report == "missing":
        rows = [row for row in rows if row.report is None]
    elif report == "graded":
        rows = [row for row in rows if row.report is not None and row.report.grade]
    return assessment_filter, assessment, sorted_items(rows, params, sort_keys(assessment))


def branch_to_see(user, pk) -> Organization:
    """A branch the user sees (404 otherwise: out of scope, not a branch, no such organization)."""
    branch = (
        access.visible_organizations(user).filter(pk=pk, level__in=Organization.BRANCH_LEVELS).select_related("parent")
    ).first()
    if branch is None:
        raise Http404
    return branch


def branch_to_change(user, pk) -> Organization:
    """A branch whose annual report the user may upload: its secretary's (their subtree) or the
    committee office's. 404 out of scope, 403 for a reviewer."""
    branch = branch_to_see(user, pk)
    if not access.may_change_organization(user, branch):
        raise PermissionDenied
    return branch


def branch_report(user, year: int, pk) -> tuple[YearAssessment, BranchRow, str]:
    """A branch's report for the year: its row of the year's assessment (ranked among every branch),
    and the name of its secretary on the year's assessment day (registry/committees: the 书记 in office,
    else the typed name)."""
    check_year(year)
    branch = branch_to_see(user, pk)
    assessment = year_assessment(year, committee=committee_of(user))
    row = next((row for row in assessment.rows if row.organization.pk == branch.pk), None)
    if row is None:  # a branch set up after the year was closed
        raise Http404
    return assessment, row, secretary_of(branch, assessment.as_of).name


def annual_report_of(user, year: int, pk) -> AnnualReport:
    check_year(year)
    branch = branch_to_see(user, pk)
    report = AnnualReport.objects.filter(year=year, organization=branch).first()
    if report is None:
        raise Http404
    return report


def years(today: datetime.date | None = None, committee: Organization | None = None) -> list[dict]:
    """The years with a scheme of the committee (None: the deployment's), and the running one, latest
    first, each with whether it is closed."""
    today = today or clock.today()
    schemes = AssessmentScheme.objects.filter(year__lte=today.year, committee=committee)
    found = {scheme.year: scheme.closed for scheme in schemes}
    found.setdefault(today.year, False)
    return [{"year": year, "closed": found[year]} for year in sorted(found, reverse=True)]


def assessment_figures(as_of: datetime.date) -> dict:
    """registry_stats --json's "assessment": per year with a scheme (and the year of `as_of`), whether it
    is closed and its branches per grade, over the whole registry, as of `as_of` (an open year's
    items computed as of its end or `as_of`, whichever comes first)."""
    found = {}
    for entry in reversed(years(as_of)):
        assessment = year_assessment(entry["year"], today=as_of)
        found[str(entry["year"])] = {"closed": assessment.closed, "grades": dict(assessment.grade_counts())}
    return found
