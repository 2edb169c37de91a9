"""A year of keeping in touch for the demo committee (fixtures/demo.py): designated contact persons,
contacts, six must-visits, committee visits to branches, service cases and activities, in the
year up to the day the demo describes (`as_of`, seed_demo --as-of).

Deterministic and idempotent like seed_demo: everything is drawn from a seeded generator over the
demo's members in ID-number order, and only records whose natural key is not there yet are
written (through the services, so with history). Members are never changed: article 000's
figures stay as they are.

The shape is meant to look like a real office's year: most members are reached every month or two
by phone or WeChat; about one in ten has drifted past 90 days and a few were never reached; the
three members already marked lost contact were last reached long ago. Holidays bring visits to old
members and families in hardship; a few illnesses and a bereavement are still awaiting a visit.
Committee members visit most branches once or twice a quarter, but not all. The ledger holds
disputes settled and money recovered, leases renewed, children placed in schools.
"""

import datetime
import random
from collections import Counter
from decimal import Decimal

from django.db import transaction

from branches.models import Enterprise, Organization
from fixtures import demo
from outreach.contacts import services
from outreach.contacts.quarters import Quarter
from outreach.contacts.selectors import VISITED_LEVELS
from outreach.models import (
    Activity,
    Attendance,
    BranchVisit,
    Contact,
    DesignatedContact,
    Occasion,
    ServiceCase,
    Visit,
    VisitOccasion,
)
from registry.models import Member

SEED = f"{demo.SEED}:outreach"

CHANNELS = (("phone", 45), ("wechat_qq", 30), ("meeting", 12), ("visit", 10), ("letter", 3))
CONTACT_NOTES = {
    "phone": (
        "电话联系，近况良好，工作稳定。",
        "电话询问党费交纳情况，已提醒按时交纳。",
        "电话通知参加支部主题党日活动。",
        "了解到本人近期回老家探亲，月底返京。",
        "电话核实务工地址，已更新。",
        "通话正常，无特殊困难。",
    ),
    "wechat_qq": (
        "微信群内转发学习材料，本人已回复。",
        "微信联系，告知组织关系转接注意事项。",
        "微信询问近况，表示一切正常。",
        "通过微信提醒参加线上学习。",
        "QQ群通知支部活动安排，已确认参加。",
    ),
    "meeting": ("参加支部组织生活会时面谈。", "在商会活动现场交流，了解企业经营情况。", "支部党员大会上谈心谈话。"),
    "visit": ("到店走访，了解经营困难。", "上门走访，家庭情况良好。", "到企业走访，与本人及负责人座谈。"),
    "letter": ("寄送学习资料及慰问信。", "书面通知年度党员大会时间。"),
}
COMMITTEE_VISITORS = (
    "林国栋（党委书记）",
    "陈建华（党委副书记）",
    "黄志明（党委委员）",
    "郑秀英（党委委员）",
    "吴振兴（党委委员）",
)
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
CASE_KINDS = (
    ("dispute", 14),
    ("legal_aid", 8),
    ("shop_lease", 8),
    ("schooling", 7),
    ("residence", 6),
    ("employment", 6),
    ("medical", 4),
    ("financing", 4),
    ("titles", 3),
    ("other", 2),
)
CASE_SUMMARIES = {
    "dispute": ("货款拖欠纠纷调解", "与合作方合同纠纷调解", "工程款结算纠纷调解", "商铺租赁押金纠纷调解"),
    "legal_aid": ("协助追讨被拖欠货款", "提供法律援助，维护合法权益", "协助处理劳务报酬追讨"),
    "shop_lease": ("协调市场商铺续租", "协调商铺租金调整", "协助办理商铺续租手续"),
    "schooling": ("协调子女入学", "协助办理子女借读手续", "协调子女转学"),
    "residence": ("协助办理居住证", "协助办理居住登记"),
    "employment": ("推荐就业岗位", "协助家属就业"),
    "medical": ("协调就医床位", "联系专家会诊"),
    "financing": ("协调银行贷款续贷", "对接融资担保"),
    "titles": ("协助申报专业技术职称",),
    "other": ("协助办理其他事项",),
}
ACTIVITY_PLAN = (  # (month, day, kind, title, organizer: "committee" | "general" | "branch", place)
    (11, 20, "lecture", "专家辅导讲座：学习贯彻全会精神", "committee", "北京福建企业总商会会议室"),
    (12, 18, "study_meeting", "年终组织生活会", "general", "各商会会议室"),
    (1, 16, "online_study", "“学习强国”线上专题学习", "committee", "线上"),
    (3, 5, "themed_party_day", "学雷锋志愿服务主题党日", "branch", "十里河社区"),
    (3, 26, "lecture", "民营经济政策解读讲座", "committee", "北京福建企业总商会会议室"),
    (4, 24, "study_trip", "赴香山革命纪念地参观学习", "committee", "香山革命纪念馆"),
    (5, 21, "themed_party_day", "“五四”青年党员主题党日", "branch", "各支部活动室"),
    (6, 30, "study_meeting", "庆祝建党105周年党员大会", "committee", "北京福建大厦礼堂"),
    (7, 17, "online_study", "党纪学习教育线上测试", "committee", "线上"),
    (8, 20, "contest", "党史知识竞赛", "general", "各商会会议室"),
    (9, 18, "study_trip", "赴西柏坡开展党性教育", "committee", "西柏坡纪念馆"),
    (10, 15, "lecture", "安全生产与合规经营讲座", "committee", "北京福建企业总商会会议室"),
)


def _weighted(rng, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights)[0]


def _day(rng, first, last):
    return first + datetime.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _demo_members(as_of: datetime.date) -> list[Member]:
    from registry.management.commands.seed_demo import build_plan

    numbers = [row["id_number"] for row in build_plan(as_of).members]
    return list(Member.objects.filter(id_number__in=numbers).select_related("organization").order_by("id_number"))


def _in_year(month: int, day: int, start: datetime.date, end: datetime.date) -> datetime.date:
    """The day of the year window start..end that falls on month/day (the later one if two do)."""
    later = datetime.date(end.year, month, day)
    return later if later <= end else datetime.date(end.year - 1, month, day)


@transaction.atomic
def load(as_of: datetime.date) -> Counter:
    """Creates the planned records that are not there yet; returns how many of each kind."""
    year = (as_of - datetime.timedelta(days=365), as_of)  # the year the demo describes: (start, end)
    rng = random.Random(SEED)
    created = Counter()
    members = _demo_members(as_of)
    if not members:
        return created
    organizations = {
        o.name: o for o in Organization.objects.filter(name__in=[spec.name for spec in demo.ORGANIZATIONS])
    }
    ordered = [organizations[spec.name] for spec in demo.ORGANIZATIONS if spec.name in organizations]
    designated = _designated_contacts(random.Random(f"{SEED}:designated"), ordered, created, year)
    _contacts(random.Random(f"{SEED}:contacts"), members, designated, created, year)
    _visits(random.Random(f"{SEED}:visits"), members, designated, created, year)
    _branch_visits(random.Random(f"{SEED}:branch-visits"), ordered, created, year)
    _cases(random.Random(f"{SEED}:cases"), members, ordered, created, year)
    _activities(random.Random(f"{SEED}:activities"), members, ordered, created, year)
    del rng
    return created


def _designated_contacts(rng, organizations, created, year) -> dict[int, str]:
    """One designated person per organization (two in the larger ones); returns organization id → a name."""
    start, end = year
    existing = {
        (p.organization_id, p.name): p for p in DesignatedContact.objects.filter(organization__in=organizations)
    }
    names: dict[int, str] = {}
    for organization in organizations:
        count = 2 if organization.level in (Organization.Level.COMMITTEE, Organization.Level.GENERAL_BRANCH) else 1
        for index in range(count):
            male = rng.random() < 0.6
            pool = demo.GIVEN_MALE if male else demo.GIVEN_FEMALE
            name = _weighted(rng, demo.SURNAMES) + rng.choice(pool) + rng.choice(pool)
            phone = rng.choice(demo.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            since = _day(rng, max(organization.established or start, datetime.date(2018, 1, 1)), start)
            names.setdefault(organization.pk, name)
            if (organization.pk, name) in existing:
                continue
            services.designated_contact_create(
                data={
                    "organization": organization,
                    "name": name,
                    "phone": phone,
                    "since": since,
                    "notes": "支部委员，负责流动党员日常联系" if index == 0 else "商会秘书处工作人员",
                },
                actor=None,
            )
            created["designated contacts"] += 1
    return names


def _made_by(designated, member) -> str:
    return designated.get(member.organization_id) or member.organization.secretary_name or "支部书记"


def _contacts(rng, members, designated, created, year) -> None:
    start, end = year
    planned = []
    for member in members:
        roll = rng.random()
        if member.lost_contact:  # reached long ago; the phone number no longer answers
            last = _day(rng, start, start + datetime.timedelta(days=60))
        elif roll < 0.03:
            continue  # never contacted: arrived recently, not yet reached
        elif roll < 0.13:  # drifted past 90 days
            last = _day(rng, start + datetime.timedelta(days=60), end - datetime.timedelta(days=95))
        else:
            last = _day(rng, end - datetime.timedelta(days=55), end - datetime.timedelta(days=1))
        day = last
        while day >= start:
            channel = _weighted(rng, CHANNELS)
            planned.append(
                Contact(
                    member=member,
                    date=day,
                    channel=channel,
                    made_by=_made_by(designated, member),
                    note=rng.choice(CONTACT_NOTES[channel]),
                )
            )
            day -= datetime.timedelta(days=rng.randint(30, 80))
    existing = set(Contact.objects.filter(member__in=members).values_list("member_id", "date", "channel"))
    missing = [c for c in planned if (c.member_id, c.date, c.channel) not in existing]
    if missing:
        services.contacts_bulk_create(contacts=missing)
        created["contacts"] += len(missing)


def _age(member, end) -> int:
    return end.year - member.birth_date.year if member.birth_date else 0


def _visits(rng, members, designated, created, year) -> None:
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
                "visitors": f"{_made_by(designated, member)}、{member.organization.secretary_name or '支部书记'}",
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
        holiday = _in_year(month, day, start, end)
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
            _day(rng, end - datetime.timedelta(days=20), end - datetime.timedelta(days=2))
            if open_still
            else _day(rng, start + datetime.timedelta(days=10), end - datetime.timedelta(days=30))
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


def _branch_visits(rng, organizations, created, year) -> None:
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
                day = _day(rng, first, last)
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


def _cases(rng, members, organizations, created, year) -> None:
    start, end = year
    committee = organizations[0]
    enterprises = list(Enterprise.objects.filter(name__in=[e.name for e in demo.ENTERPRISES]).order_by("name"))
    hosts = {}
    for organization in organizations:
        for enterprise in organization.host_enterprises.all():
            hosts.setdefault(enterprise.pk, organization)
    existing = set(
        ServiceCase.objects.filter(organization__in=organizations).values_list("organization_id", "opened", "summary")
    )
    for index in range(64):
        kind = _weighted(rng, CASE_KINDS)
        for_enterprise = rng.random() < 0.2 and enterprises
        member = None if for_enterprise else rng.choice(members)
        enterprise = (
            rng.choice(enterprises)
            if for_enterprise
            else (member.enterprise if member and rng.random() < 0.3 else None)
        )
        organization = member.organization if member else hosts.get(enterprise.pk, committee)
        opened = _day(rng, start, end - datetime.timedelta(days=3))
        still_open = opened > end - datetime.timedelta(days=40) and rng.random() < 0.6 or rng.random() < 0.04
        closed = None if still_open else min(opened + datetime.timedelta(days=rng.randint(3, 75)), end)
        outcome = "" if closed is None else _weighted(rng, (("resolved", 80), ("partly", 12), ("not_resolved", 8)))
        amount = Decimal(0)
        if kind in ("dispute", "legal_aid") and outcome in ("resolved", "partly"):
            amount = Decimal(rng.randrange(20, 900) * 1000)
        elif kind == "financing" and outcome == "resolved":
            amount = Decimal(rng.randrange(50, 500) * 1000)
        elif kind == "shop_lease" and outcome == "resolved":
            amount = Decimal(rng.randrange(5, 60) * 1000)
        people = rng.randint(5, 40) if for_enterprise else rng.choice((1, 1, 1, 2, 3))
        summary = rng.choice(CASE_SUMMARIES[kind])
        handled_by = rng.choice(COMMITTEE_VISITORS).split("（")[0]
        if (organization.pk, opened, summary) in existing:
            continue
        services.service_case_create(
            data={
                "kind": kind,
                "organization": organization,
                "member": member,
                "enterprise": enterprise,
                "summary": summary,
                "opened": opened,
                "closed": closed,
                "outcome": outcome,
                "amount": amount,
                "people_served": people,
                "outcome_note": {
                    "resolved": "已妥善解决。",
                    "partly": "部分解决，继续跟进。",
                    "not_resolved": "未能解决，已告知其他途径。",
                }.get(outcome, ""),
                "handled_by": handled_by,
            },
            actor=None,
        )
        existing.add((organization.pk, opened, summary))
        created["service cases"] += 1


def _activities(rng, members, organizations, created, year) -> None:
    start, end = year
    committee = organizations[0]
    generals = [o for o in organizations if o.level == Organization.Level.GENERAL_BRANCH]
    branches = [o for o in organizations if o.level in Organization.BRANCH_LEVELS]
    existing = {(a.organizer_id, a.date, a.title): a for a in Activity.objects.filter(organizer__in=organizations)}
    engaged = {m.pk: rng.random() for m in members}  # how keen each member is; ~10 % attend nothing
    for month, day, kind, title, level, place in ACTIVITY_PLAN:
        date = _in_year(month, day, start, end)
        organizers = {"committee": [committee], "general": generals, "branch": rng.sample(branches, 8)}[level]
        for organizer in organizers:
            activity = existing.get((organizer.pk, date, title))
            if activity is None:
                activity = services.activity_create(
                    data={
                        "kind": kind,
                        "title": title,
                        "date": date,
                        "organizer": organizer,
                        "place": place,
                    },
                    actor=None,
                )
                existing[(organizer.pk, date, title)] = activity
                created["activities"] += 1
            pool = [m for m in members if organizer.path and m.organization.path.startswith(organizer.path)]
            chance = 0.35 if level == "committee" else 0.7
            attendees = [m for m in pool if engaged[m.pk] > 0.1 and rng.random() < chance * (0.5 + engaged[m.pk])]
            if Attendance.objects.filter(activity=activity).exists():
                continue
            added = services.attendance_add(activity=activity, members=attendees, actor=None)
            created["attendances"] += len(added)
