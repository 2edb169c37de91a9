"""Members and elections for the committee tests, over the tree of tests/conftest.py."""

import datetime

from registry.committees import services
from registry.models import Member
from tests import factories

HELD_HERE = {"category": Member.Category.SELF_MANAGED, "status": Member.Status.FULL}


def voters(organization, count: int) -> list[Member]:
    """`count` full members whose membership is held here (self-managed): each has a vote."""
    return [factories.make_member(organization, **HELD_HERE) for _ in range(count)]


def election(organization, people, *, held_on=datetime.date(2025, 5, 10), seats=3, number=1, **extra):
    """A valid election of `seats` from `people` (20 % more candidates for 3 seats or more), everyone
    present; the first elected is the secretary."""
    present = extra.pop("voters_present", len(people))
    votes = [present] * seats + [0] * (len(people) - seats)
    data = services.ElectionData(
        number=number,
        held_on=held_on,
        term_years=extra.pop("term_years", 3),
        voters_expected=extra.pop("voters_expected", len(people)),
        voters_present=present,
        seats=seats,
        candidates=list(zip(people, votes, strict=True)),
        secretary=people[0],
        **extra,
    )
    return services.election_record(organization=organization, data=data, actor=None)
