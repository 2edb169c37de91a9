"""The compliance grid (ORGLIFE.md §1): organizations × periods for one kind of meeting, each cell held,
not held, exempt, not yet due or not owed, against hand-built records; scoped (a secretary sees their
subtree, their own row first), filtered, exported (logged), bounded in queries at two sizes."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from branches import clock
from branches.models import Organization
from registry.models import Exemption, ExportLog
from tests import factories
from tests.registry.orglife.compliance.helpers import D, meeting, meetings, month_start, quarter_start, seat

GRID = reverse("registry:meeting_compliance")


@pytest.fixture
def records(tree, members, on_day):
    """The grid of 2026 read on 18 November 2026, whatever the suite's day: a year whose fourth quarter
    (and November) is under way, so that its cells are held, not held, exempt, not yet due and not owed
    at once — the grid is by calendar year, and no year looks like that on 1 January or 1 July (the behind
    list, test_behind.py, is dated from any day). fuzhou_1 met in Q1 and Q3; fuzhou_2 was excused for Q2
    and met in Q4; putian was set up on 1 August. fuzhou_1's committee sat from 15 June to 10 September
    and met in June and August; the general branch's committee sits all year and never met."""
    on_day(D(2026, 11, 18))
    Organization.objects.filter(pk=tree["putian"].pk).update(established=D(2026, 8, 1))
    meeting(tree["fuzhou_1"], D(2026, 2, 10), "general_meeting", "party_day", present=members["fuzhou_1"])
    meeting(tree["fuzhou_1"], D(2026, 8, 10), "general_meeting")
    meeting(tree["fuzhou_1"], D(2026, 9, 12), "general_meeting")
    Exemption.objects.create(
        organization=tree["fuzhou_2"], kind="general_meeting", period_start=D(2026, 4, 1), reason="春节"
    )
    meeting(tree["fuzhou_2"], D(2026, 11, 2), "general_meeting")
    seat(tree["fuzhou_1"], members["fuzhou_1"][0], D(2026, 6, 15), D(2026, 9, 10))
    meetings(tree["fuzhou_1"], [D(2026, 6, 20), D(2026, 8, 3)], "committee_meeting")
    seat(tree["fuzhou"], members["fuzhou_2"][0], D(2020, 1, 1))
    return tree


def states(response) -> dict[str, list[str]]:
    return {row.organization.name: [cell.state for cell in row.cells] for row in response.context["grid"]["rows"]}


def test_the_quarterly_grid_says_what_each_branch_held(client_for, staff, records):
    response = client_for(staff).get(GRID, {"kind": "general_meeting", "year": 2026})
    assert response.status_code == 200
    assert [period.key for period in response.context["grid"]["periods"]] == [
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    assert states(response) == {
        "福州商会第一党支部": ["held", "not_held", "held", "not_yet_due"],
        "福州商会第二党支部": ["not_held", "exempt", "not_held", "held"],
        "莆田商会党支部": ["not_owed", "not_owed", "not_held", "not_yet_due"],
    }
    row = response.context["grid"]["rows"][0]
    assert (row.held, row.not_held, row.exempt) == (2, 1, 0)
    assert row.cells[2].meetings[0][0] == D(2026, 8, 10) and len(row.cells[2].meetings) == 2
    totals = response.context["grid"]["totals"]
    assert [(t["held"], t["owed"], t["not_held"]) for t in totals] == [(1, 2, 1), (0, 2, 1), (1, 3, 2), (1, 3, 0)]
    body = response.content.decode()
    assert 'data-state="exempt"' in body and "春节" in body


def test_committee_meetings_are_owed_only_while_a_committee_sits(client_for, staff, records):
    response = client_for(staff).get(GRID, {"kind": "committee_meeting", "year": 2026})
    grid = states(response)
    assert grid["福州商会第一党支部"] == ["not_owed"] * 5 + ["held", "not_held", "held", "not_held"] + ["not_owed"] * 3
    assert grid["福州商会党总支"] == ["not_held"] * 10 + ["not_yet_due"] * 2
    assert set(grid) == {"福州商会第一党支部", "福州商会党总支"}  # no committee, no row


def test_a_yearly_kind_shows_five_years(client_for, staff, records):
    meeting(records["putian"], D(2026, 11, 1), "life_meeting")
    response = client_for(staff).get(GRID, {"kind": "life_meeting", "year": 2026})
    assert [period.key for period in response.context["grid"]["periods"]] == ["2022", "2023", "2024", "2025", "2026"]
    grid = states(response)
    assert grid["莆田商会党支部"] == ["not_owed", "not_owed", "not_owed", "not_owed", "held"]
    assert grid["福州商会党总支"][-2:] == ["not_held", "not_yet_due"]


def test_a_secretary_sees_their_subtree_their_own_row_first(client_for, secretary_a, records):
    response = client_for(secretary_a).get(GRID, {"kind": "committee_meeting", "year": 2026})
    names = [row.organization.name for row in response.context["grid"]["rows"]]
    assert names == ["福州商会党总支", "福州商会第一党支部"]
    assert response.context["grid"]["rows"][0].own
    general = client_for(secretary_a).get(GRID, {"kind": "general_meeting", "year": 2026, "sort": "-not_held"})
    assert [row.organization.name for row in general.context["grid"]["rows"]] == [
        "福州商会第二党支部",
        "福州商会第一党支部",
    ]
    assert "莆田商会党支部" not in general.content.decode()


def test_on_any_day_the_quarters_over_are_held_or_not_and_the_rest_not_yet_due(client_for, staff, tree):
    """Read on the suite's day, whichever (1 January: the last completed quarter is last year's fourth)."""
    today = clock.today()
    last = quarter_start(today, -1)
    meeting(tree["fuzhou_1"], month_start(last, 2) + datetime.timedelta(days=27), "general_meeting")
    client = client_for(staff)
    asked = {"kind": "general_meeting", "year": last.year}
    assert states(client.get(GRID, asked))["福州商会第一党支部"][(last.month - 1) // 3] == "held"
    over = (today.month - 1) // 3  # this year's quarters over
    this_year = states(client.get(GRID, {"kind": "general_meeting", "year": today.year}))
    assert this_year["福州商会第二党支部"] == ["not_held"] * over + ["not_yet_due"] * (4 - over)


def test_a_secretary_cannot_ask_for_another_subtree(client_for, secretary_b, records):
    response = client_for(secretary_b).get(GRID, {"organization": records["fuzhou"].pk})
    assert response.status_code == 200 and response.context["grid"]["rows"] == []
    assert "organization" in response.context["filter"].form.errors


def test_filters_narrow_the_rows_and_bad_values_are_said(client_for, staff, records):
    client = client_for(staff)
    only = client.get(GRID, {"kind": "general_meeting", "organization": records["fuzhou"].pk, "state": "exempt"})
    assert list(states(only)) == ["福州商会第二党支部"]
    for params in ({"year": "²"}, {"kind": "tea"}, {"year": "99999999999999999999"}, {"level": "x"}):
        response = client.get(GRID, params)
        assert response.status_code == 200 and response.context["filter"].form.errors, params


def test_the_export_is_the_grid_and_is_logged(client_for, secretary_a, records):
    response = client_for(secretary_a).get(reverse("registry:meeting_compliance_export"), {"year": 2026})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:2] == ["党组织", "层级"] and len(rows[0]) == 2 + 4 + 3
    assert [row[0] for row in rows[1:]] == ["福州商会第一党支部", "福州商会第二党支部"]
    log = ExportLog.objects.get()
    assert (log.kind, log.rows, log.user) == ("meeting_compliance", 2, secretary_a)


def test_a_reviewer_reads_the_grid_but_no_one_without_a_role(client_for, reviewer, records, client, django_user_model):
    assert client_for(reviewer).get(GRID).status_code == 200
    nobody = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(nobody)
    response = client.get(GRID)
    assert response.status_code == 200 and response.context["grid"]["rows"] == []


@pytest.mark.parametrize("size", [2, 20])
def test_the_grid_is_bounded_in_queries(client_for, staff, tree, size, django_assert_max_num_queries):
    for _ in range(size):
        branch = factories.make_organization(parent=tree["fuzhou"])
        member = factories.make_member(branch)
        seat(branch, member, D(2025, 1, 1))
        meetings(branch, [D(2026, month, 10) for month in range(1, 11)], "committee_meeting", "party_day")
    client = client_for(staff)
    client.get(GRID)
    with django_assert_max_num_queries(8):
        response = client.get(GRID, {"kind": "committee_meeting"})
    assert len(response.context["grid"]["rows"]) == size + 0  # the general branch has no committee here


def test_every_export_kind_fits_the_export_log():
    """ExportLog.kind is 20 characters (PostgreSQL refuses a longer one; SQLite does not check)."""
    from registry.orglife.room import ROOM

    longest = ExportLog._meta.get_field("kind").max_length
    assert [kind for kind in ROOM.export_kinds if len(kind) > longest] == []
