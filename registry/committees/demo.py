"""The demo's committees (seed_demo, through Room.demo): committees in most organizations, every
date counted from the day the demo describes.

- The committee, the general branches and every branch with at least three members who have a vote
  held an election (the committee 7 seats, general branches 5, branches with 7 or more full members
  held here 3 or 5 — from 20 % more candidates — smaller ones their secretary and deputy); the others
  have a secretary appointed (a post without an election).
- Two terms are over (莆仙医疗's branch four months, 鹭岛科技's one), one is postponed (榕城建设's, with
  the committee's approval, ten months past its end), 莆田's general branch ends within the quarter.
- 晋江鞋业's branch, with 7 full members held here, has no committee: the formation advice's case;
  two small branches have none recorded either.

Deterministic and idempotent: each organization draws from a generator of its own, and an
organization that has an election or a post already is left alone. Everything is written through
the services, so the demo holds to the rules the pages enforce.
"""

import datetime
import random

from django.db import transaction

from branches.models import Organization
from fixtures import demo
from registry.committees import rules, selectors, services
from registry.development.rules import add_months, add_years
from registry.models import CommitteeMembership, Election, Member

Pool = CommitteeMembership.SecretaryPool
TOP_APPROVER = "中共北京市社会组织工作委员会"
REASON = "换届准备工作未完成，经上级党委批准延期换届"
# months since the election, for the terms the demo shows in a state of their own
OVER = {"北京莆仙医疗投资管理有限公司党支部": 40, "北京鹭岛科技发展有限公司党支部": 37}
POSTPONED = {demo.RONGCHENG: 38}
ENDING = {demo.GB_PUTIAN: 33, "北京闽都商贸有限公司党支部": 31}
NO_COMMITTEE = {"北京晋江鞋业贸易有限公司党支部", "北京福建电子信息商会党支部", "北京福建金融投资商会党支部"}
MIN_VOTERS = 3  # fewer members with a vote: the secretary is appointed by the committee above


def _seats(organization: Organization, voters: int) -> int:
    if organization.level == Organization.Level.COMMITTEE:
        return 7
    if organization.level == Organization.Level.GENERAL_BRANCH:
        return 5
    if voters >= 10:
        return 5
    if voters >= 7:
        return 3
    return 2 if voters >= 5 else 1


def _pool(rng: random.Random) -> str:
    return rng.choices([Pool.ENTREPRENEUR, Pool.RETIRED_CADRE, Pool.SECONDED_CADRE], [7, 2, 1])[0]


def _held_on(organization: Organization, as_of: datetime.date, rng: random.Random) -> datetime.date:
    """A day the election was held: the demo's special cases by the months ago they give, the others
    within their term and not ending within 6 months."""
    months = OVER.get(organization.name) or POSTPONED.get(organization.name) or ENDING.get(organization.name)
    if months is None:
        years = rules.term_years_for(organization.level)
        months = rng.randint(3, years * 12 - 9)
    return add_months(as_of, -months) - datetime.timedelta(days=rng.randint(0, 20))


def _elect(organization: Organization, pool: list[Member], voters: int, as_of, rng: random.Random) -> None:
    held_on = _held_on(organization, as_of, rng)
    present = voters - rng.randint(0, max(0, (voters - 1) // 4))
    # as many seats as can each take more than half of the votes with votes of their own
    seats = min(_seats(organization, voters), (present + 1) // 2, len(pool))
    while rules.candidates_needed(seats) > len(pool):
        seats -= 1
    candidates = rng.sample(pool, min(len(pool), rules.candidates_needed(seats)))
    votes = [present - index for index in range(seats)] + [
        rng.randint(0, present // 2) for _ in range(len(candidates) - seats)
    ]
    parent = organization.parent.name if organization.parent else TOP_APPROVER
    approved_on = min(held_on + datetime.timedelta(days=rng.randint(7, 25)), as_of)
    years = rules.term_years_for(organization.level)
    election = services.election_record(
        organization=organization,
        data=services.ElectionData(
            number=rng.randint(2, 4) if organization.level != Organization.Level.COMMITTEE else 3,
            held_on=held_on,
            term_years=years,
            voters_expected=voters,
            voters_present=present,
            seats=seats,
            candidates=list(zip(candidates, votes, strict=True)),
            secretary=candidates[0],
            deputy=candidates[1] if seats >= 2 else None,
            secretary_pool=_pool(rng),
            secretary_approved_by=parent,
            secretary_approved_on=approved_on,
        ),
        actor=None,
        today=as_of,
    )
    if organization.name in POSTPONED:
        services.postponement_record(
            election=election,
            approved_by=parent,
            approved_on=min(election.ends_on - datetime.timedelta(days=20), as_of),
            until=add_months(election.ends_on, 10),
            reason=REASON,
            actor=None,
            today=as_of,
        )


def _appoint(organization: Organization, pool: list[Member], as_of, rng: random.Random) -> None:
    own = [member for member in pool if member.organization_id == organization.pk] or pool
    services.post_create(
        organization=organization,
        data=services.PostData(
            member=rng.choice(own),
            post=CommitteeMembership.Post.SECRETARY,
            started_on=add_years(as_of, -rng.randint(1, 4)) + datetime.timedelta(days=rng.randint(0, 200)),
            secretary_pool=_pool(rng),
        ),
        actor=None,
        today=as_of,
    )


@transaction.atomic
def load(as_of: datetime.date) -> int:
    """Loads the demo's committees as of `as_of`; returns how many organizations got one."""
    done = set(Election.objects.values_list("organization_id", flat=True)) | set(
        CommitteeMembership.objects.values_list("organization_id", flat=True)
    )
    organizations = Organization.objects.select_related("parent").order_by("path")
    count = 0
    for organization in organizations:
        if organization.pk in done or organization.name in NO_COMMITTEE:
            continue
        if organization.level in rules.NO_COMMITTEE_LEVELS:
            continue
        pool = list(
            selectors.members_in_line(organization)
            .exclude(selectors.under_probation_q(as_of))
            .select_related("organization")
            .order_by("id_number")
        )
        if not pool:
            continue
        rng = random.Random(f"{demo.SEED}:committees:{organization.name}")
        voters = selectors.voters_count(organization, as_of)
        if voters >= MIN_VOTERS:
            _elect(organization, pool, voters, as_of, rng)
        else:
            _appoint(organization, pool, as_of, rng)
        count += 1
    return count
