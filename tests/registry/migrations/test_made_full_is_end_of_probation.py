"""Migration 0014: 转正时间 recomputed as the day the probation ended, for candidates whose admission
date is known (issue 22); the old date, the day of the decision, is kept as the decision's date."""

import datetime
import importlib

from django.apps import apps

from registry.models import Candidate, Member
from tests import factories

migration = importlib.import_module("registry.migrations.0014_made_full_is_end_of_probation")


def _full_candidate(organization, *, admitted, made_full, extension=None):
    number = factories.make_id_number(birth=datetime.date(1990, 3, 3))
    member = factories.make_member(
        organization,
        id_number=number,
        joined=admitted,
        made_full=made_full,
        status=Member.Status.FULL,
        category=Member.Category.SELF_MANAGED,
    )
    return Candidate.objects.create(
        name=member.name,
        id_number=number,
        organization=organization,
        applied=datetime.date(2021, 1, 5),
        activist=datetime.date(2021, 3, 1),
        target=datetime.date(2022, 6, 1),
        admitted=admitted,
        probation_extension_months=extension,
        made_full=made_full,
        member=member,
    )


def test_a_decision_day_becomes_the_end_of_probation_and_the_decision_is_kept(tree):
    decided = _full_candidate(
        tree["fuzhou_1"], admitted=datetime.date(2024, 10, 27), made_full=datetime.date(2025, 12, 6)
    )
    extended = _full_candidate(
        tree["fuzhou_1"], admitted=datetime.date(2023, 8, 31), made_full=datetime.date(2025, 3, 20), extension=6
    )
    right = _full_candidate(tree["fuzhou_1"], admitted=datetime.date(2024, 5, 10), made_full=datetime.date(2025, 5, 10))
    history_before = Member.history.count()
    migration.made_full_is_end_of_probation(apps, None)
    decided.refresh_from_db()
    assert (decided.made_full, decided.full_decided) == (datetime.date(2025, 10, 27), datetime.date(2025, 12, 6))
    assert Member.objects.get(pk=decided.member_id).made_full == datetime.date(2025, 10, 27)
    assert Member.objects.get(pk=extended.member_id).made_full == datetime.date(2025, 3, 1)
    right.refresh_from_db()
    assert (right.made_full, right.full_decided) == (datetime.date(2025, 5, 10), None)
    assert Member.history.count() == history_before + 2  # one row for each member changed, naming the migration
    assert Member.history.filter(id=decided.member_id).first().history_change_reason == migration.REASON
