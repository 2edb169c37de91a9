"""A year of keeping in touch for the demo committee (fixtures/demo.py): designated contact persons,
contacts, six must-visits, committee visits to branches, service cases and activities, in the
year up to the day the demo describes (`as_of`, seed_demo --as-of).
This module holds the contacts and loads the other rooms' parts (outreach/visits/demo.py,
outreach/cases/demo.py, outreach/activities/demo.py) in order, each from its own seeded generator.

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

from django.db import transaction

from branches.models import Organization
from fixtures import demo
from outreach.activities import demo as activity_demo
from outreach.cases import demo as case_demo
from outreach.contacts import services
from outreach.demo import SEED, day_between, demo_members, demo_organizations, made_by, weighted
from outreach.models import Contact, DesignatedContact
from outreach.visits import demo as visit_demo

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


@transaction.atomic
def load(as_of: datetime.date) -> Counter:
    """Creates the planned records that are not there yet; returns how many of each kind."""
    year = (as_of - datetime.timedelta(days=365), as_of)  # the year the demo describes: (start, end)
    created = Counter()
    members = demo_members(as_of)
    if not members:
        return created
    ordered = demo_organizations()
    designated = _designated_contacts(random.Random(f"{SEED}:designated"), ordered, created, year)
    _contacts(random.Random(f"{SEED}:contacts"), members, designated, created, year)
    visit_demo.load_visits(random.Random(f"{SEED}:visits"), members, designated, created, year)
    visit_demo.load_branch_visits(random.Random(f"{SEED}:branch-visits"), ordered, created, year)
    case_demo.load_cases(random.Random(f"{SEED}:cases"), members, ordered, created, year)
    activity_demo.load_activities(random.Random(f"{SEED}:activities"), members, ordered, created, year)
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
            name = weighted(rng, demo.SURNAMES) + rng.choice(pool) + rng.choice(pool)
            phone = rng.choice(demo.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            since = day_between(rng, max(organization.established or start, datetime.date(2018, 1, 1)), start)
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


def _contacts(rng, members, designated, created, year) -> None:
    start, end = year
    planned = []
    for member in members:
        roll = rng.random()
        if member.lost_contact:  # reached long ago; the phone number no longer answers
            last = day_between(rng, start, start + datetime.timedelta(days=60))
        elif roll < 0.03:
            continue  # never contacted: arrived recently, not yet reached
        elif roll < 0.13:  # drifted past 90 days
            last = day_between(rng, start + datetime.timedelta(days=60), end - datetime.timedelta(days=95))
        else:
            last = day_between(rng, end - datetime.timedelta(days=55), end - datetime.timedelta(days=1))
        day = last
        while day >= start:
            channel = weighted(rng, CHANNELS)
            planned.append(
                Contact(
                    member=member,
                    date=day,
                    channel=channel,
                    made_by=made_by(designated, member),
                    note=rng.choice(CONTACT_NOTES[channel]),
                )
            )
            day -= datetime.timedelta(days=rng.randint(30, 80))
    existing = set(Contact.objects.filter(member__in=members).values_list("member_id", "date", "channel"))
    missing = [c for c in planned if (c.member_id, c.date, c.channel) not in existing]
    if missing:
        services.contacts_bulk_create(contacts=missing)
        created["contacts"] += len(missing)
