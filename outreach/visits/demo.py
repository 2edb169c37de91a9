"""The demo year's visits: old members visited before the holidays, families in hardship, illnesses,
a disaster and bereavements answered within days (a few recent ones still awaiting a visit); the
committee visiting most branches once or twice a quarter, but not all. Loaded by
outreach/contacts/demo.py, each part from its own seeded generator."""

import datetime
from decimal import Decimal

from outreach.demo import COMMITTEE_VISITORS, day_between, in_year, made_by
from outreach.models import BranchVisit, Occasion, Visit, VisitOccasion
from outreach.visits import services
from outreach.visits.quarters import Quarter
from outreach.visits.selectors import VISITED_LEVELS

DISCUSSED = (
    "听取支部工作汇报，督促落实“三会一课”，研究流动党员联系工作。",
    "检查党员台账和“六个掌握”情况，指导补齐缺项信息。",
    "与支部委员座谈，了解会员企业经营困难和党员诉求。",
    "指导支部开展主题党日活动，部署党费收缴工作。",
    "调研联合党支部组织生活开展情况，协调活动场地。",
    "宣讲上级会议精神，布置下季度学习计划。",
)
HOLIDAYS = (  # (month, day, what the visit was for): each on its latest day within the demo's year
    (2, 10, "春节前走访慰问"),
    (6, 29, "“七一”走访慰问老党员"),
    (9, 22, "中秋节走访慰问"),
    (10, 18, "重阳节走访慰问老党员"),
)
ILLNESS_NOTES = ("因病住院治疗", "突发疾病入院", "手术后在家休养", "慢性病复发住院")


def _age(member, end) -> int:
    return end.year - member.birth_date.year if member.birth_date else 0


def load_visits(rng, members, designated, created, year) -> None:
    start, end = year
    existing_occasions = {(o.member_id, o.kind, o.date): o for o in Occasion.objects.filter(member__in=members)}
    existing_visits = set(Visit.objects.filter(member__in=members).values_list("member_id", "kind", "date"))

    def visit(member, kind, day, help_given="", amount=None, occasion=None, note=""):
        if (member.pk, kind, day) in existing_visits:
            return
        services.visit_create(
            member=member,
            data={
                "kind": kind,
                "date": day,
                "occasion": occasion,
                "note": note,
                "help_given": help_given,
                "help_amount": amount,
                "visitors": f"{made_by(designated, member)}、{member.organization.secretary_name or '支部书记'}",
            },
            actor=None,
        )
        existing_visits.add((member.pk, kind, day))
        created["visits"] += 1

    def occasion(member, kind, day, note):
        found = existing_occasions.get((member.pk, kind, day))
        if found is None:
            found = services.occasion_create(member=member, data={"kind": kind, "date": day, "note": note}, actor=None)
            existing_occasions[(member.pk, kind, day)] = found
            created["occasions"] += 1
        return found

    old = [m for m in members if _age(m, end) >= 60]
    hardship = rng.sample(members, 8)
    for month, day, purpose in HOLIDAYS:
        holiday = in_year(month, day, start, end)
        for member in old:
            visit(
                member,
                VisitOccasion.OLD_MEMBER,
                holiday - datetime.timedelta(days=rng.randint(0, 6)),
                "慰问品",
                Decimal(rng.choice((300, 500))),
                note=purpose,
            )
        for member in hardship[:5] if "重阳" not in purpose else ():
            visit(
                member,
                VisitOccasion.MAJOR_HOLIDAY,
                holiday - datetime.timedelta(days=rng.randint(0, 6)),
                "慰问金",
                Decimal(rng.choice((500, 800, 1000))),
                note=purpose,
            )
    # Occasions that called for a visit: most answered within days, a few recent ones still open.
    happenings = (
        [(VisitOccasion.ILLNESS, rng.choice(ILLNESS_NOTES)) for _ in range(12)]
        + [(VisitOccasion.DISASTER, "店铺遭遇火灾"), (VisitOccasion.DISASTER, "交通事故受伤")]
        + [(VisitOccasion.BEREAVEMENT, "直系亲属病故") for _ in range(3)]
        + [(VisitOccasion.HARDSHIP, "经营困难，生活拮据") for _ in range(3)]
    )
    for index, (kind, note) in enumerate(happenings):
        member = rng.choice(members)
        open_still = index in (0, 1, 12 + 2)  # two illnesses and a bereavement await a visit
        day = (
            day_between(rng, end - datetime.timedelta(days=20), end - datetime.timedelta(days=2))
            if open_still
            else day_between(rng, start + datetime.timedelta(days=10), end - datetime.timedelta(days=30))
        )
        visited_after = rng.randint(1, 7)
        recorded = occasion(member, kind, day, note)
        if not open_still and not Visit.objects.filter(occasion=recorded).exists():
            help_given, amount = {
                VisitOccasion.ILLNESS: ("慰问金、水果", Decimal(1000)),
                VisitOccasion.DISASTER: ("困难补助", Decimal(3000)),
                VisitOccasion.BEREAVEMENT: ("慰问金", Decimal(1000)),
                VisitOccasion.HARDSHIP: ("困难补助", Decimal(2000)),
            }[kind]
            visit(member, kind, day + datetime.timedelta(days=visited_after), help_given, amount, occasion=recorded)


def load_branch_visits(rng, organizations, created, year) -> None:
    start, end = year
    visited = [o for o in organizations if o.level in VISITED_LEVELS]
    existing = set(BranchVisit.objects.filter(organization__in=visited).values_list("organization_id", "date"))
    quarters = [Quarter.of(start)]
    while quarters[-1].last_day < end:
        following = quarters[-1].last_day + datetime.timedelta(days=1)
        quarters.append(Quarter.of(following))
    for organization in visited:
        for quarter in quarters:
            first, last = max(quarter.first_day, start), min(quarter.last_day, end)
            in_progress = quarter.last_day > end
            roll = rng.random()
            if roll < (0.5 if in_progress else 0.09):
                continue  # no visit this quarter (yet)
            count = 1 if in_progress or roll < 0.7 else 2
            for _ in range(count):
                # Every value is drawn before looking at the database, so a second run draws the same.
                day = day_between(rng, first, last)
                visitors, discussed = "、".join(rng.sample(COMMITTEE_VISITORS, 2)), rng.choice(DISCUSSED)
                if (organization.pk, day) in existing:
                    continue
                services.branch_visit_create(
                    data={
                        "organization": organization,
                        "date": day,
                        "visitors": visitors,
                        "discussed": discussed,
                    },
                    actor=None,
                )
                existing.add((organization.pk, day))
                created["branch visits"] += 1
