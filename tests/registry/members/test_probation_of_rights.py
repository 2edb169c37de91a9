"""under_probation_of_rights: from the day 留党察看 is decided to the day before its term ends
[党章 art. 41; 纪律处分条例 art. 11]; the other kinds of discipline take no rights away."""

import datetime

from registry.members.rules import under_probation_of_rights
from registry.models import Discipline
from tests import factories

DAY = datetime.timedelta(days=1)


def test_the_rights_are_away_during_the_term_and_back_on_its_last_day(tree):
    member = factories.make_member(tree["fuzhou_1"])
    decided = datetime.date(2024, 2, 29)
    Discipline.objects.create(
        member=member, kind=Discipline.Kind.PROBATION, date=decided, deciding_organization="某区纪委", term_years=1
    )
    Discipline.objects.create(
        member=member, kind=Discipline.Kind.SERIOUS_WARNING, date=decided - DAY * 400, deciding_organization="某区纪委"
    )
    ends = Discipline.objects.get(kind="probation").ends_on
    assert ends == datetime.date(2025, 3, 1)  # the period is never shortened (docs/lifecycle.md#dates)
    assert not under_probation_of_rights(member, decided - DAY)
    assert under_probation_of_rights(member, decided)
    assert under_probation_of_rights(member, ends - DAY)
    assert not under_probation_of_rights(member, ends)


def test_a_warning_takes_no_rights_away(tree):
    member = factories.make_member(tree["fuzhou_1"])
    Discipline.objects.create(
        member=member, kind=Discipline.Kind.WARNING, date=datetime.date(2024, 1, 5), deciding_organization="支部"
    )
    assert not under_probation_of_rights(member, datetime.date(2024, 1, 5))
