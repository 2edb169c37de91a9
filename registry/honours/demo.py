"""The demo's honours (seed_demo, through Room.demo): a dozen commendations — last year's 七一
commendations of the committee, two local titles (article 004: 流动党员先进个人), one posthumous, one
not approved, one this year and one nomination for the next 七一 — and two representatives (article
004: a member in the district party congress, one in the CPPCC), every date counted from the day the
demo describes.

Deterministic and idempotent: the members and branches are chosen from the roster in a fixed order
by a generator of its own (the other parts of the demo draw nothing less), and a commendation or a
term already there (same member or organization, title, date) is left alone.
"""

import datetime
import random

from django.db import transaction

from branches.models import Organization
from fixtures import demo
from registry.honours import rules, services
from registry.models import BodyLevel, Honour, Member, Movement, Representative

COMMITTEE_BODY = demo.COMMITTEE
FUZHOU_BODY = "中共福州市委员会"
DISTRICT_BODY = "中共福州市鼓楼区委员会"
LOCAL_TITLE = "流动党员先进个人"


def _next_july_first(day: datetime.date) -> datetime.date:
    this_year = datetime.date(day.year, 7, 1)
    return this_year if day < this_year else datetime.date(day.year + 1, 7, 1)


def _plan(as_of: datetime.date) -> tuple[list[dict], list[dict]]:
    rng = random.Random(f"{demo.SEED}:honours")
    fuzhou = Organization.objects.get(name=demo.GB_FUZHOU)
    full = Member.objects.filter(status=Member.Status.FULL).select_related("organization").order_by("id_number")
    ours = list(full.filter(organization__path__startswith=fuzhou.path))  # the demo secretary's
    others = list(full.exclude(organization__path__startswith=fuzhou.path))
    branches = list(Organization.objects.filter(level=Organization.Level.BRANCH).exclude(members=None).order_by("name"))
    people = rng.sample(ours, 3) + rng.sample(others, 7)
    branch_ours = next(branch for branch in branches if branch.path.startswith(fuzhou.path))
    branch_others = rng.sample([branch for branch in branches if not branch.path.startswith(fuzhou.path)], 2)
    july_first = datetime.date(as_of.year - 1, 7, 1)  # last year's 七一: always before the demo's day
    approved, nominated, refused = Honour.State.APPROVED, Honour.State.NOMINATED, Honour.State.NOT_APPROVED

    def honour(title, *, member=None, organization=None, date, level=BodyLevel.OWN, body=COMMITTEE_BODY, **extra):
        return {
            "member": member,
            "organization": organization if member is None else None,
            "title": title,
            "title_text": LOCAL_TITLE if title == rules.OTHER else "",
            "body": body,
            "body_level": level,
            "date": date,
            "reason": extra.pop("reason", "在流动党员管理服务工作中表现突出。"),
            "posthumous": extra.pop("posthumous", False),
            "state": extra.pop("state", approved),
        }

    honours = [
        honour(rules.EXCELLENT_MEMBER, member=people[0], date=july_first),
        honour(rules.EXCELLENT_MEMBER, member=people[3], date=july_first),
        honour(rules.EXCELLENT_MEMBER, member=people[4], date=july_first),
        honour(rules.EXCELLENT_PARTY_WORKER, member=people[1], date=july_first),
        honour(rules.ADVANCED_ORGANIZATION, organization=branch_ours, date=july_first),
        honour(rules.ADVANCED_ORGANIZATION, organization=branch_others[0], date=july_first),
        honour(rules.OTHER, member=people[5], date=datetime.date(as_of.year - 1, 12, 20)),
        honour(
            rules.OTHER,
            member=people[2],
            date=datetime.date(as_of.year - 1, 9, 28),
            level=BodyLevel.COUNTY,
            body=DISTRICT_BODY,
        ),
        honour(rules.EXCELLENT_MEMBER, member=people[6], date=july_first, state=refused),
        honour(
            rules.ADVANCED_ORGANIZATION,
            organization=branch_others[1],
            date=max(as_of - datetime.timedelta(days=20), datetime.date(as_of.year, 1, 1)),  # this year's
            level=BodyLevel.CITY,
            body=FUZHOU_BODY,
        ),
        honour(rules.EXCELLENT_MEMBER, member=people[7], date=_next_july_first(as_of), state=nominated),
    ]
    died = (
        Member.all_members.filter(left_as=Movement.Kind.DIED).select_related("organization").order_by("id_number")
    ).first()
    if died is not None:
        honours.append(
            honour(
                rules.EXCELLENT_MEMBER,
                member=died,
                date=min(died.left_on + datetime.timedelta(days=15), as_of),
                level=BodyLevel.CITY,
                body=FUZHOU_BODY,
                posthumous=True,
                reason="生前长期坚持为在京流动党员服务，追授优秀共产党员称号。",
            )
        )
    start = datetime.date(as_of.year - 2, 6, 18)
    representatives = [
        {  # article 004: elected to the district party congress
            "member": people[8],
            "body": Representative.Body.PARTY_CONGRESS,
            "level": Representative.Level.COUNTY,
            "term_start": start,
            "term_end": datetime.date(start.year + 5, 6, 17),
        },
        {  # article 004: members in the CPPCC
            "member": people[9],
            "body": Representative.Body.CPPCC,
            "level": Representative.Level.COUNTY,
            "term_start": datetime.date(as_of.year - 1, 1, 10),
            "term_end": datetime.date(as_of.year + 4, 1, 9),
        },
    ]
    return honours, representatives


@transaction.atomic
def load(as_of: datetime.date) -> int:
    """Creates the demo's commendations and terms that are not there yet; returns how many."""
    if not Organization.objects.filter(name=demo.GB_FUZHOU).exists():
        return 0  # no demo committee here
    honours, representatives = _plan(as_of)
    held = {
        (values["member_id"], values["organization_id"], values["title"], values["date"])
        for values in Honour.objects.values("member_id", "organization_id", "title", "date")
    }
    terms = set(Representative.objects.values_list("member_id", "body", "term_start"))
    created = 0
    for data in honours:
        member = data["member"]
        organization_id = member.organization_id if member else data["organization"].pk
        if (member.pk if member else None, organization_id, data["title"], data["date"]) in held:
            continue
        if member is not None:
            del data["organization"]
        services.honour_create(data=data, actor=None, reason=demo.REASON)
        created += 1
    for data in representatives:
        if (data["member"].pk, data["body"], data["term_start"]) in terms:
            continue
        services.representative_create(data=data, actor=None, reason=demo.REASON)
        created += 1
    return created
