"""The appraisal's figures for `registry_stats --json` ("organizational_life"."appraisal", issue 23
§6): per year appraised, how many members were graded each grade and how many took part without
a grade (probationary members, or a round not decided yet). The whole registry's, former members'
results included (a result is history: the year's figure does not change when someone leaves).
Each figure is the results list filtered by that year and grade (`?year=2025&grade=excellent`,
`grade=not_graded`)."""

import datetime

from django.db.models import Count

from registry.appraisal import rules
from registry.models import AppraisalResult

FIGURE_KEYS = (*rules.GRADES, rules.NOT_GRADED)


def appraisal_figures(as_of: datetime.date) -> dict[str, dict[str, int]]:
    """{"2025": {"excellent": n, "qualified": n, "basically_qualified": n, "unqualified": n,
    "not_graded": n}, …} for every year up to `as_of`'s that has a result, the earliest first (one query)."""
    rows = (
        AppraisalResult.objects.filter(appraisal_round__year__lte=as_of.year)
        .values("appraisal_round__year", "grade")
        .annotate(count=Count("pk"))
        .order_by("appraisal_round__year", "grade")
    )
    figures: dict[str, dict[str, int]] = {}
    for row in rows:
        by_grade = figures.setdefault(str(row["appraisal_round__year"]), dict.fromkeys(FIGURE_KEYS, 0))
        by_grade[row["grade"] or rules.NOT_GRADED] += row["count"]
    return figures
