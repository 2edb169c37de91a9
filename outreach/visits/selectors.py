"""Every read of the visits — the six must-visits (occasions on the to-do list, visits, counts per
occasion per quarter) and the committee's visits to branches — already scoped to the user through
`branches.access`. Figures are one grouped query each.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from branches import access, clock
from branches.models import Organization
from outreach import filtering
from outreach.models import BranchVisit, Occasion, Visit, VisitOccasion
from outreach.scope import member_scope
from outreach.visits.filters import VisitFilter
from outreach.visits.quarters import Quarter, quarters_of

# The organizations committee members visit 1–2 times a quarter [000]: general branches and
# branches of every kind (not the committee itself, not party groups inside a branch).
VISITED_LEVELS = (Organization.Level.GENERAL_BRANCH, *Organization.BRANCH_LEVELS)


# --- six must-visits ----------------------------------------------------------------------------


def open_occasions(user, organization: Organization | None = None) -> QuerySet[Occasion]:
    """The branches' to-do list: occasions that called for a visit and have none yet, oldest first."""
    occasions = Occasion.objects.filter(member_scope(user), visit__isnull=True)
    if organization is not None:
        occasions = occasions.filter(access.subtree_filter(organization, prefix="member__organization__"))
    return occasions.select_related("member", "member__organization").order_by("date", "pk")


def open_occasions_count(user) -> int:
    return open_occasions(user).count()


def visits_for(user) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(member_scope(user))
        .select_related("member", "member__organization")
        .order_by("-date", "-pk")
    )


def visit_list(user, params) -> tuple[VisitFilter, QuerySet[Visit]]:
    """The visits, narrowed to a quarter (`?quarter=2026-4`) and an occasion (`?kind=`)."""
    return filtering.filtered(VisitFilter(filtering.without_page(params) or None, queryset=visits_for(user)))


def visit_counts(user, year: int) -> list[dict]:
    """Per occasion, the visits of each quarter of `year` and the year's total: one query."""
    quarters = quarters_of(year)
    annotations = {f"q{q.number}": Count("pk", filter=Q(date__gte=q.first_day, date__lte=q.last_day)) for q in quarters}
    rows = {
        row["kind"]: row
        for row in Visit.objects.filter(member_scope(user), date__year=year)
        .values("kind")
        .annotate(**annotations)
        .order_by()
    }
    table = []
    for value, label in VisitOccasion.choices:
        row = rows.get(value, {})
        counts = [row.get(f"q{q.number}", 0) for q in quarters]
        table.append({"kind": value, "label": label, "counts": counts, "total": sum(counts)})
    return table


def visits_in_quarter(user, quarter: Quarter) -> QuerySet[Visit]:
    return Visit.objects.filter(member_scope(user), date__gte=quarter.first_day, date__lte=quarter.last_day)


# --- committee visits to branches ---------------------------------------------------------------


def visited_organizations(user) -> QuerySet[Organization]:
    return access.visible_organizations(user).filter(level__in=VISITED_LEVELS).order_by("path")


def is_visited_organization(user, value) -> bool:
    """Whether `value` (an id as posted) names an organization the committee visits, in the user's sight."""
    pk = filtering.id_from(value)
    return pk is not None and visited_organizations(user).filter(pk=pk).exists()


def branch_visits_for(user) -> QuerySet[BranchVisit]:
    return (
        BranchVisit.objects.filter(access.organization_scope(user))
        .select_related("organization", "recorded_by")
        .order_by("-date", "-pk")
    )


def branch_visits_in(user, year: int) -> QuerySet[BranchVisit]:
    return branch_visits_for(user).filter(date__year=year)


def branch_visit_grid(user, year: int, on: datetime.date | None = None) -> dict:
    """Branches × quarters of `year`: the number of committee visits in each cell; a cell of a
    quarter that has begun with no visit is marked (the article asks for 1–2 a quarter). Two queries."""
    on = on or clock.today()
    quarters = quarters_of(year)
    organizations = list(visited_organizations(user))
    annotations = {f"q{q.number}": Count("pk", filter=Q(date__gte=q.first_day, date__lte=q.last_day)) for q in quarters}
    counts = {
        row["organization_id"]: row
        for row in BranchVisit.objects.filter(organization__in=[o.pk for o in organizations], date__year=year)
        .values("organization_id")
        .annotate(**annotations)
        .order_by()
    }
    begun = [q.first_day <= on for q in quarters]
    # Each cell's label on a phone (the column's heading), translated once a quarter, not once a cell.
    labels = [_("Q%(number)s") % {"number": q.number} for q in quarters]
    top_depth = min((o.depth for o in organizations), default=0)
    rows, missing = [], [0, 0, 0, 0]
    for organization in organizations:
        row = counts.get(organization.pk, {})
        cells = []
        for index, quarter in enumerate(quarters):
            count = row.get(f"q{quarter.number}", 0)
            below = begun[index] and count < 1
            missing[index] += below
            cells.append(
                {
                    "quarter": quarter,
                    "quarter_label": labels[index],
                    "count": count,
                    "below": below,
                    "begun": begun[index],
                }
            )
        rows.append({"organization": organization, "cells": cells, "indent": organization.depth - top_depth})
    return {"year": year, "quarters": quarters, "rows": rows, "missing": missing, "begun": begun}


def organizations_without_branch_visit(user, quarter: Quarter) -> QuerySet[Organization]:
    visited = BranchVisit.objects.filter(
        organization=OuterRef("pk"), date__gte=quarter.first_day, date__lte=quarter.last_day
    )
    return visited_organizations(user).exclude(Exists(visited))
