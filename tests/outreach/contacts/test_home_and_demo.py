"""The committee's figures on the home page (scoped, each a link), and the demo year: service totals
equal the demo's cases, the quarter grid shows the demo's committee visits and marks the branches
that had none. The demo is the session's shared one (`demo_db`, tests/conftest.py)."""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.urls import reverse

from branches import clock
from branches.models import Organization
from fixtures import demo
from outreach.cases import services as case_services
from outreach.contacts import sections as contact_sections
from outreach.contacts import selectors as contact_selectors
from outreach.contacts import services as contact_services
from outreach.models import BranchVisit, Contact, ServiceCase
from outreach.visits import services as visit_services
from outreach.visits.quarters import Quarter
from registry.models import Member
from tests import factories
from tests.outreach.helpers import days_ago, today


def test_home_figures_are_scoped_links(client_for, secretary_a, staff, members, tree):
    visit_services.occasion_create(
        member=members["putian"][0], data={"kind": "illness", "date": days_ago(1)}, actor=staff
    )
    case_services.service_case_create(
        data={
            "kind": "dispute",
            "organization": tree["fuzhou_1"],
            "member": members["fuzhou_1"][0],
            "summary": "纠纷",
            "opened": days_ago(3),
        },
        actor=staff,
    )
    visit_services.branch_visit_create(
        data={"organization": tree["putian"], "date": today(), "visitors": "林", "discussed": "x"}, actor=staff
    )
    staff_page = client_for(staff).get("/")
    section = next(s for s in staff_page.context["sections"] if "figures" in s)
    figures = section["figures"]
    assert (figures["lost_touch"], figures["open_occasions"], figures["open_cases"]) == (8, 1, 1)
    assert figures["branches_without_visit"] == 3  # 福州 general branch and its two branches
    html = staff_page.content.decode()
    for url in ("outreach:lost_touch", "outreach:visit_overview", "outreach:branch_visit_grid", "outreach:case_list"):
        assert f'href="{reverse(url)}' in html
    secretary = next(s for s in client_for(secretary_a).get("/").context["sections"] if "figures" in s)["figures"]
    assert (secretary["lost_touch"], secretary["open_occasions"], secretary["open_cases"]) == (4, 0, 1)
    assert secretary["branches_without_visit"] == 3


def test_the_lost_touch_figure_is_the_lists_length(secretary_a, staff, members, tree):
    """The home page counts the members in scope less those contacted since the cutoff: a former member's
    recent contact takes no one off, a stale contact leaves the member on the list."""
    days = contact_selectors.lost_touch_days_default()
    recent, stale = members["fuzhou_1"]
    former = members["putian"][0]
    for member, ago in ((recent, 1), (stale, days + 30), (former, 1)):
        contact_services.contact_create(
            member=member, data={"date": days_ago(ago), "channel": "phone", "made_by": "联络员", "note": ""}, actor=None
        )
    Member.all_members.filter(pk=former.pk).update(left_on=days_ago(0), left_as="left_area")
    for user in (staff, secretary_a):
        listed = contact_selectors.lost_touch(user, days=days).count()
        assert contact_sections.home_figures(user)["lost_touch"] == listed
    assert contact_sections.home_figures(secretary_a)["lost_touch"] == 3  # secretary_a's four members but `recent`


def test_home_figures_make_a_bounded_number_of_queries(client_for, staff, tree, django_assert_max_num_queries):
    for _ in range(30):
        member = factories.make_member(tree["putian"])
        visit_services.occasion_create(member=member, data={"kind": "illness", "date": days_ago(1)}, actor=staff)
    client = client_for(staff)
    client.get("/")
    # under 20 whatever the size (issue 27 §4): keeping in touch's six counts are one query (branches.counting)
    with django_assert_max_num_queries(19):
        client.get("/")


# --- the demo year ---------------------------------------------------------------------------------


@pytest.fixture
def seeded(demo_db):
    """The demo, seeded once for the session and shared (tests/conftest.py, SharedDemo)."""


def expected_totals(cases) -> dict:
    totals = defaultdict(lambda: {"cases": 0, "amount": Decimal(0), "people": 0, "settled": 0})
    for case in cases:
        for key in ((case.opened.year, case.kind), (case.opened.year, "all")):
            totals[key]["cases"] += 1
            totals[key]["amount"] += case.amount
            totals[key]["people"] += case.people_served
        if case.kind in ServiceCase.DISPUTE_KINDS and case.outcome == "resolved":
            totals[(case.opened.year, "all")]["settled"] += 1
    return dict(totals)


def shown_totals(response) -> dict:
    totals = {}
    for year in response.context["totals"]:
        for row in year["kinds"]:
            totals[(year["year"], row["kind"])] = {
                "cases": row["cases"],
                "amount": row["amount"],
                "people": row["people"],
                "settled": 0,
            }
        totals[(year["year"], "all")] = {
            "cases": year["cases"],
            "amount": year["amount"],
            "people": year["people"],
            "settled": year["disputes_settled"],
        }
    return totals


def test_service_totals_equal_the_demos_cases(seeded, client, db):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    client.force_login(users.get(username="staff"))
    all_cases = list(ServiceCase.objects.all())
    assert len(all_cases) >= 50
    response = client.get(reverse("outreach:case_list"))
    assert shown_totals(response) == expected_totals(all_cases)
    assert sum(t["settled"] for k, t in shown_totals(response).items() if k[1] == "all") > 10

    client.force_login(users.get(username="secretary"))
    keeps = Organization.objects.get(name=demo.GB_FUZHOU)
    own = [c for c in ServiceCase.objects.select_related("organization") if c.organization.path.startswith(keeps.path)]
    assert 0 < len(own) < len(all_cases)
    response = client.get(reverse("outreach:case_list"))
    assert shown_totals(response) == expected_totals(own)
    assert response.context["page"].paginator.count == len(own)


def test_the_quarter_grid_shows_the_demos_visits_and_marks_branches_without_one(seeded, client, db):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="staff"))
    year = clock.today().year
    grid = client.get(reverse("outreach:branch_visit_grid"), {"year": year}).context["grid"]
    counts = defaultdict(int)
    for visit in BranchVisit.objects.filter(date__year=year):
        counts[(visit.organization_id, Quarter.of(visit.date).number)] += 1
    marked = 0
    for row in grid["rows"]:
        for cell in row["cells"]:
            assert cell["count"] == counts[(row["organization"].pk, cell["quarter"].number)]
            if cell["begun"]:
                assert cell["below"] == (cell["count"] == 0)
                marked += cell["below"]
    assert len(grid["rows"]) == 48 and sum(counts.values()) == BranchVisit.objects.filter(date__year=year).count()
    assert marked > 0 and sum(grid["missing"][:3]) > 0  # some branches went a whole past quarter without a visit


def test_the_demo_year_is_realistic(seeded, db):
    from registry.models import Member

    members = Member.objects.count()
    never = Member.objects.filter(contacts__isnull=True).count()
    assert 0 < never < members * 0.06
    assert Contact.objects.count() > members * 4
    lost = Member.objects.filter(lost_contact=True)
    assert all(m.latest_contact.date < clock.today() - datetime.timedelta(days=180) for m in lost)
