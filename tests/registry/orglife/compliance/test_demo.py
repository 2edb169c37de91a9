"""The demo's organizational life (registry/orglife/demo.py, through Room.demo): a year of meetings, most
branches on time, two behind, one excused for the Spring Festival, a few members at home, a handful
without organizational life for six months — as registry_stats --json counts them and the pages list
them; a second load writes nothing."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse

from branches import clock
from registry.development.rules import add_months
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
    # This year's meetings (1 January to today): every branch's party day and committee meeting in each
    # month of the year already over, the general meetings each quarter's first month, talks in March.
    this_year, over = figures["meetings_this_year"], clock.today().month - 1
    assert this_year["party_day"] >= 40 * over and this_year["committee_meeting"] >= 40 * over
    assert this_year["general_meeting"] >= 40 * (over // 3) and this_year["group_meeting"] >= 2 * over
    assert this_year["talk"] > 0 or over < 3
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
    # Within the demo's year of meetings (from the month a year before today's: in February, last
    # year's January is before it), the two behind, at most, missed one.
    first = add_months(clock.today().replace(day=1), -12)
    missed = [
        cell
        for row in grid["rows"]
        for period, cell in zip(grid["periods"], row.cells, strict=True)
        if period.start >= first and cell.state == "not_held"
    ]
    assert len(missed) <= 2 * 12


def test_nobody_took_part_before_they_were_registered_here(seeded):
    """Seeded on 1 January, a twelfth of the demo's members were registered that morning: the demo's
    activities (outreach/activities/demo.py) recorded them at the year's lectures and party days before
    that, and the six-month list then held them for their last one (14 members, not a handful)."""
    early = Attendance.objects.filter(gathering__date__lt=F("member__registered_on"))
    assert list(early.values_list("member__name", "gathering__date")[:5]) == []


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
