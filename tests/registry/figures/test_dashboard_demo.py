"""The committee's figures on the demo data: the staff home page shows
article 000's figures and each one links to a list of exactly that many records; the demo survey
round's gaps; each formation-advice rule fires on the demo case made for it and on no other; the
demo secretary's home page and work list hold their subtree only.

The demo is seeded once for the session and shared with the other demo tests (`demo_db`,
tests/conftest.py); each test runs in a savepoint inside it.
"""

import html
import re

import pytest
from django.urls import reverse

from branches import clock
from branches.formation import Rule
from branches.models import Organization
from fixtures import demo
from registry.committees.services import own_settings_save
from registry.models import Member, SurveyRound

TBODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)


@pytest.fixture
def seeded(demo_db):
    """The demo, seeded once for the session and shared (tests/conftest.py, SharedDemo)."""


@pytest.fixture
def demo_client(seeded, db, client):
    from django.contrib.auth import get_user_model

    def login(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return login


def rows_listed(client, url: str) -> int:
    """Follows `url` like a person clicking a figure and counts the rows of the list it shows,
    over every page of a paginated list."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.context.get("page") if response.context else None
    pages = page.paginator.num_pages if page is not None else 1
    total = 0
    for number in range(1, pages + 1):
        if number > 1:
            separator = "&" if "?" in url else "?"
            response = client.get(f"{url.split('#')[0]}{separator}page={number}")
        body = response.content.decode()
        table = TBODY.search(body)
        if table is None:  # nothing listed: the page says so
            assert 'class="empty"' in body, url
            continue
        total += table.group(1).count("<tr")
    return total


def tiles_by_key(response) -> dict:
    tiles = {}
    for name in ("member_tiles", "organization_tiles", "chamber_tiles"):
        for tile in response.context.get(name) or ():
            tiles[tile.key] = tile
    return tiles


# --- the staff home page --------------------------------------------------------------------


def test_staff_home_shows_article_000s_figures(demo_client):
    response = demo_client("staff").get(reverse("home"))
    tiles = tiles_by_key(response)
    assert tiles["members"].value == 414
    assert tiles["self_managed"].value == 98
    assert tiles["registered_mobile"].value == 304
    assert (tiles["city_covered"].value, tiles["city_covered"].total) == (10, 10)
    assert (tiles["industry_covered"].value, tiles["industry_covered"].total) == (10, 12)
    assert tiles["general_branch"].value == 4
    assert tiles["branches_in_all"].value == 44
    assert tiles["own_organization"].value == 15
    body = response.content.decode()
    for tile in tiles.values():  # every figure is on the page as a link
        assert f'href="{html.escape(tile.url)}">{tile.value}</a>' in body, tile.key


def section_figures(body: str, section_id: str) -> list[tuple[str, str, str]]:
    """(label, link, figure) of each line of a figures table in a section of the home page (the
    sections other apps add); a figure shown without a link has "" as its link."""
    section = re.search(rf'<section class="card" id="{section_id}">(.*?)</section>', body, re.S).group(1)
    found = []
    for label, cell in re.findall(r"<tr><th>(.*?)</th><td>(.*?)</td></tr>", section, re.S):
        link = re.fullmatch(r'<a href="([^"]+)">(\d+)</a>', cell.strip())
        found.append((label, html.unescape(link.group(1)), link.group(2)) if link else (label, "", cell.strip()))
    return found


def test_clicking_each_figure_lists_exactly_that_many_records(demo_client):
    client = demo_client("staff")
    response = client.get(reverse("home"))
    tiles = tiles_by_key(response)
    assert len(tiles) >= 25
    for tile in tiles.values():
        assert rows_listed(client, tile.url) == tile.value, (tile.key, tile.url)
        if tile.total is not None:
            assert rows_listed(client, tile.total_url) == tile.total, (tile.key, tile.total_url)
    # The certificates' figures (outreach's section), 有效活动证 and 反向发证 among them.
    certificates = section_figures(response.content.decode(), "home-certificates")
    assert len(certificates) == 6
    assert [label for label, link, _figure in certificates if not link] == []
    for label, link, figure in certificates:
        assert rows_listed(client, link) == int(figure), (label, link)


def test_the_bars_link_to_their_records_too(demo_client):
    client = demo_client("staff")
    response = client.get(reverse("home"))
    bars = response.context["category_bars"] + response.context["level_bars"] + response.context["chamber_bars"]
    for bar in bars:
        assert rows_listed(client, bar.url) == bar.value, bar.url
    for bar in response.context["six_knowns_bars"]:  # their link is the work list of the incomplete
        assert rows_listed(client, bar.url) == bar.total - bar.value, bar.url


@pytest.mark.parametrize("own_settings", [False, True])
def test_staff_home_stays_under_20_queries(demo_client, own_settings, django_assert_max_num_queries):
    """Issue 27 §4: under 20 whatever the size — also where a committee keeps its own frequencies,
    which organizational life's figures then read (two queries more for them)."""
    client = demo_client("staff")
    if own_settings:
        committee = Organization.objects.filter(level=Organization.Level.COMMITTEE).order_by("path").first()
        own_settings_save(organization=committee, frequencies={"party_day": "quarter"}, term_years={}, actor=None)
    client.get(reverse("home"))
    with django_assert_max_num_queries(19):
        response = client.get(reverse("home"))
    assert response.status_code == 200


# --- the survey round -----------------------------------------------------------------------


def test_the_demo_rounds_reconciliation_shows_its_gaps(demo_client):
    client = demo_client("staff")
    survey_round = SurveyRound.objects.get(name=demo.survey_round(clock.today()).name)
    response = client.get(reverse("registry:survey_detail", args=[survey_round.pk]))
    result = response.context["result"]
    totals = result.total_by_key
    assert (totals["members"].counted, totals["members"].on_record) == (428, 414)
    assert (totals["registered_mobile"].counted, totals["registered_mobile"].on_record) == (318, 304)
    assert totals["self_managed"].gap == -1 and totals["probationary"].gap == 1
    assert len(result.rows) == 44
    gaps = {(gap.organization.name, gap.line.key): gap.line.gap for gap in result.gaps}
    expected = {
        (name, figure): difference
        for name, figures in demo.SURVEY_DIFFERENCES.items()
        for figure, difference in figures.items()
    }
    assert gaps == expected
    body = response.content.decode()
    for gap in result.gaps:
        assert html.escape(gap.sentence) in body
    assert TBODY.search(body[body.index('id="gaps"') :]).group(1).count("<tr") == len(result.gaps) == 10
    # The home page's survey figure is the number of lines of this work list.
    home = client.get(reverse("home"))
    assert home.context["survey"]["gaps"] == 10
    assert '#gaps" data-figure="survey_gaps">10</a>' in home.content.decode()


def test_the_gap_list_leads_to_the_records(demo_client):
    client = demo_client("staff")
    survey_round = SurveyRound.objects.get(name=demo.survey_round(clock.today()).name)
    result = client.get(reverse("registry:survey_detail", args=[survey_round.pk])).context["result"]
    for gap in result.gaps:
        assert rows_listed(client, gap.records_url) == gap.line.on_record, gap.records_url


def test_reconciliation_stays_within_20_queries(demo_client, django_assert_max_num_queries):
    client = demo_client("staff")
    survey_round = SurveyRound.objects.get(name=demo.survey_round(clock.today()).name)
    with django_assert_max_num_queries(20):
        client.get(reverse("registry:survey_detail", args=[survey_round.pk]))


# --- formation advice -----------------------------------------------------------------------

# The demo case made for each rule (fixtures/demo.py), and nothing else.
DEMO_CASES = {
    Rule.ENTERPRISE_STANDALONE: {"北京沙县小吃餐饮管理有限公司"},
    Rule.ENTERPRISE_JOINT: {"北京武夷山旅游服务有限公司"},
    Rule.BRANCH_TOO_LARGE: {demo.RONGCHENG},
    Rule.CHAMBER_UNCOVERED: {"北京福建文化传媒商会", "北京福建医疗健康商会"},
    Rule.CHAMBER_GENERAL_BRANCH: {"北京厦门企业商会"},
    Rule.COMMITTEE_NEEDED: {"北京晋江鞋业贸易有限公司党支部"},  # 7 full members held here (registry/committees/demo.py)
    Rule.JOINT_BRANCH_TOO_WIDE: set(),  # the demo's joint branches cover 3 or 4 units
    Rule.TERM_OVER: {"北京莆仙医疗投资管理有限公司党支部", "北京鹭岛科技发展有限公司党支部"},
}


def test_each_formation_rule_fires_on_its_demo_case_and_no_other(demo_client):
    response = demo_client("staff").get(reverse("registry:coverage"))
    shown = response.context["figures"]()  # what the page's remembered part is written from
    advice = {rule.value: {item.subject.name for item in items} for rule, items in shown["advice"]}
    assert advice == {rule.value: names for rule, names in DEMO_CASES.items()}
    assert shown["advice_total"] == 9
    figures = {rule.value: [item.figures for item in items] for rule, items in shown["advice"]}
    assert figures[Rule.ENTERPRISE_STANDALONE] == [{"full_members": 3}]
    assert figures[Rule.ENTERPRISE_JOINT] == [{"full_members": 2}]
    assert figures[Rule.BRANCH_TOO_LARGE] == [{"members": 51}]
    assert figures[Rule.CHAMBER_GENERAL_BRANCH] == [{"enterprise_branches": 3}]
    body = response.content.decode()
    for _rule, items in shown["advice"]:
        for item in items:  # with the reason and the figures behind it
            assert html.escape(item.reason) in body


def test_coverage_shows_article_003s_shape(demo_client):
    context = demo_client("reviewer").get(reverse("registry:coverage")).context["figures"]()
    enterprises = context["enterprises"]
    assert enterprises["total"] == 57 and enterprises["with_own_organization"] == 15
    assert (
        enterprises["with_own_organization"]
        + enterprises["joint_only"]
        + enterprises["other_only"]
        + enterprises["uncovered"]
        == 57
    )
    assert enterprises["joint_only"] == 31
    assert context["enterprise_organizations"] == 25  # 15 standalone and 10 joint branches
    assert [(row["covered"], row["total"]) for row in context["chamber_rows"]] == [(10, 10), (10, 12)]


def test_secretaries_do_not_get_the_committees_coverage_page(demo_client):
    assert demo_client("secretary").get(reverse("registry:coverage")).status_code == 403


# --- the demo secretary ---------------------------------------------------------------------


def test_secretary_home_shows_their_subtree_and_work_lists_first(demo_client):
    fuzhou = Organization.objects.get(name=demo.GB_FUZHOU)
    subtree = Member.objects.filter(organization__path__startswith=fuzhou.path)
    response = demo_client("secretary").get(reverse("home"))
    tiles = tiles_by_key(response)
    assert tiles["members"].value == subtree.count()
    assert tiles["registered_mobile"].value == subtree.filter(category="registered_mobile").count()
    assert "chamber_tiles" not in response.context
    assert response.context["worklist_count"] == subtree.six_knowns_incomplete().count() > 0
    body = response.content.decode()
    assert body.index('id="worklist"') < body.index('data-figure="members"')
    for member in response.context["worklist_preview"]:
        assert member.organization.path.startswith(fuzhou.path)
    client = demo_client("secretary")
    for tile in tiles.values():
        assert rows_listed(client, tile.url) == tile.value, tile.key


def test_secretary_work_list_holds_their_incomplete_records_only(demo_client):
    fuzhou = Organization.objects.get(name=demo.GB_FUZHOU)
    expected = set(
        Member.objects.filter(organization__path__startswith=fuzhou.path)
        .six_knowns_incomplete()
        .values_list("pk", flat=True)
    )
    client = demo_client("secretary")
    response = client.get(reverse("registry:six_knowns_worklist"))
    assert response.context["page"].paginator.count == len(expected)
    listed = {member.pk for member in response.context["page"].object_list}
    assert listed == expected
    for member in response.context["page"].object_list:
        assert member.missing == [str(label) for label in Member.objects.get(pk=member.pk).six_knowns_missing()]
