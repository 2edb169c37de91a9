"""Demo certificates, reverse issuance requests and the last half year's liaison letters.

Called by `seed_demo` after the members exist. Like the rest of the demo it is deterministic and
idempotent: every record has a natural key (a certificate's number; a request's member; a
letter's home organization and half year) and only missing ones are created, through the
services, so a second run writes nothing and no history.

What it holds (docs/domain.md#certificates, article 004):
- certificates in every state: valid and reviewed, review due, review overdue, a failed review,
  returned, membership transferred, voided and reissued; some registered mobile members hold none;
- 37 certificates issued by reverse issuance, as article 004 reports — 34 recorded after the
  fact, and 3 through requests filed in the registry;
- a dozen reverse issuance requests in every state (filled in, sent, verified, issued, refused);
- the letters of the last half year before the demo's day, one per home organization, sent.

Every date is counted back from the day the demo describes (`as_of`, seed_demo --as-of).
"""

import datetime
import hashlib
import random
from collections import Counter

from django.db import transaction

from fixtures import demo
from outreach.certificates import services
from outreach.letters import services as letter_services
from outreach.letters.drafting import last_completed_half
from outreach.models import Certificate, ReverseIssuanceRequest
from registry.models import Member

REVERSE_ISSUED_BEFORE = 34  # + 3 through the requests below = 37 [004]
WITHOUT_CERTIFICATE = 20
# The twelve requests: state, days since filled in.
REQUESTS = [
    ("filled", 6),
    ("filled", 15),
    ("sent", 21),
    ("sent", 48),
    ("sent", 95),
    ("verified", 30),
    ("verified", 62),
    ("issued", 120),
    ("issued", 160),
    ("issued", 210),
    ("refused", 75),
    ("refused", 140),
]
ENDED = ["returned", "returned", "transferred", "transferred", "voided", "voided", "voided"]
REASONS = [("work", 50), ("business", 38), ("study", 3), ("family", 4), ("other", 5)]
CHANNELS = ["express", "express", "post", "fax", "email"]
REVIEWERS = ["{origin}", "{local}"]
PERFORMANCE = [
    "{names}等同志参加所在党组织的组织生活，按时交纳党费，在企业生产经营中发挥了党员的先锋模范作用。",
    "{names}等同志积极参加主题党日和学习活动，热心服务商会会员和在京务工人员，群众反映良好。",
    "所在党组织书记认真落实“双联双管”要求，定期与{names}等同志联系谈心；党员能够亮明身份，遵守纪律。",
]


def _rng(*key) -> random.Random:
    return random.Random(":".join([demo.SEED, "certificates", *map(str, key)]))


def _ordered(members):
    """A fixed order that does not depend on the database's ids: by a hash of the ID number."""
    return sorted(members, key=lambda m: hashlib.sha256(f"{demo.SEED}:{m.id_number}".encode()).hexdigest())


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _number(member: Member, issued_on: datetime.date, taken: set, suffix: str = "") -> str:
    serial = int(hashlib.sha256(f"{member.id_number}{suffix}".encode()).hexdigest(), 16) % 10000
    while True:
        number = f"闽流党证{member.id_number[:6]}-{issued_on.year}-{serial:04d}"
        if number not in taken:
            taken.add(number)
            return number
        serial = (serial + 1) % 10000


def _application(member: Member, rng) -> dict:
    return {
        "reason": _weighted(rng, REASONS),
        "destination": member.work_address or "北京市",
        "left_on": member.left_home,
    }


def _plan_certificate(member: Member, fate: str, rng, taken: set, today: datetime.date) -> list[dict]:
    """The certificate(s) of one member, with reviews and end, as service calls to make."""
    if fate == "overdue":
        anchor = today - _days(rng.randint(380, 700))
    elif fate == "due":
        anchor = today - _days(rng.randint(338, 360))
    else:
        anchor = today - _days(rng.randint(20, 320))
    reviews = rng.randint(0, 3) if fate != "failed" else rng.randint(1, 2)
    issued_on = anchor - _days(365 * reviews)
    if member.left_home and issued_on < member.left_home:
        issued_on = member.left_home + _days(rng.randint(0, 60))
        reviews, anchor = 0, issued_on
    local = member.organization.name
    certificate = {
        "data": {
            "member": member,
            "number": _number(member, issued_on, taken),
            "issuing_organization": member.origin_organization,
            "issued_on": issued_on,
            "issuance": "reverse" if fate == "reverse" else "direct",
            **_application(member, rng),
        },
        "reviews": [
            {
                "reviewed_on": issued_on + _days(365 * (index + 1)),
                "reviewed_by": rng.choice(REVIEWERS).format(origin=member.origin_organization, local=local),
                "passed": not (fate == "failed" and index == reviews - 1),
                "notes": "" if not (fate == "failed" and index == reviews - 1) else "党费未按时交纳，限期整改",
            }
            for index in range(reviews)
            if issued_on + _days(365 * (index + 1)) <= today
        ],
        "end": None,
    }
    if fate in ENDED:
        ended_on = min(today - _days(rng.randint(10, 200)), issued_on + _days(rng.randint(200, 900)))
        ended_on = max(ended_on, issued_on + _days(1))
        certificate["reviews"] = [r for r in certificate["reviews"] if r["reviewed_on"] <= ended_on]
        certificate["end"] = {"ended_on": ended_on, "end_reason": fate}
        if fate == "voided":  # lost, voided, and a new one issued
            reissued_on = min(ended_on + _days(rng.randint(7, 40)), today)
            replacement = {
                "data": {
                    **certificate["data"],
                    "number": _number(member, reissued_on, taken, "reissued"),
                    "issued_on": reissued_on,
                    "notes": "原证遗失作废后补发",
                },
                "reviews": [],
                "end": None,
            }
            return [certificate, replacement]
    return [certificate]


def _plans(members: list[Member], today: datetime.date):
    """(certificate plans, request members, members left without a certificate)."""
    ordered = _ordered(members)
    requested = ordered[: len(REQUESTS)]
    rest = ordered[len(REQUESTS) :]
    without = rest[:WITHOUT_CERTIFICATE]
    holders = rest[WITHOUT_CERTIFICATE:]
    fates = ["reverse"] * REVERSE_ISSUED_BEFORE + ENDED + ["overdue"] * 9 + ["due"] * 8 + ["failed"] * 2
    taken, plans = set(), []
    for index, member in enumerate(holders):
        fate = fates[index] if index < len(fates) else "ok"
        plans.extend(_plan_certificate(member, fate, _rng(member.id_number), taken, today))
    return plans, requested, without


def _create_certificates(plans, existing: set, created: Counter) -> None:
    for plan in plans:
        if plan["data"]["number"] in existing:
            continue
        certificate = services.certificate_create(data=plan["data"], actor=None)
        for review in plan["reviews"]:
            services.review_add(certificate=certificate, data=review, actor=None)
        if plan["end"]:
            services.certificate_end(certificate=certificate, actor=None, **plan["end"])
        created["certificates"] += 1


def _create_requests(members: list[Member], taken: set, created: Counter, today: datetime.date) -> None:
    has_request = set(ReverseIssuanceRequest.objects.filter(member__in=members).values_list("member_id", flat=True))
    for member, (state, age) in zip(members, REQUESTS, strict=False):  # as many as both have
        if member.pk in has_request:
            continue
        rng = _rng("request", member.id_number)
        filed_on = today - _days(age)
        item = services.request_create(
            data={
                "member": member,
                "home_organization": member.origin_organization,
                "home_address": member.origin_address,
                "filed_on": filed_on,
                **_application(member, rng),
            },
            actor=None,
        )
        created["requests"] += 1
        if state == "filled":
            continue
        sent_on = filed_on + _days(rng.randint(1, 5))
        services.request_mark_sent(
            request=item,
            sent_on=sent_on,
            sent_via=rng.choice(CHANNELS[:2]),
            sent_reference=f"EMS{rng.randrange(10**9, 10**10)}",
            actor=None,
        )
        if state == "sent":
            continue
        verified_on = sent_on + _days(rng.randint(7, 20))
        if state == "refused":
            services.request_refuse(
                request=item,
                refused_on=verified_on,
                actor=None,
                refusal_reason="经核实，该同志组织关系已于外出前转出，不在我单位党员名册中。",
            )
            continue
        services.request_mark_verified(request=item, verified_on=verified_on, actor=None)
        if state == "issued":
            issued_on = verified_on + _days(rng.randint(3, 15))
            services.request_mark_issued(
                request=item, number=_number(member, issued_on, taken, "reverse"), issued_on=issued_on, actor=None
            )
            created["certificates"] += 1


def _create_letters(created: Counter, today: datetime.date) -> None:
    year, half = last_completed_half(today)
    result = letter_services.letters_generate(year=year, half=half, actor=None)
    for letter in result["created"]:
        rng = _rng("letter", letter.home_organization)
        names = "、".join(row["name"] for row in letter.roster[:3])
        letter_services.letter_update(
            letter=letter,
            actor=None,
            data={
                "performance_text": rng.choice(PERFORMANCE).format(names=names),
            },
        )
        letter_services.letter_mark_sent(
            letter=letter,
            sent_on=min(letter.period_end + _days(rng.randint(5, 25)), today),
            sent_via=rng.choice(CHANNELS),
            sent_reference="",
            actor=None,
        )
        created["letters"] += 1


@transaction.atomic
def load_demo(as_of: datetime.date) -> Counter:
    """Creates the demo's certificates, requests and letters that are not there yet; returns counts."""
    created = Counter()
    members = list(
        Member.objects.filter(category=Member.Category.REGISTERED_MOBILE)
        .exclude(origin_organization="")
        .select_related("organization")
    )
    plans, requested, _without = _plans(members, as_of)
    existing = set(Certificate.objects.values_list("number", flat=True))
    taken = set(existing) | {plan["data"]["number"] for plan in plans}
    _create_certificates(plans, existing, created)
    _create_requests(requested, taken, created, as_of)
    _create_letters(created, as_of)
    return created
