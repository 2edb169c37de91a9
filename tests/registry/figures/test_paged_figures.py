"""The committee's pages by organization are paged like every list (docs/operations.md#remembered-figures):
a thousand organizations' figures are counted whole, and a page writes one page of rows under the
whole's totals. The coverage lists the first pieces of advice of each rule, and all on asking."""

import datetime

import pytest
from django.urls import reverse

from branches.models import Organization
from registry.figures import views as figure_views
from tests import factories

# (page, how a row of its page names its organization)
PAGED = {
    "registry:organization_list": lambda row: row.name,
    "registry:dues_overview": lambda row: row.organization.name,
    "registry:six_knowns": lambda row: row.name,
    "registry:balance": lambda row: row.organization.name,
}


@pytest.fixture
def many(tree):
    """22 branches more under the committee, a member in each: more organizations than a page of 20."""
    root = tree["committee"]
    for index in range(22):
        branch = factories.make_organization(name=f"分页支部{index:02d}", parent=root)
        factories.make_member(branch, registered_on=datetime.date(2025, 3, 1))


def _get(client, name, **params):
    response = client.get(reverse(name), {"per_page": 20, **params})
    assert response.status_code == 200
    return response, response.context["page"]


@pytest.mark.parametrize("name", sorted(PAGED))
def test_a_page_by_organization_writes_a_page_of_rows_and_the_wholes_totals(client_for, staff, tree, many, name):
    client = client_for(staff)
    first, page = _get(client, name)
    assert page.paginator.count > 20 and len(page.object_list) == 20
    assert 'class="pagination"' in first.content.decode()
    named = PAGED[name]
    shown = [named(row) for row in page.object_list]
    for number in range(2, page.paginator.num_pages + 1):
        _response, later = _get(client, name, page=number)
        shown += [named(row) for row in later.object_list]
    assert len(shown) == len(set(shown)) == page.paginator.count  # every organization once, over the pages
    assert {f"分页支部{index:02d}" for index in range(22)} <= set(shown)
    if name == "registry:organization_list":
        assert page.paginator.count == Organization.objects.count()
        assert f"<small>{page.paginator.count}</small>" in first.content.decode()


def test_the_totals_are_the_wholes_on_every_page(client_for, staff, tree, many):
    client = client_for(staff)
    totals = []
    for number in (1, 2):
        dues, _page = _get(client, "registry:dues_overview", page=number)
        knowns, _page = _get(client, "registry:six_knowns", page=number)
        balance, _page = _get(client, "registry:balance", page=number, year=2025)
        totals.append((dues.context["total"], knowns.context["total"], len(balance.context["balance"].total.end)))
    assert totals[0] == totals[1]
    assert totals[0][0]["total"] >= 22 and totals[0][1]["applicable"] >= 22 and totals[0][2] >= 22


def test_the_coverage_lists_each_rules_first_advice_and_all_on_asking(client_for, staff, tree, monkeypatch):
    """Enterprises with one or two full members and no joint branch: advice of one rule, three of them."""
    monkeypatch.setattr(figure_views, "ADVICE_SHOWN", 2)
    for index in range(3):
        enterprise = factories.make_enterprise(name=f"建议企业{index}")
        factories.make_member(tree["fuzhou_1"], enterprise=enterprise)
    client = client_for(staff)
    page = client.get(reverse("registry:coverage")).content.decode()
    rule = "enterprise_joint"
    shown = client.get(reverse("registry:coverage")).context["figures"]()["advice_shown"]
    assert [(len(items), count) for rule_, items, count in shown if rule_ == rule] == [(2, 3)]
    assert f'href="?advice={rule}#{rule}"' in page
    assert sum(f"建议企业{index}" in page for index in range(3)) == 2
    everything = client.get(reverse("registry:coverage"), {"advice": rule}).content.decode()
    assert all(f"建议企业{index}" in everything for index in range(3))
    assert f'href="?advice={rule}#{rule}"' not in everything
