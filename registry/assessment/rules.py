"""The rules of the yearly assessment of branches (党建考评; ORGLIFE.md §4, docs/assessment.md), as
pure functions of what they are handed: the items a scheme may hold and their weights, the day a year
is assessed as of, an item's score from its counts, the grade of a total and the ranking.

Article 001: the committee assesses its branches every year under a scheme of its own (《2016年江西省驻京
机构党建工作考评办法》). The items and the grades are settings (REGISTRY_ASSESSMENT_ITEMS,
REGISTRY_ASSESSMENT_GRADES) with the defaults of ORGLIFE.md §4: 好 ≥ 90, 较好 ≥ 80, 一般 ≥ 60, 差 below.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import rooms

# The registry's own items. COMPUTED are read from its records (registry/assessment/scoring.py); the
# rooms above the registry compute theirs from their own records and declare them in their Room
# (`assessment_items`: outreach's contacts and certificates) — the registry never imports them. Every
# other item (work: the committee's own judgement of the year's work) is scored by hand.
ITEM_LABELS = {
    "six_knowns": gettext_lazy("Six knowns complete"),
    "meetings": gettext_lazy("Meetings held as owed"),
    "dues": gettext_lazy("Dues paid up"),
    "participation": gettext_lazy("Organizational life within six months"),
    "term": gettext_lazy("Committee term not over"),
    "development": gettext_lazy("Development steps on time"),
    "work": gettext_lazy("The year's work"),
}
COMPUTED = ("six_knowns", "meetings", "dues", "participation", "term", "development")
TENTH = Decimal("0.1")
HUNDRED = 100


def item_label(key: str):
    """An item's name: a known item's (the registry's or a room's), or the key itself for one a
    locality added in its settings."""
    room_item = rooms.assessment_items().get(key)
    return room_item.label if room_item is not None else ITEM_LABELS.get(key, key)


def is_computed(key: str) -> bool:
    """Computed from the records — the registry's or a room's (`Room.assessment_items`); else by hand."""
    return key in COMPUTED or key in rooms.assessment_items()


def default_items() -> list[dict]:
    """A new year's items: settings.REGISTRY_ASSESSMENT_ITEMS."""
    return [{"key": key, "weight": weight} for key, weight in settings.REGISTRY_ASSESSMENT_ITEMS]


def grades() -> list[tuple[str, int]]:
    """(grade, lowest total) best first (settings.REGISTRY_ASSESSMENT_GRADES)."""
    return sorted(settings.REGISTRY_ASSESSMENT_GRADES, key=lambda grade: -grade[1])


def grade_names() -> list[str]:
    return [name for name, _minimum in grades()]


def grade_for(total: Decimal) -> str:
    """The grade of a total: the best whose lowest total it reaches; the last grade below them all."""
    bands = grades()
    for name, minimum in bands:
        if total >= minimum:
            return name
    return bands[-1][0]


def as_of_for(year: int, today: datetime.date) -> datetime.date:
    """The day a year is assessed as of (ORGLIFE.md §4, "as of the year's end"): 31 December, or today
    while the year runs."""
    return min(datetime.date(year, 12, 31), today)


def share_score(weight: int, good: int, total: int) -> Decimal:
    """The weight times the share of good among total, to a tenth; the whole weight when there is
    nothing to count (a branch owes nothing of the kind)."""
    if total <= 0:
        return Decimal(weight).quantize(TENTH)
    return (Decimal(weight) * Decimal(good) / Decimal(total)).quantize(TENTH, rounding=ROUND_HALF_UP)


def weights_refusal(items: list[dict]) -> str | None:
    """Why a scheme's items cannot be kept: a weight that is not a whole number from 0 to 100, an item
    named twice, or weights that do not add up to 100; None when they can."""
    keys = [item["key"] for item in items]
    if len(set(keys)) != len(keys):
        return _("An item is named twice.")
    weights = [item["weight"] for item in items]
    if any(not isinstance(weight, int) or weight < 0 or weight > HUNDRED for weight in weights):
        return _("Each weight is a whole number from 0 to 100.")
    if sum(weights) != HUNDRED:
        return _("The weights add up to %(sum)s; they must add up to 100.") % {"sum": sum(weights)}
    return None


def hand_score_refusal(score: Decimal | None, weight: int) -> str | None:
    """A hand score is from 0 to the item's weight."""
    if score is None or score < 0 or score > weight:
        return _("A score for this item is from 0 to %(weight)s.") % {"weight": weight}
    return None


def ranks(totals: list[Decimal]) -> list[int]:
    """The rank of each total, best first, equal totals sharing a rank (1, 2, 2, 4)."""
    ordered = sorted(totals, reverse=True)
    first = {}
    for index, total in enumerate(ordered, start=1):
        first.setdefault(total, index)
    return [first[total] for total in totals]
