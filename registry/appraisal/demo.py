"""The demo's appraisal (seed_demo, through Room.demo): last year's 民主评议党员 in every branch of the
demo that has members — study in late November, self-assessment at the organizational life meeting
in early December, the members' vote, the branch's decision before Christmas — with about a fifth
of the full members 优秀 (never past the cap), a few 基本合格, probationary members taking part
without a grade, and one member 不合格 put on 限期改正 until the end of March (issue 23 §7). Every day
counted from the day the demo describes.

Deterministic and idempotent: the members are taken from the roster in a fixed order and graded by
a generator of its own (the other parts of the demo draw nothing less); a branch that already has
its round of that year is left alone. Written through the services, each row with its history.
"""

import datetime
import random

from django.db import transaction

from branches.models import Organization
from fixtures import demo
from registry.appraisal import rules, selectors, services
from registry.models import AppraisalRound, Member


def _days(year: int) -> dict:
    return {
        "study_on": datetime.date(year, 11, 20),
        "self_assessment_on": datetime.date(year, 12, 5),
        "vote_on": datetime.date(year, 12, 12),
        "decided_on": datetime.date(year, 12, 20),
    }


def _votes(rng: random.Random, grade: str, voters: int) -> tuple:
    """Votes received per grade (excellent, qualified, basically qualified, unqualified) by a member of
    this grade from `voters` others: most for the grade decided."""
    if voters <= 0:
        return (0, 0, 0, 0)
    share = {
        rules.EXCELLENT: (0.7, 0.3, 0.0, 0.0),
        rules.QUALIFIED: (0.2, 0.75, 0.05, 0.0),
        rules.BASICALLY_QUALIFIED: (0.0, 0.35, 0.6, 0.05),
        rules.UNQUALIFIED: (0.0, 0.1, 0.3, 0.6),
    }[grade]
    counts = [int(voters * part * rng.uniform(0.85, 1.0)) for part in share]
    main = rules.GRADES.index(grade)
    counts[main] += voters - sum(counts)
    return tuple(counts)


def _grades(rng: random.Random, full: list[Member]) -> dict[int, str]:
    """A grade per full member: about a fifth 优秀 (within the cap), one in ten 基本合格, the rest 合格."""
    order = list(full)
    rng.shuffle(order)
    excellent = min(rules.excellent_cap(len(order)), round(len(order) / 5))
    basic = len(order) // 10
    grades = {}
    for index, member in enumerate(order):
        if index < excellent:
            grades[member.pk] = rules.EXCELLENT
        elif index < excellent + basic:
            grades[member.pk] = rules.BASICALLY_QUALIFIED
        else:
            grades[member.pk] = rules.QUALIFIED
    return grades


@transaction.atomic
def load(as_of: datetime.date) -> int:
    """Last year's rounds that are not there yet, graded; returns how many results were written."""
    if not Organization.objects.filter(name=demo.GB_FUZHOU).exists():
        return 0  # no demo committee here
    rng = random.Random(f"{demo.SEED}:appraisal")
    year = as_of.year - 1
    days = _days(year)
    done = set(AppraisalRound.objects.filter(year=year).values_list("organization_id", flat=True))
    branches = Organization.objects.filter(level__in=Organization.BRANCH_LEVELS).order_by("path", "id")
    written, unqualified_given = 0, False
    for branch in branches:
        if branch.pk in done:
            continue
        taking_part = [
            member
            for member in selectors.members_of(branch).order_by("id_number")
            if member.registered_on <= days["decided_on"]
            and (member.joined is None or member.joined <= days["vote_on"])
        ]
        if not taking_part:
            continue
        appraisal_round = services.round_create(
            organization=branch, data=services.RoundData(year=year, **days), actor=None, today=as_of
        )
        full = [
            member
            for member in taking_part
            if not rules.probationary_on(status=member.status, made_full=member.made_full, day=days["decided_on"])
        ]
        grades = _grades(rng, full)
        if not unqualified_given and len(full) >= 8:  # one member 不合格, put on 限期改正 (issue 23 §7)
            chosen = next(member for member in full if grades[member.pk] == rules.QUALIFIED)
            grades[chosen.pk] = rules.UNQUALIFIED
            unqualified_given = True
        voters = len(full) - 1
        gradings = [
            services.Grading(
                member=member,
                votes=_votes(rng, grades.get(member.pk, rules.QUALIFIED), voters),
                grade=grades.get(member.pk, ""),
                outcome=rules.CORRECTION if grades.get(member.pk) == rules.UNQUALIFIED else "",
                deadline=datetime.date(year + 1, 3, 31) if grades.get(member.pk) == rules.UNQUALIFIED else None,
            )
            for member in taking_part
        ]
        written += services.round_grade(appraisal_round=appraisal_round, gradings=gradings, actor=None, today=as_of)
    return written
