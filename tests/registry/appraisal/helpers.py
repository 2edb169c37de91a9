"""What the appraisal tests share: members of a kind, a round made and graded through the services."""

import datetime

from registry.appraisal import services
from registry.models import Member
from tests import factories

YEAR = 2025
DAYS = {
    "study_on": datetime.date(YEAR, 11, 20),
    "self_assessment_on": datetime.date(YEAR, 12, 5),
    "vote_on": datetime.date(YEAR, 12, 12),
    "decided_on": datetime.date(YEAR, 12, 20),
}


def full(organization, **extra) -> Member:
    return factories.make_member(organization, registered_on=datetime.date(2020, 1, 1), **extra)


def held_here(organization, **extra) -> Member:
    return full(organization, category=Member.Category.SELF_MANAGED, **extra)


def probationary(organization, **extra) -> Member:
    return full(
        organization,
        status=Member.Status.PROBATIONARY,
        joined=datetime.date(2025, 6, 1),
        made_full=None,
        **extra,
    )


def make_round(organization, year=YEAR, **days):
    data = services.RoundData(year=year, **(DAYS if year == YEAR and not days else days))
    return services.round_create(organization=organization, data=data, actor=None)


def grade(appraisal_round, grades: dict, actor=None, **extra):
    """Grades the round: `grades` maps each member to a grade ("" for none) or to a Grading's fields."""
    gradings = []
    for member, value in grades.items():
        fields = value if isinstance(value, dict) else {"grade": value}
        gradings.append(services.Grading(member=member, **fields))
    return services.round_grade(appraisal_round=appraisal_round, gradings=gradings, actor=actor, **extra)
