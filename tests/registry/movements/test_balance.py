"""The year's balance (docs/lifecycle.md#yearly-balance): start + arrivals − departures = end, per
organization and in total, by kind, for any year; every figure links to its people; the workbook;
`registry_stats --json --year`."""

import datetime
import html
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from branches import clock
from registry.models import Member
from registry.movements import balance, rules, services
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date


def adds_up(row) -> bool:
    """On the roster at the start, plus arrivals, minus departures, is on the roster at the end."""
    return len(row.start) + row.arrived_count() - row.left_count() == len(row.end)


def record(member, kind, date, **extra):
    return services.movement_record(member=member, event=rules.Event(kind=kind, date=date, **extra), actor=None)


@pytest.fixture
def history(tree):
    own = {"category": Member.Category.SELF_MANAGED}
    people = {
        "old": factories.make_member(tree["fuzhou_1"], registered_on=D(2020, 5, 1)),
        "dies": factories.make_member(tree["fuzhou_1"], registered_on=D(2021, 1, 1)),
        "new": factories.make_member(tree["fuzhou_2"], registered_on=D(2024, 3, 1)),
        "admitted": factories.make_member(
            tree["putian"],
            registered_on=D(2024, 7, 1),
            joined=D(2024, 7, 1),
            status=Member.Status.PROBATIONARY,
            made_full=None,
            **own,
        ),
        "moves": factories.make_member(tree["fuzhou_1"], registered_on=D(2019, 1, 1), **own),
        "comes_and_goes": factories.make_member(tree["putian"], registered_on=D(2024, 2, 1)),
        # removed (除名) by the branch: only a member whose membership is held here (issue 22)
        "returns": factories.make_member(tree["putian"], registered_on=D(2018, 1, 1), **own),
    }
    record(people["dies"], "died", D(2024, 6, 1))
    record(people["moves"], "transfer_out", D(2024, 9, 1), to_organization_id=tree["putian"].pk, letter_number="N-1")
    record(people["comes_and_goes"], "left_area", D(2024, 10, 1))
    record(people["returns"], "removed", D(2023, 4, 1))
    services.member_restore(member=people["returns"], registered_on=D(2024, 11, 1), actor=None)
    return people


def test_the_balance_adds_up_by_kind_per_organization_and_in_total(history, tree):
    result = balance.year_balance(2024, today=D(2026, 1, 1))
    assert result.figures() == {"year": 2024, "start": 3, "arrived": 4, "left": 2, "end": 5}
    for row in [*result.rows, result.total]:
        assert adds_up(row)
    assert dict(result.total.arrivals_by_kind())["restored"] == 1
    assert dict(result.total.arrivals_by_kind())["admitted"] == 1
    assert dict(result.total.departures_by_kind())["died"] == 1
    putian = next(row for row in result.rows if row.organization == tree["putian"])
    assert putian.count("arrived", "moved_in") == 1
    fuzhou_1 = next(row for row in result.rows if row.organization == tree["fuzhou_1"])
    assert fuzhou_1.count("left", "moved_out") == 1
    assert result.total.count("arrived", "moved_in") == result.total.count("left", "moved_out") == 1
    assert balance.year_balance(2023, today=D(2026, 1, 1)).figures() == {
        "year": 2023,
        "start": 4,
        "arrived": 0,
        "left": 1,
        "end": 3,
    }


def test_registry_stats_year_and_the_current_year_ends_on_the_roster(history):
    out = io.StringIO()
    call_command("registry_stats", "--json", "--year", "2024", stdout=out)
    assert json.loads(out.getvalue())["balance"] == {"year": 2024, "start": 3, "arrived": 4, "left": 2, "end": 5}
    out = io.StringIO()
    call_command("registry_stats", "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["balance"]["end"] == figures["members"]["total"] == Member.objects.count() == 5


def test_every_figure_links_to_its_people(client_for, staff, history, django_assert_max_num_queries):
    client = client_for(staff)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("registry:balance"), {"year": 2024})
    body = page.content.decode()
    assert "figure=left&amp;kind=died" in body
    people = client.get(reverse("registry:balance_people"), {"year": 2024, "figure": "left", "kind": "died"})
    assert [member.pk for member in people.context["page"].object_list] == [history["dies"].pk]
    assert client.get(reverse("registry:balance_people"), {"year": 2024, "figure": "nonsense"}).status_code == 404


def test_a_secretary_sees_the_balance_of_their_subtree(client_for, secretary_b, history, tree):
    response = client_for(secretary_b).get(reverse("registry:balance"), {"year": 2024})
    assert [row.organization for row in response.context["balance"].rows] == [tree["putian"]]
    people = client_for(secretary_b).get(
        reverse("registry:balance_people"), {"year": 2024, "figure": "left", "kind": "died"}
    )
    assert list(people.context["page"].object_list) == []


def figures_of(row) -> dict:
    return {
        (figure, kind): row.people(figure, kind)
        for figure in balance.FIGURES
        for kind in ("", *balance.ARRIVAL_KINDS, *balance.DEPARTURE_KINDS)
    }


@pytest.mark.parametrize("narrowed_up_to", [balance.NARROWED_UP_TO, 0])
def test_a_part_of_the_tree_reads_only_its_stays_and_gets_the_wholes_figures(
    history, tree, monkeypatch, narrowed_up_to
):
    """The balance of some organizations, narrowed in SQL to the stays that can touch them (or read
    whole and narrowed in Python, past NARROWED_UP_TO), has each organization's row exactly as the
    whole registry's balance has it: the member who moved from 福州一支部 to 莆田 counts in both."""
    monkeypatch.setattr(balance, "NARROWED_UP_TO", narrowed_up_to)
    whole = {row.organization.pk: figures_of(row) for row in balance.year_balance(2024, today=D(2026, 1, 1)).rows}
    for names in (["putian"], ["fuzhou_1"], ["fuzhou_2"], ["fuzhou", "fuzhou_1", "fuzhou_2"], ["putian", "fuzhou_2"]):
        organizations = [tree[name] for name in names]
        part = balance.year_balance(2024, organizations=organizations, today=D(2026, 1, 1))
        assert {row.organization.pk: figures_of(row) for row in part.rows} == {
            organization.pk: whole[organization.pk] for organization in organizations if organization.pk in whole
        }, names
        assert all(adds_up(row) for row in [*part.rows, part.total])
    assert len(whole) == 3


def test_the_balance_workbook(client_for, staff, history):
    response = client_for(staff).get(reverse("registry:balance_export"), {"year": 2024})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    total = rows[-1]
    assert total[0] in ("Total", "合计") and total[1] == 3 and total[-1] == 5


TILE = re.compile(
    r'<a class="tile" href="([^"]+)"><span class="figure"[^>]*>[+−]?(\d+)</span><span class="label">([^<]+)</span></a>'
)


@pytest.mark.parametrize("this_year", [True, False])
def test_each_tile_opens_its_people_under_the_same_label_and_figure(client_for, staff, history, this_year):
    """Issue 19: the tile 今日在册 414 opened a page headed 期末在册 2026. The end of this year is
    today (今日在册), of a year gone by 31 December: the tile, the people's page, the table and the
    workbook say the same."""
    year = clock.today().year if this_year else 2024
    client = client_for(staff)
    body = client.get(reverse("registry:balance"), {"year": year}).content.decode()
    tiles = TILE.findall(html.unescape(body))
    assert len(tiles) == 8  # the roster's four, then the four where membership is held
    for url, figure, label in tiles:
        people = client.get(url).content.decode()
        heading = re.search(r"<h1>(.*?)<small>(.*?)</small>", people, re.S)
        assert heading.group(1).strip() == label, url
        assert str(year) in heading.group(2) and f"{figure}人" in heading.group(2), url
    end_label = tiles[3][2]
    assert end_label == ("今日在册" if this_year else "12月31日在册")
    assert f">{end_label}</th>" in body  # the table's column
    workbook = client.get(reverse("registry:balance_export"), {"year": year})
    assert list(load_workbook(io.BytesIO(workbook.content)).active.iter_rows(values_only=True))[0][-1] == end_label


def test_plain_stays_counted_in_groups_give_the_figures_of_their_segments(history, tree):
    """The balance counts the plain stays (no move, transfer in or return) by group in SQL
    (balance.plain_groups) and the others segment by segment: every figure, people included, is the
    one counting every stay's segment gives, in both balances, per organization and in total."""
    own = {"category": Member.Category.SELF_MANAGED, "status": Member.Status.PROBATIONARY, "made_full": None}
    admitted = factories.make_member(tree["fuzhou_2"], registered_on=D(2024, 5, 1), joined=D(2024, 5, 1), **own)
    factories.make_member(tree["fuzhou_2"], registered_on=D(2022, 5, 1), **own)
    factories.make_member(tree["putian"], registered_on=D(2024, 8, 1), joined=D(2024, 8, 2), **own)
    today = D(2026, 1, 1)
    for year in (2023, 2024, 2025):
        first_day, last_day = D(year, 1, 1), balance.last_day_of(year, today)
        found = balance.segments(until=last_day, since=first_day)
        expected = (
            balance._count([(s, s.began, s.arrival, s.departure) for s in found], first_day, last_day, balance.Row),
            balance._count(
                [(s, s.held_began, s.held_arrival, s.held_departure) for s in found if s.held_began is not None],
                first_day,
                last_day,
                balance.Row,
            ),
        )
        for result, (rows, total) in zip(balance.year_balances(year, today=today), expected, strict=True):
            assert {row.organization.pk: people_of(row) for row in result.rows} == {
                pk: people_of(row) for pk, row in rows.items()
            }
            assert people_of(result.total) == people_of(total)
    assert admitted.pk in balance.year_balances(2024, today=today)[1].total.people("arrived", "admitted")


def test_the_figures_without_the_people_are_the_same_and_name_nobody(history, tree):
    """The page, its workbook and registry_stats ask for the figures only (people=False): the plain stays
    counted by the database give every figure the people's ids give; the people of such a balance are
    not made up (the links to them read the balance with its people)."""
    factories.make_member(tree["fuzhou_2"], registered_on=D(2022, 5, 1))
    today = D(2026, 1, 1)
    for year in (2023, 2024, 2025):
        named, counted = (
            balance.year_balances(year, today=today),
            balance.year_balances(year, today=today, people=False),
        )
        for with_people, figures_only in zip(named, counted, strict=True):
            assert figures_only.figures() == with_people.figures() and figures_only.adds_up
            assert [numbers_of(row) for row in figures_only.rows] == [numbers_of(row) for row in with_people.rows]
            assert numbers_of(figures_only.total) == numbers_of(with_people.total)
    plain = balance.year_balances(2025, today=today, people=False)[0].total
    assert plain.start.unnamed > 0
    with pytest.raises(ValueError):
        plain.people("start")


def numbers_of(row) -> dict:
    return {
        "organization": getattr(row.organization, "pk", None),
        "start": len(row.start),
        "end": len(row.end),
        **{f"arrived {kind}": count for kind, count in row.arrivals_by_kind()},
        **{f"left {kind}": count for kind, count in row.departures_by_kind()},
    }


def people_of(row) -> dict:
    """Every figure of a row as the sorted ids of its people, by kind."""
    return {
        "start": sorted(row.start),
        "end": sorted(row.end),
        **{f"arrived {kind}": sorted(ids) for kind, ids in row.arrived.items() if ids},
        **{f"left {kind}": sorted(ids) for kind, ids in row.left.items() if ids},
    }
