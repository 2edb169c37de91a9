"""The organizations behind (ORGLIFE.md §1): those that owed a kind in its last completed period before
the day, held none and were not excused — against hand-built records; scoped, masked for reviewers,
filtered, sorted, exported, bounded in queries at two sizes."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from branches import clock
from branches.models import Organization
from registry.models import Exemption, ExportLog
from registry.orglife.compliance import selectors
from tests import factories
from tests.registry.orglife.compliance.helpers import (
    D,
    meeting,
    meetings,
    month_start,
    quarter_key,
    quarter_start,
    seat,
)

BEHIND = reverse("registry:meeting_behind")
DAY = datetime.timedelta(days=1)


def days() -> dict[str, datetime.date]:
    """The periods around today the records are written in (on 18 November 2026: this month November,
    the last completed month October, the one before it September, this quarter from 1 October, the last
    completed quarter the third, from 1 July)."""
    today = clock.today()
    return {
        "today": today,
        "this_month": month_start(today),
        "last_month": month_start(today, -1),
        "month_before": month_start(today, -2),
        "this_quarter": quarter_start(today),
        "last_quarter": quarter_start(today, -1),
    }


@pytest.fixture
def records(tree, members):
    """Records dated from today (the dates in brackets are those of 18 November 2026; on 1 January the
    last completed month is December and the last completed quarter the fourth, of the year before):
    fuzhou_1 held its general meeting and lecture in the last completed quarter (20 September) and its
    party day in the last completed month (20 October); fuzhou_2 held no general meeting then (its last
    on the quarter before's last day, 30 June) and was excused from last month's party day; putian, set
    up on the first day of the last completed quarter's second month (1 August), held nothing; its first
    party group met last month (3 October), its second only the month before (3 September); the general
    branch's committee sits and did not meet; fuzhou_1's committee left the month before last (10
    September)."""
    on = days()
    Organization.objects.filter(pk=tree["putian"].pk).update(
        established=month_start(on["last_quarter"], 1), secretary_name="王书记"
    )
    Organization.objects.filter(pk=tree["putian"].pk).update(secretary_phone="13912345678")
    group_1 = factories.make_organization("莆田第一党小组", level="party_group", parent=tree["putian"])
    group_2 = factories.make_organization("莆田第二党小组", level="party_group", parent=tree["putian"])
    meeting(tree["fuzhou_1"], month_start(on["last_quarter"], 2) + DAY * 19, "general_meeting", "lecture")
    meeting(tree["fuzhou_1"], on["last_month"] + DAY * 19, "party_day")
    Exemption.objects.create(organization=tree["fuzhou_2"], kind="party_day", period_start=on["last_month"], reason="x")
    meeting(tree["fuzhou_2"], on["last_quarter"] - DAY, "general_meeting")  # the quarter before's: not the last
    meeting(tree["fuzhou_2"], on["this_month"], "party_day", "general_meeting")  # this month's: not yet due
    meetings(group_1, [on["last_month"] + DAY * 2], "group_meeting")
    meetings(group_2, [on["month_before"] + DAY * 2], "group_meeting")
    seat(tree["fuzhou"], members["fuzhou_2"][0], D(2020, 1, 1))
    seat(tree["fuzhou_1"], members["fuzhou_1"][0], month_start(on["today"], -12), on["month_before"] + DAY * 9)
    return {**tree, "group_1": group_1, "group_2": group_2}


def behind_of(response) -> set[tuple[str, str]]:
    return {(row.organization.name, row.kind) for row in response.context["page"].paginator.object_list}


def test_the_organizations_behind_in_the_last_completed_period(client_for, staff, records):
    response = client_for(staff).get(BEHIND)
    assert behind_of(response) == {
        ("福州商会第二党支部", "general_meeting"),
        ("福州商会第二党支部", "lecture"),
        ("莆田商会党支部", "general_meeting"),
        ("莆田商会党支部", "lecture"),
        ("莆田商会党支部", "party_day"),
        ("莆田第二党小组", "group_meeting"),
        ("福州商会党总支", "committee_meeting"),
    }
    rows = {(row.organization.name, row.kind): row for row in response.context["page"].paginator.object_list}
    on = days()
    assert rows[("福州商会第二党支部", "general_meeting")].last_held == on["this_month"]
    assert rows[("福州商会第二党支部", "general_meeting")].period.key == quarter_key(on["last_quarter"])
    assert rows[("莆田第二党小组", "group_meeting")].period.key == f"{on['last_month']:%Y-%m}"
    assert rows[("莆田商会党支部", "lecture")].last_held is None
    assert selectors.behind_counts(on["today"]) == {
        "general_meeting": 2,
        "committee_meeting": 1,
        "group_meeting": 1,
        "lecture": 2,
        "party_day": 1,
    }


def test_the_day_decides_which_period_is_the_last_completed(records):
    on = days()
    # On last month's last day (31 October) it is still under way: the month before (September) is the
    # month looked at, and nobody held a party day then.
    counts = selectors.behind_counts(on["this_month"] - DAY)
    assert counts["party_day"] == 3 and counts["group_meeting"] == 1
    # On this quarter's first day (1 October) the last is complete; on the day before (30 September) the
    # quarter before it is the last.
    assert selectors.behind_counts(on["this_quarter"])["general_meeting"] == 2
    assert selectors.behind_counts(on["this_quarter"] - DAY)["general_meeting"] == 1  # fuzhou_1 (putian: not set up)


def test_each_kind_is_a_figure_that_lists_exactly_its_count(client_for, staff, records):
    client = client_for(staff)
    for kind, count in selectors.behind_counts(clock.today()).items():
        response = client.get(BEHIND, {"kind": kind})
        assert response.context["page"].paginator.count == count, kind


def test_a_secretary_sees_their_subtree_their_own_first(client_for, secretary_a, secretary_b, records):
    assert behind_of(client_for(secretary_b).get(BEHIND)) == {
        ("莆田商会党支部", "general_meeting"),
        ("莆田商会党支部", "lecture"),
        ("莆田商会党支部", "party_day"),
        ("莆田第二党小组", "group_meeting"),
    }
    rows = client_for(secretary_a).get(BEHIND, {"sort": "kind"}).context["page"].object_list
    assert rows[0].organization.name == "福州商会党总支" and rows[0].own
    assert {row.organization.name for row in rows} == {"福州商会党总支", "福州商会第二党支部"}


def test_the_secretary_and_phone_are_shown_and_masked_for_reviewers(client_for, staff, reviewer, records):
    body = client_for(staff).get(BEHIND, {"organization": records["putian"].pk}).content.decode()
    assert "王书记" in body and "13912345678" in body
    masked = client_for(reviewer).get(BEHIND, {"organization": records["putian"].pk}).content.decode()
    assert "王书记" in masked and "13912345678" not in masked and "139****5678" in masked


def test_the_export_is_the_list_and_is_logged(client_for, reviewer, records):
    response = client_for(reviewer).get(reverse("registry:meeting_behind_export"), {"kind": "lecture"})
    rows = [[cell.value for cell in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    assert rows[0] == ["党组织", "层级", "会议类型", "应召开期间", "最近一次召开", "书记", "联系电话"]
    assert sorted(row[0] for row in rows[1:]) == ["福州商会第二党支部", "莆田商会党支部"]
    assert "13912345678" not in str(rows)
    assert ExportLog.objects.get().kind == "meetings_behind"


def test_bad_filters_are_said_not_a_500(client_for, staff, records):
    for params in ({"kind": "talk"}, {"organization": "x"}, {"organization": "99999999999999999999999"}):
        response = client_for(staff).get(BEHIND, params)
        assert response.status_code == 200 and response.context["filter"].form.errors, params


@pytest.mark.parametrize("size", [2, 20])
def test_the_list_is_bounded_in_queries(client_for, staff, tree, size, django_assert_max_num_queries):
    for _ in range(size):
        branch = factories.make_organization(parent=tree["fuzhou"], secretary_name="书记")
        seat(branch, factories.make_member(branch), D(2025, 1, 1))
        meetings(branch, [month_start(clock.today(), -1) + DAY * 9], "party_day")  # last month's
    client = client_for(staff)
    client.get(BEHIND)
    with django_assert_max_num_queries(8):
        response = client.get(BEHIND, {"per_page": 200})
    assert response.context["page"].paginator.count >= 3 * size
