"""Issue 22 §4, the two balances (docs/lifecycle.md#yearly-balance, #held-balance): the roster's balance
as before, and the balance where membership is held — self-managed members only, in by 发展, 恢复党籍 and
转入, out by 出党, 停止党籍, 死亡 and 转出 — each adding up per organization and in total, each figure a
link to exactly its people, `registry_stats --json --year` with `held_here` beside `balance`.

Failed before issue 22: there was one balance, the roster's, presented as the party's statistics
(test_the_held_balance_counts_only_self_managed_members_by_kind, test_registry_stats_adds_held_here,
test_each_figure_of_both_balances_lists_exactly_its_people)."""

import datetime
import html
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import LostContactCase, Member
from registry.movements import balance, rules, services
from registry.movements import selectors as movement_selectors
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 1, 1)
OWN = {"category": Member.Category.SELF_MANAGED}
MOBILE = {"category": Member.Category.REGISTERED_MOBILE}


def record(member, kind, date, **extra):
    return services.movement_record(member=member, event=rules.Event(kind=kind, date=date, **extra), actor=None)


@pytest.fixture
def year_2024(tree):
    """A year of the held balance's every kind, and of the roster's that it leaves out."""
    people = {
        "old_own": factories.make_member(tree["fuzhou_1"], registered_on=D(2020, 5, 1), **OWN),
        "admitted": factories.make_member(
            tree["putian"],
            registered_on=D(2024, 7, 1),
            joined=D(2024, 7, 1),
            status=Member.Status.PROBATIONARY,
            made_full=None,
            **OWN,
        ),
        "transferred_in": factories.make_member(tree["fuzhou_2"], registered_on=D(2020, 1, 1), **MOBILE),
        "registers_own": factories.make_member(tree["fuzhou_2"], registered_on=D(2024, 3, 1), **OWN),
        "dies": factories.make_member(tree["fuzhou_1"], registered_on=D(2021, 1, 1), **OWN),
        "suspended": factories.make_member(tree["fuzhou_1"], registered_on=D(2019, 1, 1), **OWN),
        "restored": factories.make_member(tree["putian"], registered_on=D(2018, 1, 1), **OWN),
        "withdrew": factories.make_member(tree["putian"], registered_on=D(2019, 1, 1), **OWN),
        "out": factories.make_member(tree["fuzhou_1"], registered_on=D(2019, 1, 1), **OWN),
        "moves": factories.make_member(tree["fuzhou_1"], registered_on=D(2019, 1, 1), **OWN),
        "mobile_leaves": factories.make_member(tree["putian"], registered_on=D(2020, 1, 1), **MOBILE),
        "mobile_new": factories.make_member(tree["fuzhou_1"], registered_on=D(2024, 8, 1), **MOBILE),
    }
    record(people["transferred_in"], "transfer_in", D(2024, 5, 1), other_side="某县委组织部", letter_number="IN-1")
    record(people["dies"], "died", D(2024, 6, 1))
    record(people["suspended"], "lost_contact", D(2023, 6, 30), lost_reason=LostContactCase.Reason.WORK)
    record(people["suspended"], "suspended", D(2024, 1, 15))
    record(people["restored"], "lost_contact", D(2022, 1, 1), lost_reason=LostContactCase.Reason.WORK)
    record(people["restored"], "suspended", D(2022, 8, 1))
    record(Member.all_members.get(pk=people["restored"].pk), "restored", D(2024, 4, 1))
    record(people["withdrew"], "withdrew", D(2024, 9, 1), reason="本人申请，支部大会决定")
    letter = record(people["out"], "transfer_out", D(2024, 2, 1), other_side="某市某党委", letter_number="OUT-1")
    services.transfer_receipt_record(movement=letter, receipt_on=D(2024, 2, 20), actor=None, today=TODAY)
    record(people["moves"], "transfer_out", D(2024, 9, 1), to_organization_id=tree["putian"].pk, letter_number="N-1")
    record(people["mobile_leaves"], "left_area", D(2024, 10, 1))
    return people


def adds_up(row) -> bool:
    return len(row.start) + row.arrived_count() - row.left_count() == len(row.end)


def test_the_held_balance_counts_only_self_managed_members_by_kind(year_2024, tree):
    roster, held = balance.year_balances(2024, today=TODAY)
    # The roster's balance is as it was (every category, arrivals and departures by kind).
    assert roster.figures() == {"year": 2024, "start": 8, "arrived": 4, "left": 5, "end": 7}
    assert roster.figures() == balance.year_balance(2024, today=TODAY).figures()
    assert held.figures() == {
        "year": 2024,
        "start": 6,
        "arrived": 4,
        "left": 4,
        "end": 6,
        "admitted": 1,
        "restored": 1,
        "transferred_in": 2,
        "left_party": 1,
        "suspended": 1,
        "died": 1,
        "transferred_out": 1,
        "left_otherwise": 0,
    }
    people = {pk: name for name, member in year_2024.items() for pk in [member.pk]}
    assert sorted(people[pk] for pk in held.total.people("arrived", "transferred_in")) == [
        "registers_own",
        "transferred_in",
    ]
    assert {people[pk] for pk in held.total.people("end")} == {
        "old_own",
        "admitted",
        "transferred_in",
        "registers_own",
        "restored",
        "moves",
    }
    assert not {people[pk] for pk in held.total.people("start") | held.total.people("end")} & {
        "mobile_leaves",
        "mobile_new",
    }
    # Per organization and in total, both add up; a move between our organizations cancels out.
    for result in (roster, held):
        assert result.adds_up and all(adds_up(row) for row in [*result.rows, result.total])
    putian = next(row for row in held.rows if row.organization == tree["putian"])
    fuzhou_1 = next(row for row in held.rows if row.organization == tree["fuzhou_1"])
    assert putian.count("arrived", "moved_in") == fuzhou_1.count("left", "moved_out") == 1
    # The year before: the transferred-in member was on the roster, not held here.
    before = balance.year_balances(2023, today=TODAY)[1]
    assert year_2024["transferred_in"].pk not in before.total.people("end")
    assert before.figures()["end"] == held.figures()["start"]


def test_the_held_balance_ends_where_the_roster_holds_self_managed_members(year_2024):
    held = balance.year_balances(2026, today=TODAY)[1]
    assert held.figures()["end"] == Member.objects.filter(category=Member.Category.SELF_MANAGED).count()


def test_registry_stats_adds_held_here(year_2024):
    out = io.StringIO()
    call_command("registry_stats", "--json", "--year", "2024", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["balance"] == {"year": 2024, "start": 8, "arrived": 4, "left": 5, "end": 7}
    held = figures["held_here"]
    assert {key: held[key] for key in ("year", "start", "arrived", "left", "end")} == {
        "year": 2024,
        "start": 6,
        "arrived": 4,
        "left": 4,
        "end": 6,
    }
    arrivals = ("admitted", "restored", "transferred_in")
    departures = ("left_party", "suspended", "died", "transferred_out", "left_otherwise")
    assert held["arrived"] == sum(held[key] for key in arrivals)
    assert held["left"] == sum(held[key] for key in departures)


LINK = re.compile(r'<a href="(/balance/people/\?[^"]+)">(\d+)</a>')
TILE = re.compile(r'<a class="tile" href="([^"]+)"><span class="figure" id="([a-z]+)-[a-z]+">[+−]?(\d+)</span>')


def listed(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def test_each_figure_of_both_balances_lists_exactly_its_people(client_for, staff, year_2024):
    client = client_for(staff)
    body = client.get(reverse("registry:balance"), {"year": 2024}).content.decode()
    assert 'id="held-table"' in body and 'id="balance-table"' in body
    assert "6 + 5 − 5 = 6" in body and "8 + 5 − 6 = 7" in body  # the total counts the move both ways
    links = [(html.unescape(url), int(value)) for url, value in LINK.findall(body)]
    assert any("balance=held" in url for url, _value in links) and any("balance=held" not in url for url, _ in links)
    for url, value in links:
        assert listed(client, url) == value, url
    tiles = TILE.findall(html.unescape(body))
    assert [key for _url, key, _value in tiles] == ["balance"] * 4 + ["held"] * 4
    for url, _key, value in tiles:
        assert listed(client, url) == int(value), url
    # The held balance's workbook, the same figures.
    workbook = client.get(reverse("registry:balance_export"), {"year": 2024, "balance": "held"})
    total = list(load_workbook(io.BytesIO(workbook.content)).active.iter_rows(values_only=True))[-1]
    assert total[1] == 6 and total[-1] == 6


def test_a_secretary_sees_the_held_balance_of_their_subtree(client_for, secretary_b, year_2024, tree):
    response = client_for(secretary_b).get(reverse("registry:balance"), {"year": 2024})
    assert [row.organization for row in response.context["held"]["balance"].rows] == [tree["putian"]]
    people = client_for(secretary_b).get(
        reverse("registry:balance_people"), {"year": 2024, "figure": "left", "kind": "died", "balance": "held"}
    )
    assert list(people.context["page"].object_list) == []


@pytest.mark.parametrize("size", [10, 60])
def test_the_balance_page_is_bounded_in_queries(client_for, staff, tree, size, django_assert_max_num_queries):
    """The same number of queries whatever the size: the stays are read once for both balances."""
    for index in range(size):
        member = factories.make_member(
            tree["fuzhou_1"] if index % 2 else tree["putian"],
            registered_on=D(2024, 1 + index % 12, 1),
            **(OWN if index % 3 else MOBILE),
        )
        if index % 5 == 0:
            record(member, "died", D(2024, 12, 1))
    client = client_for(staff)
    client.get(reverse("home"))  # logged in
    with django_assert_max_num_queries(12):
        response = client.get(reverse("registry:balance"), {"year": 2024})
    assert response.context["held"]["balance"].adds_up


def test_the_people_of_a_held_figure_are_read_through_the_scoped_selector(staff, year_2024):
    people = movement_selectors.balance_people(staff, 2024, figure="arrived", kind="restored", held=True)
    assert [member.pk for member in people] == [year_2024["restored"].pk]
