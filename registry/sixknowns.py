"""The six knowns (六个掌握), defined once.

docs/domain.md#six-knowns: for every mobile member the registry must know when they left home, where they work,
where they came from, what they do, how to reach them, and their dues status. A record is
complete when all six are known. They apply to members who are not self-managed.

Each known names the member fields that can answer it; it is known when any of them holds a
value. The sixth, dues status, is known when the member's dues ledger has at least one entry
(docs/lifecycle.md#months-unpaid): `dues_paid_through` is the ledger's latest month, kept on the
member by registry.dues.services alone, so "holds a value" and "has an entry" are the same
condition — read here without a join. The queryset annotation (`annotate_six_knowns`) and the model method
(`Member.six_knowns_missing`) are both derived from SIX_KNOWNS, so they cannot disagree.
"""

from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.db.models import BooleanField, Case, ExpressionWrapper, IntegerField, Q, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DATE_FIELDS = {"left_home", "dues_paid_through"}


@dataclass(frozen=True)
class Known:
    key: str
    label: Promise
    fields: tuple[str, ...]

    def q(self) -> Q:
        """The condition under which the database holds this known."""
        parts = [
            Q(**{f"{field}__isnull": False})
            if field in DATE_FIELDS
            else (~Q(**{field: ""}) & Q(**{f"{field}__isnull": False}))
            for field in self.fields
        ]
        return reduce(or_, parts)

    def is_known(self, member) -> bool:
        """The same condition, on a member in memory."""
        for field in self.fields:
            value = getattr(member, field)
            if field in DATE_FIELDS:
                if value is not None:
                    return True
            elif value:
                return True
        return False


SIX_KNOWNS: tuple[Known, ...] = (
    Known("left_home", _("when they left home"), ("left_home",)),
    Known("work_address", _("where they work"), ("work_address",)),
    Known("origin", _("where they came from"), ("origin_address", "origin_organization")),
    Known("occupation", _("what they do"), ("occupation",)),
    Known("phone", _("how to reach them"), ("phone",)),
    Known("dues", _("dues status"), ("dues_paid_through",)),
)

# Self-managed members' membership is held here; the six knowns are about mobile members — and
# about our own members who flowed out (docs/lifecycle.md#events).
APPLICABLE = ~Q(category="self_managed") | Q(flowed_out=True)
COMPLETE = reduce(and_, (known.q() for known in SIX_KNOWNS))
# Applicable and complete: the figures' "complete", the roster's filter. Stored on the member as
# `Member.six_knowns_met`, a column the database computes from this condition on every write;
# counting and filtering read the column (`MET`): one test a row instead of eleven.
MET_CONDITION = APPLICABLE & COMPLETE
MET = Q(six_knowns_met=True)


def annotate_six_knowns(queryset):
    """Adds `six_knowns_count` (0–6) and `six_knowns_complete` (bool) to a Member queryset."""
    count = sum(
        (Case(When(known.q(), then=Value(1)), default=Value(0), output_field=IntegerField()) for known in SIX_KNOWNS),
        Value(0),
    )
    return queryset.annotate(
        six_knowns_count=count,
        six_knowns_complete=ExpressionWrapper(COMPLETE, output_field=BooleanField()),
    )


def missing_knowns(member) -> list[Known]:
    return [known for known in SIX_KNOWNS if not known.is_known(member)]
