"""Committee visits to branches: recorded by the committee only, a branches × quarters grid that
marks each branch without a visit in a quarter that has begun, scoped."""

import datetime

from django.urls import reverse

from branches.models import Organization
from outreach.models import BranchVisit
from outreach.visits import selectors, services
from outreach.visits.quarters import Quarter
from tests import factories
from tests.outreach.helpers import FUTURE_MESSAGE, REQUIRED, shown, today, tomorrow

GRID = reverse("outreach:branch_visit_grid")
NEW = reverse("outreach:branch_visit_create")


def visit(organization, day, actor=None):
    return services.branch_visit_create(
        data={"organization": organization, "date": day, "visitors": "林书记", "discussed": "三会一课"}, actor=actor
    )


def test_grid_counts_per_quarter_and_marks_the_branches_without_a_visit(staff, tree):
    year = today().year - 1
    visit(tree["fuzhou_1"], datetime.date(year, 2, 1))
    visit(tree["fuzhou_1"], datetime.date(year, 3, 1))
    visit(tree["fuzhou_2"], datetime.date(year, 8, 1))
    grid = selectors.branch_visit_grid(staff, year)
    rows = {row["organization"].name: row["cells"] for row in grid["rows"]}
    assert "福建商会党委" not in rows  # the committee visits; it is not visited
    assert [c["count"] for c in rows["福州商会第一党支部"]] == [2, 0, 0, 0]
    assert [c["below"] for c in rows["福州商会第一党支部"]] == [False, True, True, True]
    assert [c["below"] for c in rows["福州商会第二党支部"]] == [True, True, False, True]
    assert all(c["below"] for c in rows["莆田商会党支部"])
    assert grid["missing"] == [3, 4, 3, 4]  # 4 rows: the general branch and three branches


def test_quarters_still_to_come_are_not_marked(staff, tree):
    grid = selectors.branch_visit_grid(staff, today().year + 1)
    assert not any(cell["below"] for row in grid["rows"] for cell in row["cells"])


def test_committee_records_a_visit_with_history(client_for, staff, tree):
    response = client_for(staff).post(
        NEW,
        {
            "organization": tree["putian"].pk,
            "date": today().isoformat(),
            "visitors": "林书记、陈委员",
            "discussed": "检查党员台账",
        },
    )
    assert response.status_code == 302
    recorded = BranchVisit.objects.get()
    assert recorded.history.get().history_user == staff
    page = client_for(staff).get(GRID)
    row = next(r for r in page.context["grid"]["rows"] if r["organization"] == tree["putian"])
    assert row["cells"][Quarter.of(today()).number - 1]["count"] == 1


def test_only_the_committee_records_and_refusals_write_nothing(client_for, secretary_a, reviewer, staff, tree):
    data = {"organization": tree["fuzhou_1"].pk, "date": today().isoformat(), "visitors": "林", "discussed": "x"}
    assert client_for(secretary_a).post(NEW, data).status_code == 403
    assert client_for(reviewer).post(NEW, data).status_code == 403
    response = client_for(staff).post(NEW, {**data, "date": tomorrow()})
    assert shown(FUTURE_MESSAGE) in " ".join(response.context["form"].errors["date"])
    response = client_for(staff).post(NEW, {**data, "discussed": ""})
    assert REQUIRED in " ".join(response.context["form"].errors["discussed"])
    assert client_for(staff).post(NEW, {**data, "organization": tree["committee"].pk}).status_code == 404
    assert not BranchVisit.objects.exists()


def test_secretary_sees_only_their_branches(client_for, secretary_a, tree):
    visit(tree["putian"], today())
    response = client_for(secretary_a).get(GRID)
    names = {row["organization"].name for row in response.context["grid"]["rows"]}
    assert names == {"福州商会党总支", "福州商会第一党支部", "福州商会第二党支部"}
    assert response.context["page"].paginator.count == 0


def test_grid_queries_are_bounded(client_for, staff, tree, django_assert_max_num_queries):
    for index in range(40):
        organization = factories.make_organization(parent=tree["committee"], level=Organization.Level.JOINT_BRANCH)
        # This year's, never after today (early in January there are few days to spread them over).
        visit(organization, max(datetime.date(today().year, 1, 1), today() - datetime.timedelta(days=index % 28)))
    client = client_for(staff)
    client.get(GRID)
    with django_assert_max_num_queries(8):
        response = client.get(GRID, {"year": today().year})
    assert len(response.context["grid"]["rows"]) == 44
