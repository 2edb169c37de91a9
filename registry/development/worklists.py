"""The secretary's development work lists (docs/lifecycle.md#development-work-lists) and the
figures by stage (docs/lifecycle.md#development-figures), counted in the database over the
candidates the user may see.

Each work list is a queryset (`WORKLISTS[key].query(user, today)`) that its page paginates; the
home page shows their counts, taken together in three queries (`worklist_counts`).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db.models import Count, DateField, Exists, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from branches import access
from branches.filtering import sorted_rows
from registry.development import rules
from registry.development.selectors import candidates_visible_to
from registry.models import NOT_YET_ADMITTED, Assessment, Candidate, Notice, Stage, stage_q

EXTENSIONS = (None, *range(rules.EXTENSION_MONTHS[0], rules.EXTENSION_MONTHS[1] + 1))


def _probation_ends_between(first: datetime.date | None, last: datetime.date | None) -> Q:
    """Probationary candidates whose probation (a year, plus any extension) ends between the two
    dates (inclusive; None: open). One range over 入党时间 per possible extension length, the exact
    inverse of rules.end_of_probation."""
    condition = Q(pk__in=[])
    for months in EXTENSIONS:
        period = 12 * rules.PROBATION_YEARS + (months or 0)
        admitted = {}
        if first is not None:
            admitted["admitted__gte"] = rules.earliest_start(first, period)
        if last is not None:
            admitted["admitted__lte"] = rules.latest_start(last, period)
        extension = Q(probation_extension_months=months) if months else Q(probation_extension_months__isnull=True)
        condition |= extension & Q(**admitted)
    return stage_q(Stage.PROBATIONARY) & condition


def conditions(today: datetime.date) -> dict[str, Q]:
    """The candidate-based work lists as conditions (the notices' are in `notice_conditions`)."""
    # Each "a period from that date has passed by today" is the inverse of rules.add_months, so that a
    # list and the candidate's page (which adds forward) agree to the day.
    month_ahead = rules.add_months(today, 1)
    approval_limit = rules.earliest_start(today, rules.APPROVAL_MONTHS)  # decided before it: overdue
    return {
        "talks_overdue": stage_q(Stage.APPLICANT)
        & Q(talked__isnull=True, applied__lt=rules.earliest_start(today, rules.TALK_WITHIN_MONTHS)),
        "activists_ready": stage_q(Stage.ACTIVIST)
        & Q(activist__lte=rules.latest_start(today, 12 * rules.TARGET_AFTER_ACTIVIST_YEARS)),
        "approvals_waiting": (
            Q(admitted__isnull=False, approved__isnull=True, cancelled_on__isnull=True)
            | Q(probation_extended_on__isnull=False, extension_approved__isnull=True, cancelled_on__isnull=True)
            | Q(made_full__isnull=False, full_approved__isnull=True)
        ),
        # Full membership is approved within 3 months of the branch meeting's decision (full_decided);
        # an imported 转正时间 without the decision's date counts from 转正时间.
        "approvals_overdue": (
            Q(admitted__lt=approval_limit, approved__isnull=True, cancelled_on__isnull=True)
            | Q(probation_extended_on__lt=approval_limit, extension_approved__isnull=True, cancelled_on__isnull=True)
            | Q(full_decided__lt=approval_limit, full_approved__isnull=True)
            | Q(full_decided__isnull=True, made_full__lt=approval_limit, full_approved__isnull=True)
        ),
        "probations_ending": _probation_ends_between(today, month_ahead),
        "probations_over": _probation_ends_between(None, today - datetime.timedelta(days=1)),
    }


def notice_conditions(today: datetime.date) -> dict[str, Q]:
    is_open = Q(decided_on__isnull=True, withdrawn_on__isnull=True)
    return {
        "notices_running": is_open & Q(starts_on__lte=today, last_day__gte=today),
        "notices_ended": is_open & Q(last_day__lt=today),
    }


def _assessment_anchor(queryset: QuerySet[Candidate]) -> QuerySet[Candidate]:
    return queryset.annotate(
        last_assessed=Max("assessments__assessed_on"),
        assessment_anchor=Coalesce(Max("assessments__assessed_on"), "activist", output_field=DateField()),
    )


def assessments_due_queryset(user, today: datetime.date) -> QuerySet[Candidate]:
    """Activists whose half-yearly assessment falls due within a month (or is overdue)."""
    latest_anchor = rules.latest_start(rules.add_months(today, 1), rules.ASSESSMENT_EVERY_MONTHS)
    return _assessment_anchor(candidates_visible_to(user).filter(stage_q(Stage.ACTIVIST))).filter(
        assessment_anchor__lte=latest_anchor
    )


@dataclass(frozen=True)
class Worklist:
    key: str
    label: str
    kind: str  # "candidates" or "notices"
    query: Callable
    # Whether a row's date is a deadline (a talk, an assessment, an approval: once it has passed the
    # row is overdue) or the day from which the next step may be taken (a year as activist, a
    # notice's end): a day past that is no lateness, only time gone by.
    deadline: bool = True


# The work lists' queries are partials of module functions, not closures: the home page's figures,
# which carry the work lists, are kept pickled (branches/remembered.py).
def _candidate_query(key: str, order: tuple[str, ...], user, today):
    return (
        candidates_visible_to(user).filter(conditions(today)[key]).select_related("organization").order_by(*order, "id")
    )


def _candidates(key: str, order: tuple[str, ...]):
    return partial(_candidate_query, key, order)


def _notice_query(key: str, user, today):
    return (
        Notice.objects.filter(access.organization_scope(user, prefix="candidate__organization__"))
        .filter(notice_conditions(today)[key])
        .select_related("candidate__organization")
        .annotate(open_objections=Count("objections", filter=Q(objections__resolved_on__isnull=True)))
        .order_by("last_day", "id")
    )


def _notices(key: str):
    return partial(_notice_query, key)


def _assessments(user, today):
    return assessments_due_queryset(user, today).select_related("organization").order_by("assessment_anchor", "id")


WORKLISTS = {
    worklist.key: worklist
    for worklist in (
        Worklist(
            "talks_overdue",
            _("Applications with no talk within a month"),
            "candidates",
            _candidates("talks_overdue", ("applied",)),
        ),
        Worklist("assessments_due", _("Activists due for their half-yearly assessment"), "candidates", _assessments),
        Worklist(
            "activists_ready",
            _("Activists with a year behind them (may become targets)"),
            "candidates",
            _candidates("activists_ready", ("activist",)),
            deadline=False,
        ),
        Worklist(
            "notices_running", _("Public notices running"), "notices", _notices("notices_running"), deadline=False
        ),
        Worklist(
            "notices_ended",
            _("Public notices ended: decision to record"),
            "notices",
            _notices("notices_ended"),
            deadline=False,
        ),
        Worklist(
            "approvals_waiting",
            _("Approvals by the higher committee waiting"),
            "candidates",
            _candidates("approvals_waiting", ("admitted", "made_full")),
        ),
        Worklist(
            "probations_ending",
            _("Probations ending within a month"),
            "candidates",
            _candidates("probations_ending", ("admitted",)),
        ),
        Worklist(
            "probations_over",
            _("Probations over, not yet decided"),
            "candidates",
            _candidates("probations_over", ("admitted",)),
        ),
    )
}


# The columns a person may sort a work list by (`?sort=`); the date that matters and the days
# left are worked out per row (rules), so the list's own order is by them.
CANDIDATE_SORT = {"name": "name", "organization": ("organization__path", "name")}
NOTICE_SORT = {
    "name": "candidate__name",
    "organization": ("candidate__organization__path", "candidate__name"),
    "decision": "decision",
    "runs": ("starts_on", "last_day"),
    "open_objections": "open_objections",
    "due": "last_day",
}


def sorted_worklist(worklist: Worklist, user, today: datetime.date, params) -> QuerySet:
    """The work list in the order of the column sorted by; its own order for any other value."""
    columns = NOTICE_SORT if worklist.kind == "notices" else CANDIDATE_SORT
    return sorted_rows(worklist.query(user, today), params, columns)


def counting_conditions(today: datetime.date) -> dict[str, Q]:
    """Every work list as a condition on candidates, for counting them all in one query. A notice
    list counts the candidates with such a notice (a candidate has one open notice at a time)."""
    assessment_limit = rules.latest_start(rules.add_months(today, 1), rules.ASSESSMENT_EVERY_MONTHS)
    notices = Notice.objects.filter(candidate=OuterRef("pk"))
    counted = dict(conditions(today))
    counted["assessments_due"] = (
        stage_q(Stage.ACTIVIST)
        & Q(activist__lte=assessment_limit)
        & ~Exists(Assessment.objects.filter(candidate=OuterRef("pk"), assessed_on__gt=assessment_limit))
    )
    for key, condition in notice_conditions(today).items():
        counted[key] = Exists(notices.filter(condition))
    return counted


def worklist_counts(user, today: datetime.date) -> dict[str, int]:
    """Every work list's count (and approvals overdue): one query."""
    counts = candidates_visible_to(user).aggregate(
        **{key: Count("id", filter=condition) for key, condition in counting_conditions(today).items()}
    )
    return counts


def tabs(user, today: datetime.date, counts: dict | None = None) -> list[tuple[Worklist, int]]:
    """Every work list with its count, for the development pages' tabs and the home page."""
    counts = worklist_counts(user, today) if counts is None else counts
    return [(worklist, counts[key]) for key, worklist in WORKLISTS.items()]


def _approval_waiting(candidate: Candidate) -> tuple[str, datetime.date]:
    """Which approval a candidate waits for, and the day of the decision it approves."""
    if candidate.made_full and not candidate.full_approved:
        return _("full membership"), candidate.full_decided or candidate.made_full
    if candidate.approved and candidate.probation_extended_on and not candidate.extension_approved:
        return _("extension of the probation"), candidate.probation_extended_on
    return _("admission"), candidate.admitted


def with_due_dates(items, key: str, today: datetime.date) -> None:
    """Marks each row of a work list page with `due` (the date that matters) and `days_left`."""
    for item in items:
        candidate = item.candidate if key.startswith("notices") else item
        if key == "talks_overdue":
            item.due = rules.add_months(candidate.applied, rules.TALK_WITHIN_MONTHS)
        elif key == "assessments_due":
            item.due = rules.next_assessment(candidate, item.last_assessed)
        elif key == "activists_ready":
            item.due = rules.earliest_target(candidate.activist)
        elif key.startswith("notices"):
            item.due = item.decision_from
        elif key == "approvals_waiting":
            item.approval_of, decided = _approval_waiting(candidate)
            item.due = rules.approval_deadline(decided)
        else:
            item.due = rules.end_of_probation(candidate.admitted, candidate.probation_extension_months)
        item.days_left = (item.due - today).days


# --- figures by stage ---------------------------------------------------------------------------


def stage_counts_by_organization(
    user, today: datetime.date, *, with_worklists: bool = False
) -> dict[int, dict[str, int]]:
    """Per organization (its own candidates), the candidates by stage, those admitted and made
    full this year and (`with_worklists`) every work list's count: one grouped query."""
    worklist_counts = (
        {key: Count("id", filter=condition) for key, condition in counting_conditions(today).items()}
        if with_worklists
        else {}
    )
    counted = {
        **{stage.value: Count("id", filter=stage_q(stage)) for stage in Stage},
        "admitted_this_year": Count("id", filter=Q(admitted__year=today.year)),
        "made_full_this_year": Count("id", filter=Q(made_full__year=today.year)),
        **worklist_counts,
    }
    # Named apart from the fields ("activist", "target"), which the conditions filter on.
    rows = (
        candidates_visible_to(user)
        .order_by()
        .values("organization_id")
        .annotate(**{f"count_{key}": expression for key, expression in counted.items()})
    )
    return {
        row.pop("organization_id"): {key.removeprefix("count_"): value for key, value in row.items()} for row in rows
    }


FIGURE_KEYS = (*Stage.values, "admitted_this_year", "made_full_this_year", *WORKLISTS, "approvals_overdue")


def stage_totals(counts: dict[int, dict[str, int]]) -> dict[str, int]:
    totals = dict.fromkeys(FIGURE_KEYS, 0)
    for row in counts.values():
        for key, value in row.items():
            totals[key] = totals.get(key, 0) + value
    return totals


def development_figures(totals: dict[str, int]) -> dict[str, int]:
    """registry_stats --json's `development`: candidates not yet admitted, by their latest stage."""
    return {stage.value: totals.get(stage.value, 0) for stage in NOT_YET_ADMITTED}
