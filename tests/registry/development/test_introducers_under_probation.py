"""An introducer or contact person under 留党察看 on the day is refused (docs/lifecycle.md#discipline):
the refusal names the day the rights come back, and that day itself is accepted."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from registry.development import services
from registry.development.rules import add_years, latest_start
from registry.models import Candidate, Discipline
from tests import factories

from .test_services import VOTE, _admission_ready, full_member

DAY = datetime.timedelta(days=1)


def probation(member, decided: datetime.date, years: int = 1) -> Discipline:
    return Discipline.objects.create(
        member=member,
        kind=Discipline.Kind.PROBATION,
        date=decided,
        deciding_organization="某区纪委",
        breach=Discipline.Breach.INTEGRITY,
        term_years=years,
    )


def test_an_introducer_under_probation_is_refused_with_the_day_the_rights_come_back(tree, staff, make_candidate, today):
    candidate = _admission_ready(tree, staff, make_candidate, today)
    other = full_member(tree["fuzhou_1"], "介绍人甲")
    disciplined = full_member(tree["fuzhou_1"], "察看中")
    record = probation(disciplined, today - datetime.timedelta(days=100))
    assert record.ends_on == add_years(record.date, 1)
    with pytest.raises(ValidationError) as refused:
        services.admit(candidate=candidate, day=today, introducers=[other, disciplined], actor=staff, **VOTE)
    error = refused.value.error_dict["introducers"][0]
    assert error.code == "introducer_under_probation"
    assert "察看中" in error.message % (error.params or {}) and record.ends_on.isoformat() in error.message
    assert Candidate.objects.get(pk=candidate.pk).admitted is None


def test_an_introducer_whose_probation_ended_is_accepted(tree, staff, make_candidate, today):
    candidate = _admission_ready(tree, staff, make_candidate, today)
    disciplined = full_member(tree["fuzhou_1"], "已期满")
    # Decided on the latest day whose two years are over by today (on 29 February, 28 February two
    # years before: a term from 1 March would end on 1 March): the rights are back today at the latest.
    record = probation(disciplined, latest_start(today, 24), years=2)
    assert record.ends_on <= today
    member = services.admit(
        candidate=candidate,
        day=today,
        introducers=[full_member(tree["fuzhou_1"], "甲"), disciplined],
        actor=staff,
        **VOTE,
    )
    assert member.joined == today


def test_a_contact_person_under_probation_is_refused(tree, staff, make_candidate, today):
    candidate = make_candidate(tree["fuzhou_1"])
    record = probation(full_member(tree["fuzhou_1"], "联系人察看"), today - DAY, years=2)
    with pytest.raises(ValidationError) as refused:
        services.make_activist(candidate=candidate, day=today, contact_persons=["联系人察看"], actor=staff)
    error = refused.value.error_dict["contact_persons"][0]
    assert error.code == "contact_person_under_probation" and record.ends_on.isoformat() in error.message
    # A namesake with the full rights: the name may be theirs, nothing is refused.
    factories.make_member(tree["fuzhou_2"], name="联系人察看")
    services.make_activist(candidate=candidate, day=today, contact_persons=["联系人察看"], actor=staff)
    assert Candidate.objects.get(pk=candidate.pk).activist == today
