"""The demo's honours (registry/honours/demo.py, loaded by seed_demo through Room.demo): a dozen
commendations, one posthumous, two representatives, dated from the day the demo describes; the
demo secretary sees those of their subtree; registry_stats --json counts the approved ones by year."""

import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from branches import clock
from registry.honours import demo as honours_demo
from registry.models import DemoSeed, Honour, Representative


@pytest.fixture
def seeded(demo_db):
    """The demo, seeded once for the session and shared (tests/conftest.py)."""


def test_a_dozen_commendations_one_posthumous_and_two_representatives(seeded, db):
    honours = list(Honour.objects.select_related("member"))
    assert len(honours) == 12
    assert [honour.member.left_as for honour in honours if honour.posthumous] == ["died"]
    states = sorted(honour.state for honour in honours)
    assert states.count("nominated") == 1 and states.count("not_approved") == 1
    assert {honour.title for honour in honours} == {
        "excellent_member",
        "excellent_party_worker",
        "advanced_organization",
        "other",
    }
    day = DemoSeed.objects.latest("seeded_at").as_of
    assert all(honour.date <= day for honour in honours if honour.state == "approved")
    assert Representative.objects.count() == 2
    assert honours_demo.load(day) == 0  # a second run writes nothing


def test_registry_stats_counts_the_approved_by_year(seeded, db):
    out = io.StringIO()
    call_command("registry_stats", "--json", stdout=out)
    figures = json.loads(out.getvalue())["honours"]
    approved = Honour.objects.filter(state="approved")
    assert sum(sum(year.values()) for year in figures.values()) == approved.count() == 10
    last_year = str(clock.today().year - 1)
    assert figures[last_year]["excellent_member"] >= 3 and figures[last_year]["advanced_organization"] == 2


def test_this_years_commendation_is_dated_this_year_even_on_its_first_days(seeded, db):
    """Seeded on 1-20 January, "one this year" (20 days before the demo's day) fell in December: last
    year's figures then held three advanced organizations, and this year's none."""
    day = datetime.date(clock.today().year, 1, 5)
    honours, _terms = honours_demo._plan(day)
    city = [
        honour for honour in honours if honour["title"] == "advanced_organization" and honour["body_level"] == "city"
    ]
    assert [honour["date"] for honour in city] == [datetime.date(day.year, 1, 1)]


def test_the_demo_secretary_sees_their_subtrees_commendations(seeded, client):
    client.force_login(get_user_model().objects.get(username="secretary"))
    listed = client.get(reverse("registry:honour_list"), {"per_page": "200"}).context["page"].object_list
    assert 0 < len(listed) < Honour.objects.count()
