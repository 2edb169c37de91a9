"""The keeping-in-touch lists read their query strings through FilterSets: good values filter, and a
value the page cannot use (`?year=abc`, `?year=²`, `?year=0`, an id too long to be one, a kind that
does not exist) gives the page (200) with nothing listed and the reason shown next to the filter —
never a 500. Pages about one year show this year and say why."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from outreach.activities import services as activity_services
from outreach.cases import services as case_services
from outreach.visits import services as visit_services
from tests import factories
from tests.outreach.helpers import shown, today, year_refused

ACTIVITIES = reverse("outreach:activity_list")
CASES = reverse("outreach:case_list")
VISITS = reverse("outreach:visit_overview")
LOST_TOUCH = reverse("outreach:lost_touch")
ABSENTEES = reverse("outreach:activity_absentees")
GRID = reverse("outreach:branch_visit_grid")

BAD_YEARS = ["abc", "²", "0", "99999999999999999999", "2026.5", "１９９９"]
BAD_IDS = ["99999999999999999999999", "abc", "²", "-1"]


def refused(response, field: str) -> list[str]:
    """The page came (200), listed nothing, and shows the filter's error(s) for `field`."""
    assert response.status_code == 200
    errors = response.context["filter"].errors[field]
    assert errors
    html = response.content.decode()
    for error in errors:
        assert escape(error) in html
    assert list(response.context["page"].object_list) == []
    return errors


def listed(response) -> list:
    assert response.status_code == 200 and not response.context["filter"].errors
    return list(response.context["page"].object_list)


@pytest.fixture
def activities(tree):
    this_year = activity_services.activity_create(
        data={"topic": "专家讲座", "date": today(), "organization": tree["putian"]}, kind="special_lecture", actor=None
    )
    last_year = activity_services.activity_create(
        data={"topic": "知识竞赛", "date": datetime.date(today().year - 1, 6, 1), "organization": tree["putian"]},
        kind="contest",
        actor=None,
    )
    return this_year, last_year


def test_activities_filter_by_kind_and_year(client_for, staff, activities):
    this_year, last_year = activities
    client = client_for(staff)
    assert listed(client.get(ACTIVITIES)) == [this_year, last_year]
    assert listed(client.get(ACTIVITIES, {"kind": "contest"})) == [last_year]
    assert listed(client.get(ACTIVITIES, {"year": today().year})) == [this_year]
    assert listed(client.get(ACTIVITIES, {"year": "", "kind": "", "page": "1"})) == [this_year, last_year]


@pytest.mark.parametrize("year", BAD_YEARS)
def test_activities_with_a_year_that_is_not_one(client_for, staff, activities, year):
    assert refused(client_for(staff).get(ACTIVITIES, {"year": year}), "year") == [year_refused()]


def test_activities_with_a_kind_that_does_not_exist(client_for, staff, activities):
    assert "nonsense" in refused(client_for(staff).get(ACTIVITIES, {"kind": "nonsense"}), "kind")[0]


@pytest.fixture
def cases(tree):
    def case(opened, closed=None):
        return case_services.service_case_create(
            data={
                "kind": "dispute",
                "organization": tree["putian"],
                "member": None,
                "enterprise": factories.make_enterprise(),
                "summary": "货款纠纷调解",
                "opened": opened,
                "closed": closed,
                "outcome": "resolved" if closed else "",
                "amount": 0,
                "people_served": 1,
            },
            actor=None,
        )

    return case(today()), case(datetime.date(today().year - 1, 3, 1), closed=datetime.date(today().year - 1, 4, 1))


def test_cases_filter_by_state_kind_and_year(client_for, staff, cases):
    open_case, closed_case = cases
    client = client_for(staff)
    assert listed(client.get(CASES, {"state": "open"})) == [open_case]
    assert listed(client.get(CASES, {"state": "closed"})) == [closed_case]
    assert listed(client.get(CASES, {"year": today().year - 1, "kind": "dispute"})) == [closed_case]


@pytest.mark.parametrize(
    "params, field",
    [
        *[({"year": year}, "year") for year in BAD_YEARS],
        ({"kind": "nonsense"}, "kind"),
        ({"state": "half-open"}, "state"),
    ],
)
def test_cases_with_values_the_ledger_cannot_use(client_for, staff, cases, params, field):
    refused(client_for(staff).get(CASES, params), field)


@pytest.fixture
def visits(members):
    member = members["putian"][0]
    day = datetime.date(today().year - 1, 11, 5)
    old = visit_services.visit_create(
        member=member, data={"kind": "hardship", "date": day, "visitors": "书记"}, actor=None
    )
    recent = visit_services.visit_create(
        member=member, data={"kind": "illness", "date": today(), "visitors": "书记"}, actor=None
    )
    return old, recent


def test_visits_filter_by_quarter_and_occasion(client_for, staff, visits):
    old, recent = visits
    client = client_for(staff)
    response = client.get(VISITS, {"quarter": f"{today().year - 1}-4"})
    assert listed(response) == [old] and response.context["quarter"].number == 4
    assert listed(client.get(VISITS, {"kind": "illness"})) == [recent]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"quarter": "abc"}, "quarter"),
        ({"quarter": "2026-9"}, "quarter"),
        ({"quarter": "²-1"}, "quarter"),
        ({"quarter": "0-1"}, "quarter"),
        ({"quarter": "99999999999999999999-1"}, "quarter"),
        ({"kind": "nonsense"}, "kind"),
    ],
)
def test_visits_with_values_the_page_cannot_use(client_for, staff, visits, params, field):
    response = client_for(staff).get(VISITS, params)
    refused(response, field)
    assert response.context["quarter"] is None


@pytest.mark.parametrize("url", [VISITS, GRID])
@pytest.mark.parametrize("year", BAD_YEARS)
def test_pages_about_a_year_show_this_year_and_say_why(client_for, staff, tree, url, year):
    response = client_for(staff).get(url, {"year": year})
    assert response.status_code == 200 and response.context["year"] == today().year
    message = shown("“%(value)s” is not a year from %(first)s to %(last)s: %(year)s is shown instead.") % {
        "value": year,
        "first": 2000,
        "last": 2100,
        "year": today().year,
    }
    assert escape(message) in response.content.decode()


def test_the_lost_touch_list_reads_days_and_organization(client_for, staff, members, tree):
    client = client_for(staff)
    assert len(listed(client.get(LOST_TOUCH))) == 8
    response = client.get(LOST_TOUCH, {"days": "30", "organization": tree["fuzhou"].pk})
    assert len(listed(response)) == 4
    assert response.context["days"] == 30 and response.context["organization"] == tree["fuzhou"]


@pytest.mark.parametrize(
    "params, field",
    [
        *[({"days": days}, "days") for days in ("abc", "²", "0", "3651", "99999999999999999999")],
        *[({"organization": value}, "organization") for value in BAD_IDS],
    ],
)
def test_the_lost_touch_list_with_values_it_cannot_use(client_for, staff, members, params, field):
    response = client_for(staff).get(LOST_TOUCH, params)
    refused(response, field)
    assert response.context["page"].paginator.count == 0


def test_an_organization_out_of_sight_is_still_a_404(client_for, secretary_a, members, tree):
    client = client_for(secretary_a)
    assert client.get(LOST_TOUCH, {"organization": tree["putian"].pk}).status_code == 404
    assert client.get(ABSENTEES, {"organization": tree["putian"].pk}).status_code == 404
    assert client.get(ABSENTEES, {"organization": "123456789"}).status_code == 404


def test_absentees_read_year_and_organization(client_for, staff, members, tree):
    response = client_for(staff).get(ABSENTEES, {"year": today().year - 1, "organization": tree["putian"].pk})
    assert set(listed(response)) == set(members["putian"])
    assert response.context["year"] == today().year - 1 and response.context["organization"] == tree["putian"]


@pytest.mark.parametrize(
    "params, field",
    [
        *[({"year": year}, "year") for year in BAD_YEARS],
        *[({"organization": value}, "organization") for value in BAD_IDS],
    ],
)
def test_absentees_with_values_the_page_cannot_use(client_for, staff, members, params, field):
    response = client_for(staff).get(ABSENTEES, params)
    refused(response, field)
    assert response.context["year"] == today().year
