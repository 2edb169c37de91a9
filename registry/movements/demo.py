"""A year of movements for the demo committee (seed_demo): the 414 members of article 000 still
stand as the roster now; the year's balance shows how the year got there.

- every member gets a 登记时间 (registered_on): most before this year, some during it (arrivals);
- a few self-managed members flowed out and came back, were transferred in, or hold a transfer-out
  letter still waiting for its receipt (one of them expired);
- extra records are former members who left in the last two years (transfer out with receipt, left
  the area, died, removed, probation cancelled), in small branches; those removed (除名) were
  self-managed: only a membership held here is ended here (docs/lifecycle.md#left-the-party).

Deterministic and idempotent: the same rows on every run, nothing written the second time. The
demo writes no member history rows (seed_demo's test holds exactly one per member of the 414): the
former members' records and the 登记时间 are written as data, their events as movements.
"""

import datetime
import random

from django.db import transaction
from django.db.models import Count
from simple_history.utils import bulk_create_with_history

from fixtures import demo
from registry.idnumbers import id_check_character
from registry.models import Member, Movement

Kind = Movement.Kind
FORMER_COUNT = 18
SEED = 20261101


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def registered_on(row: dict, now: datetime.date) -> datetime.date:
    """The 登记时间 of a planned member (seed_demo's row: id_number, joined, left_home): about one
    in twelve came onto the roster this year; the others in the years before. Given to the member
    when it is created, so that its first history row already holds it."""
    rng = random.Random(f"{SEED}-{row['id_number']}")
    earliest = max(row.get("joined") or datetime.date(2012, 1, 1), datetime.date(2012, 1, 1))
    if row.get("left_home"):
        earliest = max(earliest, row["left_home"])
    this_year = datetime.date(now.year, 1, 1)
    if rng.random() < 1 / 12 and earliest < now:
        start = max(earliest, this_year)
        return _date_between(rng, start, max(now - datetime.timedelta(days=30), start))
    return _date_between(rng, earliest, min(this_year - datetime.timedelta(days=1), now))


def _movement(member, kind, date, **extra) -> Movement:
    movement = Movement(
        member=member,
        kind=kind,
        date=date,
        organization_id=member.organization_id,
        registered_on=member.registered_on,
        **extra,
    )
    if kind == Kind.TRANSFER_OUT and movement.valid_days:
        movement.expires_on = date + datetime.timedelta(days=movement.valid_days)
    return movement


def _former_members(now: datetime.date, taken: set[str]) -> list[tuple[Member, Movement]]:
    rng = random.Random(SEED)
    sizes = dict(Member.objects.values_list("organization_id").annotate(n=Count("id")).order_by())
    small = sorted(pk for pk, size in sizes.items() if size <= 30)
    plan = (
        [Kind.TRANSFER_OUT] * 6
        + [Kind.LEFT_AREA] * 6
        + [Kind.DIED] * 2
        + [Kind.REMOVED] * 2
        + [Kind.PROBATION_CANCELLED] * 2
    )
    pairs = []
    for index, kind in enumerate(plan[:FORMER_COUNT]):
        male = index % 3 != 0
        surname = rng.choice([name for name, _weight in demo.SURNAMES])
        given = "".join(rng.choice(demo.GIVEN_MALE if male else demo.GIVEN_FEMALE) for _ in range(rng.choice((1, 2))))
        birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(12000))
        while True:
            county = rng.choice(("102", "103", "111", "121", "181"))
            first17 = f"350{county}{birth:%Y%m%d}{rng.randrange(100):02d}{rng.randrange(5) * 2 + (1 if male else 0)}"
            number = first17 + id_check_character(first17)
            if number not in taken:
                taken.add(number)
                break
        left = _date_between(rng, datetime.date(now.year - 1, 1, 15), now - datetime.timedelta(days=10))
        if kind == Kind.REMOVED:
            # 除名 whose kind is still to be said (a work list) is an old record: last year's, so that this
            # year's statistics (T10, which needs the kind) hold on the demo (docs/statistics.md#demo).
            left = min(left, datetime.date(now.year - 1, 12, 31))
        registered = _date_between(rng, datetime.date(2015, 1, 1), left - datetime.timedelta(days=200))
        probationary = kind == Kind.PROBATION_CANCELLED
        joined = registered if probationary else _date_between(rng, birth + datetime.timedelta(days=7310), registered)
        made_full = joined + datetime.timedelta(days=366)
        # A self-managed member does not leave the area (the movement rules refuse it: left_area_self_managed).
        self_managed = kind in (Kind.TRANSFER_OUT, Kind.PROBATION_CANCELLED, Kind.REMOVED) or (
            index % 2 and kind != Kind.LEFT_AREA
        )
        member = Member(
            name=surname + given,
            id_number=number,
            gender="male" if male else "female",
            birth_date=birth,
            joined=joined,
            made_full=made_full if not probationary and made_full <= left else None,
            status=Member.Status.FULL,
            category=Member.Category.SELF_MANAGED if self_managed else Member.Category.REGISTERED_MOBILE,
            organization_id=small[index % len(small)],
            registered_on=registered,
            left_on=left,
            left_as=kind,
            origin_address="福建省福州市" if not self_managed else "",
            phone="",
        )
        if member.made_full is None and not probationary:
            member.status = Member.Status.PROBATIONARY
        extra = {}
        date = left
        if kind == Kind.TRANSFER_OUT:
            date = left - datetime.timedelta(days=rng.randrange(5, 25))
            extra = {
                "letter_number": f"DEMO-ZC-{now.year - 1}-{index + 1:03d}",
                "valid_days": 30,
                "receipt_on": left,
                "other_side": rng.choice(
                    ("中共福建省福州市某街道工作委员会", "中共厦门市某企业委员会", "中共泉州市某镇委员会")
                ),
            }
        elif kind == Kind.LEFT_AREA:
            extra = {"other_side": rng.choice(("福建省福州市", "福建省莆田市", "福建省宁德市")), "reason": "返乡"}
        elif kind == Kind.REMOVED:
            extra = {"reason": "连续六个月不交党费，支部大会决定"}
        pairs.append((member, extra, date, left))
    return pairs


@transaction.atomic
def seed(now: datetime.date) -> int:
    """Loads the year of movements; returns the number of movements written (0 when present)."""
    if Movement.objects.filter(letter_number__startswith="DEMO-").exists():
        return 0
    members = list(Member.objects.order_by("id_number"))

    rng = random.Random(SEED + 1)
    own = [
        m
        for m in members
        if m.category == Member.Category.SELF_MANAGED and m.registered_on < now - datetime.timedelta(days=500)
    ]
    rng.shuffle(own)
    movements = []
    for member in own[:4]:  # went to work elsewhere and came back
        out = _date_between(rng, now - datetime.timedelta(days=480), now - datetime.timedelta(days=245))
        back = min(out + datetime.timedelta(days=rng.randrange(200, 240)), now - datetime.timedelta(days=5))
        movements.append(
            _movement(
                member,
                Kind.FLOW_OUT,
                out,
                other_side=rng.choice(("广东省深圳市", "上海市", "浙江省杭州市")),
                certificate_number=f"DEMO-LDZ-{member.id_number[-4:]}",
                reason="务工",
            )
        )
        movements.append(_movement(member, Kind.RETURN, back, reason="返京"))
    for index, member in enumerate(own[4:7]):  # membership transferred here this year
        # this year, so that this year's balance shows them (on 1 January: that day)
        day = _date_between(
            rng,
            max(datetime.date(now.year, 1, 1), now - datetime.timedelta(days=300)),
            max(now - datetime.timedelta(days=20 if index else 10), datetime.date(now.year, 1, 1)),
        )
        movements.append(
            _movement(
                member,
                Kind.TRANSFER_IN,
                day,
                other_side="中共福建省某县委员会",
                letter_number=f"DEMO-JS-{now.year}-{index + 1:03d}",
                receipt_on=None if index == 0 else day + datetime.timedelta(days=7),
            )
        )
    for index, member in enumerate(own[7:9]):  # letters out, waiting for the receipt (the first expired)
        day = now - datetime.timedelta(days=45 if index == 0 else 12)
        movements.append(
            _movement(
                member,
                Kind.TRANSFER_OUT,
                day,
                other_side="中共上海市某企业委员会",
                letter_number=f"DEMO-ZC-{now.year}-{index + 1:03d}",
                valid_days=30,
                dues_paid_through=member.dues_paid_through,
                reason="工作调动",
            )
        )

    taken = set(Member.all_members.values_list("id_number", flat=True))
    former = _former_members(now, taken)
    Member.all_members.bulk_create([member for member, *_rest in former])
    saved = {
        member.id_number: member
        for member in Member.all_members.filter(id_number__in=[m.id_number for m, *_ in former])
    }
    for member, extra, date, left in former:
        member = saved[member.id_number]
        movements.append(_movement(member, member.left_as, date, departed_on=left, **extra))
    bulk_create_with_history(movements, Movement, batch_size=500, default_change_reason=demo.REASON)
    return len(movements)
