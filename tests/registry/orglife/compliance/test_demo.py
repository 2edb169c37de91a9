"""The demo's organizational life (registry/orglife/demo.py, through Room.demo): a year of meetings, most
branches on time, two behind, one excused for the Spring Festival, a few members at home, a handful
without organizational life for six months — as registry_stats --json counts them and the pages list
them; a second load writes nothing."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from branches import clock
from registry.models import Attendance, Exemption
from registry.orglife import demo
from registry.orglife.compliance import selectors


@pytest.fixture
def seeded(demo_db):
    """The demo, seeded once for the session and shared (tests/conftest.py)."""


def test_the_demo_has_two_branches_behind_and_a_handful_without(seeded):
    out = io.StringIO()
    call_command("registry_stats", "--json", stdout=out)
    figures = json.loads(out.getvalue())["organizational_life"]
    assert figures["behind"] == {
        "general_meeting": 2,
        "committee_meeting": 2,
        "group_meeting": 0,
        "lecture": 2,
        "party_day": 2,
    }
    assert 3 <= figures["without_6_months"] <= 10
    this_year = figures["meetings_this_year"]
    assert this_year["party_day"] > 40 * 9 and this_year["committee_meeting"] > 40 * 9
    assert this_year["general_meeting"] > 40 * 3 and this_year["group_meeting"] >= 2 * 9 and this_year["talk"] > 0
    rows = selectors.behind_rows(selectors.Organization.objects.order_by("path"), clock.today())
    assert {row.organization.name for row in rows} == set(demo.BEHIND)


def test_one_branch_was_excused_for_the_spring_festival(seeded, client):
    excused = Exemption.objects.filter(organization__name=demo.EXCUSED)
    assert sorted(excused.values_list("kind", flat=True)) == ["committee_meeting", "party_day"]
    client.force_login(get_user_model().objects.get(username="staff"))
    year = excused.first().period_start.year
    grid = client.get(reverse("registry:meeting_compliance"), {"kind": "party_day", "year": year}).context["grid"]
    row = next(row for row in grid["rows"] if row.organization.name == demo.EXCUSED)
    assert row.cells[1].state == "exempt" and row.exempt == 1
    assert sum(row.not_held for row in grid["rows"]) <= 2 * 12  # the two behind, at most


def test_a_few_members_took_part_at_home(seeded):
    elsewhere = Attendance.objects.filter(status="elsewhere").select_related("member")
    assert 1 <= len({row.member_id for row in elsewhere}) <= demo.AT_HOME
    assert all(row.elsewhere_organization == row.member.origin_organization for row in elsewhere)


def test_the_lists_show_exactly_the_figures(seeded, client):
    client.force_login(get_user_model().objects.get(username="staff"))
    home = client.get(reverse("home"))
    section = next(s for s in home.context["sections"] if s.get("orglife"))["orglife"]
    for tile in [*section["behind"], section["without"]]:
        listed = client.get(tile["url"] + ("&" if "?" in tile["url"] else "?") + "per_page=200")
        assert listed.context["page"].paginator.count == tile["value"], tile


def test_a_second_load_writes_nothing(seeded):
    assert demo.load(clock.today()) == 0
