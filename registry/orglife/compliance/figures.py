"""The figures of organizational life (issue 23 §6): meetings held this year by kind, organizations
behind by kind, members without organizational life for six months — on the home page, each a link
to the list of exactly what it counts, and in `registry_stats --json` as "organizational_life" (with
the annual appraisal's figures, registry/appraisal/figures.py)."""

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from branches import access
from registry.appraisal.figures import appraisal_figures
from registry.models import GatheringKind
from registry.orglife.compliance import participation, rules, selectors

Kind = GatheringKind.Kind
# The kinds counted by "meetings_this_year" (a contract with registry_stats' readers): the seven of
# ORGLIFE.md §1's table that branches hold, not the committee's leadership meeting.
COUNTED_KINDS = (
    Kind.GENERAL_MEETING,
    Kind.COMMITTEE_MEETING,
    Kind.GROUP_MEETING,
    Kind.LECTURE,
    Kind.PARTY_DAY,
    Kind.LIFE_MEETING,
    Kind.TALK,
)


def meetings_held(user=None, *, year: int, through: datetime.date | None = None) -> dict[str, int]:
    """Per kind of COUNTED_KINDS, the gatherings of that kind in `year` (up to `through` when given),
    of the whole registry (user None) or of the organizations the user sees — what the meeting list
    shows for `?kind=…&year=…`. One query."""
    rows = GatheringKind.objects.filter(kind__in=COUNTED_KINDS, gathering__date__year=year)
    if through is not None:
        rows = rows.filter(gathering__date__lte=through)
    if user is not None:
        rows = rows.filter(access.organization_scope(user, prefix="gathering__organization__"))
    counts = dict(rows.order_by().values("kind").annotate(count=Count("pk")).values_list("kind", "count"))
    return {kind: counts.get(kind, 0) for kind in COUNTED_KINDS}


def organizational_life(as_of: datetime.date, _year=None) -> dict:
    """registry_stats --json's "organizational_life": meetings this year (1 January to `as_of`), the
    organizations behind in each kind's last completed period before `as_of`, the members without
    organizational life for more than six calendar months before it, and the appraisal by year."""
    return {
        "organizational_life": {
            "meetings_this_year": meetings_held(year=as_of.year, through=as_of),
            "behind": selectors.behind_counts(as_of),
            "without_6_months": participation.without_life_count(as_of),
            "appraisal": appraisal_figures(as_of),
        }
    }


def home_figures(user, today: datetime.date) -> dict:
    """The home page's three groups of figures for what the user sees, each figure with the link to
    the list that shows exactly its count. Three queries."""
    meetings = meetings_held(user, year=today.year)
    behind = selectors.behind_counts(today, user=user)
    without = participation.without_life_count(today, user=user)
    meeting_list, behind_list = reverse("registry:meeting_list"), reverse("registry:meeting_behind")
    return {
        "year": today.year,
        "meetings": [
            {
                "key": f"meetings_{kind}",
                "label": _("%(kind)s held in %(year)s") % {"kind": Kind(kind).label, "year": today.year},
                "value": meetings[kind],
                "url": f"{meeting_list}?{urlencode({'kind': kind, 'year': today.year})}",
            }
            for kind in COUNTED_KINDS
        ],
        "behind": [
            {
                "key": f"behind_{kind}",
                "label": _("Organizations behind on the %(kind)s") % {"kind": Kind(kind).label},
                "value": behind[kind],
                "url": f"{behind_list}?{urlencode({'kind': kind})}",
                "note": rules.last_completed(today, rules.frequency_of(kind)).label,
            }
            for kind in rules.BEHIND_KINDS
        ],
        "without": {"value": without, "url": reverse("registry:meeting_without_life"), "months": rules.WITHOUT_MONTHS},
        "alert_keys": [f"behind_{kind}" for kind in rules.BEHIND_KINDS if behind[kind]],
    }
