"""The demo's committees (registry/committees/demo.py, through Room.demo): committees in most
organizations, two terms over, one postponed, two ending within 6 months, 晋江鞋业's branch without
the committee its 7 full members call for — as registry_stats --json counts them and as the formation
advice names them; a second load writes nothing."""

import io
import json

import pytest
from django.core.management import call_command

from branches import clock
from branches.models import Organization
from fixtures import demo as fixture
from registry.committees import demo, selectors
from registry.models import CommitteeMembership, Election


@pytest.fixture
def seeded(demo_db):
    """The demo, seeded once for the session and shared (tests/conftest.py)."""


def test_the_demo_has_committees_in_most_organizations_and_terms_in_every_state(seeded):
    out = io.StringIO()
    call_command("registry_stats", "--json", stdout=out)
    figures = json.loads(out.getvalue())["committees"]
    with_committee = figures.pop("with_committee")
    assert figures == {"should_have_committee": 1, "terms_ending_6_months": 2, "terms_over": 2, "postponed": 1}
    may_have = Organization.objects.exclude(level=Organization.Level.PARTY_GROUP).count()
    assert with_committee > may_have * 3 // 4
    rows = {
        row.organization.name: row for row in selectors.committee_rows(list(Organization.objects.all()), clock.today())
    }
    assert {name for name, row in rows.items() if "terms_over" in row.flags} == set(demo.OVER)
    assert {name for name, row in rows.items() if "postponed" in row.flags} == set(demo.POSTPONED)
    assert {name for name, row in rows.items() if "should_have_committee" in row.flags} == {
        "北京晋江鞋业贸易有限公司党支部"
    }
    top = Organization.objects.get(name=fixture.COMMITTEE)
    shown = selectors.secretary_of(top)
    assert shown.from_committee and shown.member.status == "full"


def test_every_election_of_the_demo_keeps_the_rules(seeded):
    for election in Election.objects.prefetch_related("candidates"):
        assert election.voters_present * 2 > election.voters_expected
        elected = [candidate for candidate in election.candidates.all() if candidate.elected]
        assert all(candidate.votes * 2 > election.voters_present for candidate in elected)
        if election.seats >= 3:
            assert election.candidates.count() > election.seats
    assert CommitteeMembership.objects.filter(post="secretary", ended_on__isnull=True).count() == (
        CommitteeMembership.objects.filter(ended_on__isnull=True).values("organization").distinct().count()
    )


def test_a_second_load_writes_nothing(seeded):
    assert demo.load(clock.today()) == 0
