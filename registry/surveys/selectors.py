"""Reads of survey rounds and counts, scoped to the user, and the reconciliation of a round's
counts with the roster.

The reconciliation puts, per counted organization and in total, what the round counted beside
what the roster holds, with the difference; the differences are the work list ("counted 318
registered mobile, 304 on record: 14 to find").

A count covers its organization and those below it that the round did not count separately: each
member on record is set against the nearest organization at or above their own that has a count.
Members under no count (in the user's scope) are reported apart, never lost. Three queries
whatever the size: the organizations, one grouped count of members, the round's counts.
"""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import access
from branches.filtering import sorted_rows
from branches.models import Organization
from branches.versions import NOT_THERE_YET, VERSION_FIELD, version_of
from registry.figures import statistics
from registry.members import selectors as member_selectors
from registry.models import Member, SurveyCount, SurveyRound

# The figures a round counts that the roster also holds: survey field → (member count key, filter of
# the roster that lists them, label).
COMPARED = {
    "members": ("total", {}, gettext_lazy("members")),
    "self_managed": ("category_self_managed", {"category": Member.Category.SELF_MANAGED}, gettext_lazy("self-managed")),
    "registered_mobile": (
        "category_registered_mobile",
        {"category": Member.Category.REGISTERED_MOBILE},
        gettext_lazy("registered mobile"),
    ),
    "probationary": ("probationary", {"status": Member.Status.PROBATIONARY}, gettext_lazy("probationary")),
}


RECONCILED_COUNTS = tuple(dict.fromkeys(count_key for count_key, _filter, _label in COMPARED.values()))


def rounds_for(user) -> QuerySet[SurveyRound]:
    """Rounds are campaigns of the committee: anyone with a role sees them (their counts are scoped)."""
    if access.assignment_of(user) is None:
        return SurveyRound.objects.none()
    return SurveyRound.objects.order_by("-started", "-id")


# The columns a person may sort the rounds by (`?sort=`).
ROUND_SORT = {"name": "name", "started": "started", "ended": "ended"}


def round_list(user, params) -> QuerySet[SurveyRound]:
    """The rounds in the order of the column sorted by; the latest first otherwise."""
    return sorted_rows(rounds_for(user), params, ROUND_SORT)


def latest_round(user) -> SurveyRound | None:
    return rounds_for(user).first()


def round_detail(user, pk) -> SurveyRound:
    """The round; 404 for an unknown one."""
    return get_object_or_404(rounds_for(user), pk=pk)


def count_initial(user, survey_round: SurveyRound, organization_id) -> dict:
    """What the count form starts with for an organization the user names: its existing figures."""
    if organization_id in (None, ""):
        return {}
    field = forms.IntegerField(min_value=1, max_value=2**63 - 1)  # an id as the database can hold it
    try:
        organization_id = field.clean(organization_id)
    except ValidationError:
        return {}
    existing = counts_for(user, survey_round).filter(organization_id=organization_id).first()
    # The version it was read at (branches/versions.py); NOT_THERE_YET when there was none.
    initial = {"organization": organization_id, VERSION_FIELD: NOT_THERE_YET}
    if existing is not None:
        initial.update({figure: getattr(existing, figure) for figure in existing.FIGURES})
        initial[VERSION_FIELD] = version_of(existing)
    return initial


def template_organizations(user) -> QuerySet[Organization]:
    """The organizations named in a blank count workbook: those the user keeps."""
    return access.changeable_organizations(user).only("name").order_by("path")


def counts_for(user, survey_round: SurveyRound) -> QuerySet[SurveyCount]:
    return (
        SurveyCount.objects.filter(survey_round=survey_round)
        .filter(access.organization_scope(user))
        .select_related("organization")
        .order_by("organization__path")
    )


@dataclass
class FigureLine:
    key: str
    label: str
    counted: int | None
    on_record: int

    @property
    def gap(self) -> int | None:
        """Counted minus on record: above zero, records to find; below zero, records to check."""
        return None if self.counted is None else self.counted - self.on_record


@dataclass
class Gap:
    """One line of the work list: one figure of one organization that differs from the roster."""

    organization: Organization
    line: FigureLine
    records_url: str
    sentence: str
    below_counted_separately: bool


@dataclass
class Row:
    organization: Organization
    count: SurveyCount
    on_record: dict
    lines: list[FigureLine]
    below_counted_separately: bool = False  # some organization below has its own count

    @property
    def has_gap(self) -> bool:
        return any(line.gap for line in self.lines)


@dataclass
class Reconciliation:
    survey_round: SurveyRound
    rows: list[Row]
    totals: list[FigureLine]
    activists: int | None
    uncounted: dict  # member counts on record under no count of the round (in the user's scope)
    uncounted_organizations: int
    gaps: list[Gap] = field(default_factory=list)

    @property
    def total_by_key(self) -> dict[str, FigureLine]:
        return {line.key: line for line in self.totals}


def gap_sentence(line: FigureLine) -> str:
    values = {"counted": line.counted, "on_record": line.on_record, "figure": line.label, "gap": abs(line.gap or 0)}
    if line.gap and line.gap > 0:
        return _("counted %(counted)d %(figure)s, %(on_record)d on record: %(gap)d to find") % values
    return (
        _(
            "counted %(counted)d %(figure)s, %(on_record)d on record: %(gap)d on record that the survey did "
            "not find, to check"
        )
        % values
    )


def records_url(organization: Organization, key: str, roster: str | None = None) -> str:
    """The roster of the organization (and those below it), narrowed to the figure."""
    query = {"organization": organization.pk, **COMPARED[key][1]}
    return f"{roster or reverse('registry:member_list')}?{urlencode(query)}"


def reconciliation(
    user,
    survey_round: SurveyRound,
    *,
    organizations: list[Organization] | None = None,
    member_counts: dict | None = None,
) -> Reconciliation:
    """`organizations` (visible, with paths) and `member_counts` (statistics.organization_member_counts
    of the visible members) may be handed in by a page that has them already."""
    if organizations is None:
        organizations = list(access.visible_organizations(user).only("id", "name", "level", "path").order_by("path"))
    if member_counts is None:  # only the figures a round counts: the six knowns cost a scan of their own
        member_counts = statistics.organization_member_counts(
            member_selectors.members_visible_to(user), only=RECONCILED_COUNTS
        )
    by_pk = {organization.pk: organization for organization in organizations}
    counts = {}
    for count in counts_for(user, survey_round).select_related(None):
        count.organization = by_pk[count.organization_id]  # visible: the counts are scoped the same way
        counts[count.organization_id] = count
    counted_path = {organization.path: organization.pk for organization in organizations if organization.pk in counts}

    on_record = {pk: statistics.empty_counts() for pk in counts}
    uncounted, uncounted_organizations = statistics.empty_counts(), 0
    has_counted_below = set()
    for organization in organizations:
        segments = organization.path.rstrip("/").split("/") if organization.path else [str(organization.pk)]
        owner = None
        for cut in range(len(segments), 0, -1):
            owner = counted_path.get("/".join(segments[:cut]) + "/")
            if owner is not None:
                break
        if organization.pk in counts:
            for cut in range(1, len(segments)):  # tell its counted ancestors
                ancestor = counted_path.get("/".join(segments[:cut]) + "/")
                if ancestor is not None:
                    has_counted_below.add(ancestor)
        own = member_counts.get(organization.pk)
        if own is None:
            continue
        if owner is None:
            statistics.add_counts(uncounted, own)
            uncounted_organizations += 1
        else:
            statistics.add_counts(on_record[owner], own)

    rows, gaps = [], []
    totals = {key: [None, 0] for key in COMPARED}
    activists = None
    labels = {key: str(label) for key, (_count_key, _filter, label) in COMPARED.items()}
    roster = reverse("registry:member_list")
    for pk, count in sorted(counts.items(), key=lambda item: by_pk[item[0]].path):
        organization = count.organization
        lines = []
        for key, (count_key, _filter, _label) in COMPARED.items():
            line = FigureLine(key, labels[key], getattr(count, key), on_record[pk][count_key])
            lines.append(line)
            if line.counted is not None:
                totals[key][0] = (totals[key][0] or 0) + line.counted
                totals[key][1] += line.on_record
        if count.activists is not None:
            activists = (activists or 0) + count.activists
        row = Row(organization, count, on_record[pk], lines, pk in has_counted_below)
        rows.append(row)
        for line in lines:
            if line.gap:
                gaps.append(
                    Gap(
                        organization,
                        line,
                        records_url(organization, line.key, roster),
                        gap_sentence(line),
                        row.below_counted_separately,
                    )
                )
    total_lines = [FigureLine(key, labels[key], counted, record) for key, (counted, record) in totals.items()]
    return Reconciliation(survey_round, rows, total_lines, activists, uncounted, uncounted_organizations, gaps)


def summarize(result: Reconciliation) -> dict:
    """A round's headline for the dashboards: the totals and the number of gaps to resolve."""
    return {
        "round": result.survey_round,
        "totals": result.total_by_key,
        "gaps": len(result.gaps),
        "to_find": sum(gap.line.gap for gap in result.gaps if gap.line.key == "members" and gap.line.gap > 0),
        "organizations": len(result.rows),
        "activists": result.activists,
    }
