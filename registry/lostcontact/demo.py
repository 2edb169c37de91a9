"""The demo's lost contact and 停止党籍 (docs/lifecycle.md#lost-contact), counted from the day the demo
describes (`as_of`):

- the members the demo marks lost contact (fixtures/demo.py LOST_CONTACT, registered mobile members)
  each get a case — lost 14, 9 and 4 months ago, searched for month after month by phone, at the old
  address and through the home organization; the two lost 6 months or more are on the work list,
  and for the first we reported to the home organization (their membership is held there);
- one self-managed member was lost, searched for, suspended (停止党籍) after 7 months and restored
  (恢复党籍) on the day they registered here again: a departure and an arrival in the balance.

Written as rows (no member history: seed_demo's test holds exactly one per member), deterministic
and idempotent (nothing is written when a demo case exists).
"""

import datetime

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from fixtures import demo
from registry.development.rules import add_months
from registry.models import LostContactCase, LostContactSearch, Member, Movement

Kind = Movement.Kind
MARK = "演示：失联查找"  # the cases' notes: the demo's own
METHODS = ("电话联系，无法接通", "走访原居住地，已搬离", "函询流出地党组织，未复", "微信、短信联系，未回复")
OPEN_CASES = ((14, LostContactCase.Reason.WORK), (9, LostContactCase.Reason.MOVED), (4, LostContactCase.Reason.OTHER))


def _movement(member, kind, date, **extra) -> Movement:
    return Movement(
        member=member,
        kind=kind,
        date=date,
        organization_id=member.organization_id,
        registered_on=extra.pop("registered_on", member.registered_on),
        **extra,
    )


def _searches(case, start: datetime.date, end: datetime.date) -> list[LostContactSearch]:
    found, day, index = [], add_months(start, 1), 0
    while day <= end:
        found.append(LostContactSearch(case=case, date=day, method=METHODS[index % len(METHODS)], result="未找到"))
        day, index = add_months(day, 2), index + 1
    return found


@transaction.atomic
def load(as_of: datetime.date) -> int:
    """Loads the cases; returns the number of cases written (0 when present)."""
    if LostContactCase.objects.filter(notes=MARK).exists():
        return 0
    cases, searches, movements = [], [], []
    lost = list(Member.objects.filter(lost_contact=True).order_by("id_number")[: demo.LOST_CONTACT])
    for member, (months, reason) in zip(lost, OPEN_CASES, strict=False):
        lost_on = max(add_months(as_of, -months), member.registered_on)
        case = LostContactCase(member=member, lost_on=lost_on, reason=reason, notes=MARK)
        cases.append(case)
        searches.append((case, lost_on, as_of - datetime.timedelta(days=3)))
        movements.append(_movement(member, Kind.LOST_CONTACT, lost_on, reason="联系方式失效"))
        if months >= 12:
            reported = as_of - datetime.timedelta(days=20)
            movements.append(
                _movement(
                    member,
                    Kind.REPORTED_HOME,
                    reported,
                    other_side=member.origin_organization or "流出地党组织",
                    reason="失联六个月以上，经多方查找仍未取得联系",
                )
            )
    restored = _restored_member(as_of)
    if restored is not None:
        member, back = restored
        lost_on, suspended_on = add_months(back, -16), add_months(back, -9)
        earlier = add_months(lost_on, -60)
        case = LostContactCase(
            member=member,
            lost_on=lost_on,
            reason=LostContactCase.Reason.JOB_CHANGE,
            outcome=LostContactCase.Outcome.SUSPENDED,
            closed_on=suspended_on,
            notes=MARK,
        )
        cases.append(case)
        searches.append((case, lost_on, suspended_on))
        movements += [
            _movement(member, Kind.LOST_CONTACT, lost_on, registered_on=earlier, reason="工作变动后失去联系"),
            _movement(
                member,
                Kind.SUSPENDED,
                suspended_on,
                registered_on=earlier,
                departed_on=suspended_on,
                reason="失联六个月以上，经多方查找仍未取得联系，支部大会决定停止党籍",
            ),
            _movement(member, Kind.RESTORED, back, registered_on=back, reason="本人主动与党组织联系，恢复党籍"),
        ]
    bulk_create_with_history(cases, LostContactCase, default_change_reason=demo.REASON)
    made = []
    for case, start, end in searches:
        made += _searches(case, start, end)
    bulk_create_with_history(made, LostContactSearch, default_change_reason=demo.REASON)
    bulk_create_with_history(movements, Movement, default_change_reason=demo.REASON)
    return len(cases)


def _restored_member(as_of: datetime.date) -> tuple[Member, datetime.date] | None:
    """A self-managed full member with no other story, who registered here (again) this year at least a
    month ago and joined long before: their 登记时间 is the day their membership was restored."""
    start = max(datetime.date(as_of.year, 1, 1), as_of - datetime.timedelta(days=330))
    candidates = (
        Member.objects.filter(
            category=Member.Category.SELF_MANAGED,
            status=Member.Status.FULL,
            lost_contact=False,
            registered_on__gte=start,
            registered_on__lte=as_of - datetime.timedelta(days=30),
            movements__isnull=True,
        )
        .exclude(disciplines__isnull=False)
        .order_by("id_number")
    )
    for member in candidates:
        if member.joined and member.joined < add_months(member.registered_on, -80):
            return member, member.registered_on
    return None
