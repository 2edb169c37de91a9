"""A committee's own frequencies of meetings and terms (issue 27 §1): its organizations follow them in
place of the deployment's settings, another committee's do not; its office sets them on a page of its
own, refused in words for bad values, kept with their history."""

import datetime

import pytest
from django.urls import reverse

from branches import clock
from branches.models import Organization
from branches.services import role_grant
from registry.committees import services
from registry.models import CommitteeSettings
from registry.orglife.compliance import rules, selectors
from tests import factories
from tests.registry.orglife.compliance.helpers import D, meeting, month_start, quarter_start

GRID = reverse("registry:meeting_compliance")


@pytest.fixture
def xiamen(tree):
    committee = factories.make_organization("厦门商会党委", level=Organization.Level.COMMITTEE)
    return {"committee": committee, "branch": factories.make_organization("厦门商会党支部", parent=committee)}


@pytest.fixture
def quarterly_party_day(tree):
    """福建商会党委 holds its themed party day once a quarter, and elects its branches for four years."""
    return services.own_settings_save(
        organization=tree["committee"], frequencies={"party_day": "quarter"}, term_years={"branch": 4}, actor=None
    )


def test_a_committees_frequency_changes_its_branches_grid_and_not_the_other_committees(
    tree, xiamen, quarterly_party_day, client_for, staff
):
    fujian_staff, _ = role_grant(username="fujian_staff", role="staff", organization=tree["committee"])
    xiamen_staff, _ = role_grant(username="xiamen_staff", role="staff", organization=xiamen["committee"])
    # On the 10th of the last completed quarter's middle month (on 18 November 2026: 10 August, in Q3),
    # none in the last completed month (October).
    held_on = month_start(quarter_start(clock.today(), -1), 1) + datetime.timedelta(days=9)
    for branch in (tree["putian"], xiamen["branch"]):
        meeting(branch, held_on, "party_day")
    asked = {"kind": "party_day", "year": held_on.year}
    grid = client_for(fujian_staff).get(GRID, asked).context["grid"]
    assert grid["frequency"] == "quarter" and len(grid["periods"]) == 4
    assert grid["rows"][0].cells[0].period.frequency == "quarter"
    grid = client_for(xiamen_staff).get(GRID, asked).context["grid"]
    assert grid["frequency"] == "month" and len(grid["periods"]) == 12
    # The body above: the deployment's months, each branch judged at its committee's own frequency.
    grid = client_for(staff).get(GRID, asked).context["grid"]
    rows = {row.organization.name: row for row in grid["rows"]}
    assert grid["frequency"] == "month"
    putian, other = rows["莆田商会党支部"], rows["厦门商会党支部"]
    assert len(putian.judged) == 4 and len(putian.cells) == 12
    months = slice(held_on.month - 2, held_on.month + 1)  # the quarter's, as the grid's columns
    assert [cell.state for cell in putian.cells[months]] == [rules.HELD] * 3  # the quarter held, in its 3 months
    assert [cell.state for cell in other.cells[months]] == [rules.NOT_HELD, rules.HELD, rules.NOT_HELD]

    behind = {
        (row.organization.name, row.kind) for row in selectors.behind_rows(Organization.objects.all(), clock.today())
    }
    assert ("莆田商会党支部", "party_day") not in behind  # held in the last completed quarter
    assert ("厦门商会党支部", "party_day") in behind  # none in the last completed month


def test_a_committees_term_years_change_its_branches_term(tree, xiamen, quarterly_party_day, client_for, staff):
    def offered(branch):
        return client_for(staff).get(reverse("registry:election_record", args=[branch.pk])).context["form"]

    assert offered(tree["putian"]).initial["term_years"] == 4
    assert offered(xiamen["branch"]).initial["term_years"] == 3


def test_the_committees_office_sets_them_with_history(tree, xiamen, client_for, staff):
    fujian_staff, _ = role_grant(username="fujian_staff", role="staff", organization=tree["committee"])
    url = reverse("registry:committee_own_settings", args=[tree["committee"].pk])
    client = client_for(fujian_staff)
    assert client.get(url).status_code == 200
    assert client.post(url, {"frequency_party_day": "quarter", "term_years_branch": "4"}).status_code == 302
    row = CommitteeSettings.objects.get(organization=tree["committee"])
    assert row.meeting_frequencies == {"party_day": "quarter"} and row.term_years == {"branch": 4}
    assert client.post(url, {"frequency_party_day": "", "term_years_branch": "4"}).status_code == 302
    row.refresh_from_db()
    assert row.meeting_frequencies == {} and row.history.count() == 2
    # Another committee's, a branch, a secretary: not theirs.
    assert client.get(reverse("registry:committee_own_settings", args=[xiamen["committee"].pk])).status_code == 404
    assert client.get(reverse("registry:committee_own_settings", args=[tree["putian"].pk])).status_code == 404
    assert (
        client_for(staff).get(reverse("registry:committee_own_settings", args=[xiamen["committee"].pk])).status_code
        == 200
    )


def test_bad_values_are_refused_in_chinese_and_nothing_written(tree, client_for, staff, secretary_b):
    url = reverse("registry:committee_own_settings", args=[tree["committee"].pk])
    client = client_for(staff)
    response = client.post(url, {"term_years_branch": "9"})
    assert response.status_code == 200 and "每届任期为1至5年" in response.content.decode()
    response = client.post(url, {"frequency_party_day": "fortnight"})
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert not CommitteeSettings.objects.exists()
    assert client_for(secretary_b).get(url).status_code == 403


def test_a_column_covering_several_own_periods_says_the_worst():
    assert rules.combined_state([rules.HELD, rules.NOT_HELD, rules.EXEMPT]) == rules.NOT_HELD
    assert rules.combined_state([rules.HELD, rules.NOT_OWED]) == rules.HELD
    assert rules.combined_state([]) == rules.NOT_OWED


@pytest.mark.parametrize("size", [2, 20])
def test_the_grid_and_the_behind_list_stay_bounded_with_own_settings(
    tree, quarterly_party_day, client_for, staff, size, django_assert_max_num_queries
):
    """The committees' settings are read once for the page, whatever the number of organizations."""
    for _ in range(size):
        meeting(factories.make_organization(parent=tree["fuzhou"]), D(2026, 8, 10), "party_day")
    client = client_for(staff)
    client.get(GRID)
    with django_assert_max_num_queries(9):  # the grid's 8, and the committees' settings
        assert client.get(GRID, {"kind": "party_day"}).status_code == 200
    with django_assert_max_num_queries(10):  # the list's 8, the settings and the organizations again
        assert client.get(reverse("registry:meeting_behind")).status_code == 200
