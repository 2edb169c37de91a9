"""The figures of organizational life (issue 23 §6): registry_stats --json "organizational_life" with
exactly the issue's keys and counts against hand-built records; the home page's figures, each a link
to a list of exactly that many rows; the secretary's work list."""

import io
import json

from django.core.management import call_command
from django.urls import reverse

from registry.orglife.compliance import figures
from tests.registry.orglife.compliance.helpers import D, meeting, meetings, seat
from tests.registry.orglife.compliance.test_participation import people, registered  # noqa: F401 (fixture)


def stats(*args) -> dict:
    out = io.StringIO()
    call_command("registry_stats", "--json", *args, stdout=out)
    return json.loads(out.getvalue())["organizational_life"]


def test_the_keys_are_exactly_the_issues(db):
    found = stats()
    assert set(found) == {"meetings_this_year", "behind", "without_6_months", "appraisal"}
    assert list(found["meetings_this_year"]) == [
        "general_meeting",
        "committee_meeting",
        "group_meeting",
        "lecture",
        "party_day",
        "life_meeting",
        "talk",
    ]
    assert list(found["behind"]) == ["general_meeting", "committee_meeting", "group_meeting", "lecture", "party_day"]
    assert found["without_6_months"] == 0 and isinstance(found["appraisal"], dict)


def test_the_counts_on_hand_built_records(tree, people):  # noqa: F811
    seat(tree["fuzhou_1"], people["A"], D(2025, 1, 1))
    meetings(tree["fuzhou_1"], [D(2026, 10, 3)], "committee_meeting", "talk")
    meetings(tree["putian"], [D(2025, 12, 20)], "party_day", "life_meeting")  # last year's
    meetings(tree["putian"], [D(2026, 11, 19)], "party_day")  # after --as-of
    found = stats("--as-of", "2026-11-18")
    # fuzhou_1: 5-10 and 6-10 party days, 5-17 general, 5-18 lecture, the 9-1 activity (no meeting), 10-3.
    assert found["meetings_this_year"] == {
        "general_meeting": 1,
        "committee_meeting": 1,
        "group_meeting": 0,
        "lecture": 1,
        "party_day": 2,
        "life_meeting": 0,
        "talk": 1,
    }
    # October's party day: fuzhou_1, fuzhou_2, putian none; Q3 general meetings and lectures: none.
    assert found["behind"] == {
        "general_meeting": 3,
        "committee_meeting": 0,
        "group_meeting": 0,
        "lecture": 3,
        "party_day": 3,
    }
    assert found["without_6_months"] == 3
    # "This year" runs to --as-of: the party day of 19 November counts the next day.
    assert stats("--as-of", "2026-11-19")["meetings_this_year"]["party_day"] == 3
    assert stats("--as-of", "2026-11-19")["without_6_months"] == 4


def test_every_home_figure_lists_exactly_its_count(client_for, staff, secretary_a, tree, people):  # noqa: F811
    seat(tree["fuzhou"], people["A"], D(2020, 1, 1))
    meetings(tree["fuzhou_2"], [D(2026, 10, 3)], "party_day", "talk")
    for user in (staff, secretary_a):
        client = client_for(user)
        response = client.get(reverse("home"))
        section = next(s for s in response.context["sections"] if s.get("orglife"))["orglife"]
        tiles = [*section["meetings"], *section["behind"], section["without"]]
        assert sum(tile["value"] for tile in tiles) > 3
        for tile in tiles:
            listed = client.get(tile["url"] + ("&" if "?" in tile["url"] else "?") + "per_page=200")
            assert listed.context["page"].paginator.count == tile["value"], (user, tile)
            assert f'href="{tile["url"].replace("&", "&amp;")}">{tile["value"]}</a>' in response.content.decode()


def test_the_secretarys_work_list(client_for, secretary_b, tree, people):  # noqa: F811
    response = client_for(secretary_b).get(reverse("home"))
    worklist = next(
        s for s in response.context["worklists"] if s["template"] == "registry/orglife/compliance/_home_worklist.html"
    )
    assert worklist["orglife"]["without"]["value"] == 1  # G
    body = response.content.decode()
    assert 'data-figure="orglife_without"' in body and 'data-figure="orglife_behind"' in body


def test_meetings_held_counts_what_the_meeting_list_shows(client_for, secretary_b, tree):
    meeting(tree["putian"], D(2026, 3, 1), "general_meeting", "party_day")
    meeting(tree["fuzhou_1"], D(2026, 3, 1), "general_meeting")
    counted = figures.meetings_held(secretary_b, year=2026)
    assert counted["general_meeting"] == 1 and counted["party_day"] == 1
    listed = client_for(secretary_b).get(reverse("registry:meeting_list"), {"kind": "general_meeting", "year": 2026})
    assert listed.context["page"].paginator.count == 1
