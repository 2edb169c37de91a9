"""The dashboards on the small tree: scope, bounded queries, the printable summary and its
workbook, the filtered lists behind the figures, and the sections other apps add."""

import datetime
import io
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from branches import rooms
from registry.figures import dashboard
from registry.models import ExportLog, Member
from registry.surveys import services as survey_services
from tests import factories


@pytest.fixture
def survey(tree, members):
    survey_round = survey_services.survey_round_create(
        data={"name": "摸底", "started": datetime.date(2026, 9, 1)}, actor=None
    )
    for key, counted in (("fuzhou_1", 3), ("putian", 5)):
        survey_services.survey_count_save(
            survey_round=survey_round, organization=tree[key], data={"members": counted}, actor=None
        )
    return survey_round


def tiles(response) -> dict:
    return {
        tile.key: tile.value
        for name in ("member_tiles", "organization_tiles", "chamber_tiles")
        for tile in response.context.get(name) or ()
    }


def test_secretary_home_counts_their_subtree_only(client_for, secretary_a, tree, members, survey):
    factories.make_member(tree["fuzhou_2"], phone="")
    factories.make_member(tree["putian"], phone="")
    response = client_for(secretary_a).get(reverse("home"))
    figures = tiles(response)
    assert figures["members"] == 5 and figures["organizations"] == 3 and figures["branches_in_all"] == 2
    assert figures["six_knowns_incomplete"] == 1
    assert response.context["worklist_count"] == 1
    assert [member.organization for member in response.context["worklist_preview"]] == [tree["fuzhou_2"]]
    assert [(gap.organization, gap.line.gap) for gap in response.context["survey_gaps"]] == [(tree["fuzhou_1"], 1)]
    assert "chamber_tiles" not in response.context and "advice" not in response.context


def test_reviewer_home_has_the_committees_figures_and_no_work_list(client_for, reviewer, members):
    response = client_for(reviewer).get(reverse("home"))
    figures = tiles(response)
    assert figures["members"] == 8 and figures["city_covered"] == 2
    assert "worklist_preview" not in response.context
    assert 'id="worklist"' not in response.content.decode()


def test_no_two_figures_of_the_home_page_share_a_label(client_for, staff, members):
    """Issue 19: 预备党员 9 (on the roster) beside 预备党员 3 (in the development ledger). Each tile of
    the home page (and so of the printable summary) says what it counts, in words no other tile uses."""
    response = client_for(staff).get(reverse("home"))
    groups = [response.context[name] for name in ("member_tiles", "dues_tiles", "organization_tiles", "chamber_tiles")]
    groups.append(response.context["development"]["tiles"])
    with translation.override("zh-hans"):
        labels = [str(tile.label) for group in groups for tile in group]
    assert len(labels) > 25
    assert [label for label in set(labels) if labels.count(label) > 1] == []
    body = response.content.decode()
    assert "在册预备党员" in body and "发展台账中的预备党员" in body


# +1: the committees' card; +3: organizational life's figures (meetings this year, behind, without for 6 months)
@pytest.mark.parametrize("who, limit", [("staff", 24), ("secretary_a", 24)])
def test_home_makes_a_bounded_number_of_queries(
    request, client_for, tree, survey, who, limit, django_assert_max_num_queries
):
    user = request.getfixturevalue(who)
    for _ in range(10):
        organization = factories.make_organization(parent=tree["fuzhou"])
        enterprise = factories.make_enterprise(chamber=tree["fuzhou_chamber"])
        for number in range(4):
            extra = {"phone": ""} if number == 0 else {}
            factories.make_member(organization, enterprise=enterprise, **extra)
    client = client_for(user)
    client.get(reverse("home"))
    with django_assert_max_num_queries(limit):
        response = client.get(reverse("home"))
    assert tiles(response)["members"] >= 40


def test_a_room_listed_last_shows_its_section_last_on_the_home_page(client_for, staff, members, survey, monkeypatch):
    from django.template import Template

    section = Template('<section id="outreach-section">outreach</section>')
    listed = (*rooms.rooms(), rooms.Room("last", home_sections=(lambda request, obj: {"template": section},)))
    monkeypatch.setattr(rooms, "rooms", lambda: listed)
    body = client_for(staff).get(reverse("home")).content.decode()
    assert body.index('id="outreach-section"') > body.index("data-survey=")
    assert body.index('id="outreach-section"') > body.index('id="home-certificates"')
    assert body.index('id="outreach-section"') > body.index('data-figure="members"')


def test_the_printable_summary_and_its_workbook_hold_the_same_tables(client_for, staff, members, survey, tree):
    enterprise = factories.make_enterprise("三人企业", chamber=tree["fuzhou_chamber"])  # advice: form a branch
    for _ in range(3):
        factories.make_member(tree["fuzhou_1"], enterprise=enterprise)
    client = client_for(staff)
    response = client.get(reverse("registry:summary"))
    tables = response.context["tables"]
    assert len(tables) >= 5
    # the advice counted from the member counts the summary counted already: as counted on its own
    assert response.context["advice"] == [(rule, len(items)) for rule, items in dashboard.coverage_for(staff)["advice"]]
    assert sum(count for _rule, count in response.context["advice"]) > 0
    body = response.content.decode()
    for table in tables:
        assert str(table["title"]) in body
    workbook = load_workbook(io.BytesIO(client.get(reverse("registry:summary_export")).content))
    assert len(workbook.worksheets) == len(tables)
    members_sheet = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert members_sheet[1][1] == 8 + 3  # the first figure: members in all (and the enterprise's three above)
    assert [list(row) for row in members_sheet[1:]] == [
        [None if cell == "" else cell for cell in row] for row in tables[0]["rows"]
    ]
    assert ExportLog.objects.filter(kind="summary", user=staff).count() == 1
    assert "@page" in Path("static/css/figures.css").read_text()  # A4


def test_a_secretarys_summary_is_their_subtree(client_for, secretary_b, members):
    workbook = load_workbook(io.BytesIO(client_for(secretary_b).get(reverse("registry:summary_export")).content))
    assert list(workbook.worksheets[0].iter_rows(values_only=True))[1][1] == 2


# --- the lists behind the figures ------------------------------------------------------------


def test_lists_take_the_figures_filters_and_unknown_values_match_nothing(client_for, staff, tree, members):
    client = client_for(staff)
    levels = client.get(reverse("registry:organization_list"), {"level": "general_branch"}).context["page"].object_list
    assert [organization.name for organization in levels] == ["福州商会党总支"]
    assert (
        list(client.get(reverse("registry:organization_list"), {"level": "nonsense"}).context["page"].object_list) == []
    )
    chambers = client.get(reverse("registry:chamber_list"), {"kind": "city", "covered": "1"}).context["chambers"]
    assert {chamber.name for chamber in chambers} == {"福州商会", "莆田商会"}
    assert list(client.get(reverse("registry:chamber_list"), {"covered": "maybe"}).context["chambers"]) == []
    enterprise = factories.make_enterprise(chamber=tree["fuzhou_chamber"])
    assert list(client.get(reverse("registry:enterprise_list"), {"coverage": "none"}).context["page"]) == [enterprise]
    assert list(client.get(reverse("registry:enterprise_list"), {"own_organization": "1"}).context["page"]) == []


def test_a_filtered_list_exports_what_it_shows(client_for, staff, members):
    response = client_for(staff).get(reverse("registry:organization_export"), {"level": "branch"})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert sorted(row[0] for row in rows[1:]) == sorted(["福州商会第一党支部", "福州商会第二党支部", "莆田商会党支部"])
    assert ExportLog.objects.get(kind="organizations").filters == {"level": "branch"}


def test_a_secretarys_filtered_organization_list_stays_in_scope(client_for, secretary_b, members):
    organizations = (
        client_for(secretary_b)
        .get(reverse("registry:organization_list"), {"level": "branch"})
        .context["page"]
        .object_list
    )
    assert [organization.name for organization in organizations] == ["莆田商会党支部"]


def test_member_counts_on_the_home_page_match_the_roster_filters(client_for, staff, tree, members):
    factories.make_member(tree["putian"], category=Member.Category.SELF_MANAGED)
    client = client_for(staff)
    response = client.get(reverse("home"))
    for tile in response.context["member_tiles"]:
        listed = client.get(tile.url)
        count = listed.context["page"].paginator.count
        assert count == tile.value, tile.key


def test_the_summary_makes_a_bounded_number_of_queries(client_for, staff, tree, survey, django_assert_max_num_queries):
    """The summary counts the home page's figures once and hands their members per organization to the
    formation advice (dashboard.advice_counts), which does not count them again (issue 27: under 20)."""
    for _ in range(10):
        organization = factories.make_organization(parent=tree["fuzhou"])
        enterprise = factories.make_enterprise(chamber=tree["fuzhou_chamber"])
        for _number in range(4):
            factories.make_member(organization, enterprise=enterprise)
    client = client_for(staff)
    client.get(reverse("registry:summary"))
    with django_assert_max_num_queries(19):
        response = client.get(reverse("registry:summary"))
    assert dict(response.context["advice"]), "the advice's counts are on the summary"
