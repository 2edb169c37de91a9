"""Candidates at any stage, written directly (as a ledger import would leave them) so that each
test starts where it needs to; the steps under test go through the services."""

import datetime

import pytest

from branches import clock
from registry.development.rules import add_years
from registry.models import Candidate, Member
from tests import factories


@pytest.fixture
def today():
    return clock.today()


def adult_id_number(male=True) -> str:
    return factories.make_id_number(
        birth=datetime.date(1990, 5, 17) + datetime.timedelta(days=next(factories._sequence) % 3000), male=male
    )


@pytest.fixture
def make_candidate(today):
    """make_candidate(organization, stage="activist", **fields): dates a few years back, a stage at a time."""

    def make(organization, stage="applicant", **fields):
        base = today - datetime.timedelta(days=4 * 365)
        dates = {"applied": base}
        if stage in ("activist", "target", "probationary", "full"):
            dates["talked"] = base + datetime.timedelta(days=20)
            dates["activist"] = base + datetime.timedelta(days=60)
            dates["contact_persons"] = "王五、赵六"
        if stage in ("target", "probationary", "full"):
            dates["target"] = add_years(dates["activist"], 1) + datetime.timedelta(days=30)
        if stage in ("probationary", "full"):
            dates["admitted"] = today - datetime.timedelta(days=200)
            dates["introducers"] = "张三、李四"
        number = next(factories._sequence)
        if stage in ("target", "probationary", "full"):
            # The steps before admission (docs/lifecycle.md#steps-before-admission), weeks after
            # becoming a target — on that day itself when the admission comes sooner.
            target = fields.get("target", dates["target"])
            admitted = fields.get("admitted", dates.get("admitted"))
            step = target + datetime.timedelta(days=20)
            late = admitted is not None and admitted < step + datetime.timedelta(days=15)
            dates.update(
                political_review_on=target if late else step,
                political_review="qualified",
                training_completed_on=target if late else step,
                training_hours=24,
                pre_reviewed_on=target if late else step + datetime.timedelta(days=10),
                application_form_on=target if late else step + datetime.timedelta(days=15),
                application_form_number=f"RD{number:06d}",
            )
        data = {
            "name": f"候选人{number}",
            "id_number": adult_id_number(),
            "organization": organization,
            **dates,
            **fields,
        }
        candidate = Candidate.objects.create(**data)
        if candidate.admitted:
            member = factories.make_member(
                organization,
                name=candidate.name,
                id_number=candidate.id_number,
                joined=candidate.admitted,
                status=Member.Status.PROBATIONARY,
                made_full=None,
                category=Member.Category.SELF_MANAGED,
                registered_on=candidate.admitted,
            )
            Candidate.objects.filter(pk=candidate.pk).update(member=member)
            candidate.member = member
        return candidate

    return make


@pytest.fixture
def make_voters():
    """make_voters(organization, count): full members whose membership is held here, who have a vote
    at the organization's meeting (registry.development.selectors.voters_on)."""

    def make(organization, count=3):
        return [
            factories.make_member(
                organization, name=f"表决党员{next(factories._sequence)}", category=Member.Category.SELF_MANAGED
            )
            for _ in range(count)
        ]

    return make
