"""A member who left drops out of every roster list, search, count, figure, work list and export,
and is found among the former members by ID number, with the whole history
(docs/lifecycle.md#former-members). Each registry page is tried with a twin who stays."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from branches import clock
from registry.figures.statistics import registry_figures
from registry.models import Member
from registry.movements import balance, rules, services
from tests import factories

pytestmark = pytest.mark.django_db

FORMER, TWIN = "离开者甲", "留下者乙"


@pytest.fixture
def pair(tree):
    enterprise = factories.make_enterprise("留离企业")
    common = {
        "registered_on": datetime.date(2020, 1, 1),
        "enterprise": enterprise,
        "occupation": "",
        "lost_contact": True,
        "origin_organization": "中共福建省某县委员会",
    }
    twin = factories.make_member(tree["fuzhou_1"], name=TWIN, **common)
    former = factories.make_member(tree["fuzhou_1"], name=FORMER, **common)
    services.movement_record(
        member=former,
        event=rules.Event(kind="left_area", date=datetime.date(2025, 8, 15), other_side="湖南省长沙市"),
        actor=None,
    )
    return {"twin": twin, "former": former, "enterprise": enterprise}


def text_of(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(response.content))
        return " ".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)
    return response.content.decode()


@pytest.mark.parametrize(
    "name, params",
    [
        ("registry:member_list", {}),
        ("registry:member_list", {"q": "者"}),
        ("registry:member_list", {"lost_contact": "true"}),
        ("registry:member_export", {}),
        ("registry:six_knowns_worklist", {}),
        ("registry:six_knowns_worklist_export", {}),
    ],
)
def test_absent_from_lists_searches_and_exports(client_for, staff, pair, name, params):
    text = text_of(client_for(staff).get(reverse(name), params))
    assert TWIN in text and FORMER not in text


def test_absent_from_the_organization_and_enterprise_pages_and_counts(client_for, staff, pair, tree):
    client = client_for(staff)
    organization = client.get(reverse("registry:organization_detail", args=[tree["fuzhou_1"].pk]))
    assert FORMER not in organization.content.decode()
    enterprise = client.get(reverse("registry:enterprise_detail", args=[pair["enterprise"].pk])).content.decode()
    assert TWIN in enterprise and FORMER not in enterprise
    assert tree["fuzhou_1"].members.count() == 1 and pair["enterprise"].members.count() == 1


def test_absent_from_the_figures_dashboard_and_summary(client_for, staff, pair):
    figures = registry_figures()
    assert figures["members"]["total"] == 1 and figures["members"]["lost_contact"] == 1
    home = client_for(staff).get(reverse("home"))
    assert FORMER not in home.content.decode()
    summary = text_of(client_for(staff).get(reverse("registry:summary_export")))
    assert FORMER not in summary


def test_member_page_is_404_and_the_former_list_finds_them_by_id_number(client_for, staff, pair):
    client = client_for(staff)
    former = pair["former"]
    assert client.get(reverse("registry:member_detail", args=[former.pk])).status_code == 404
    found = client.get(reverse("registry:former_member_list"), {"q": former.id_number})
    body = found.content.decode()
    assert FORMER in body and TWIN not in body and "湖南省长沙市" in body and "2025-08-15" in body
    detail = client.get(reverse("registry:former_member_detail", args=[former.pk])).content.decode()
    assert "2025-08-15" in detail and former.name in detail
    assert len(found.context["page"].object_list) == 1
    # by name too: the names are read apart (registry/members/filters.py), the former ones among them
    by_name = client.get(reverse("registry:former_member_list"), {"q": former.name}).context["page"].object_list
    assert [person.pk for person in by_name] == [former.pk]


def test_a_secretary_sees_only_their_subtrees_former_members(client_for, secretary_a, secretary_b, pair):
    assert FORMER in client_for(secretary_a).get(reverse("registry:former_member_list")).content.decode()
    other = client_for(secretary_b)
    assert FORMER not in other.get(reverse("registry:former_member_list")).content.decode()
    assert other.get(reverse("registry:former_member_detail", args=[pair["former"].pk])).status_code == 404


def test_the_member_form_refuses_a_former_members_id_number(client_for, staff, pair, tree):
    data = factories.member_data(tree["fuzhou_1"], id_number=pair["former"].id_number)
    data["organization"] = tree["fuzhou_1"].pk
    data = {key: (value.isoformat() if isinstance(value, datetime.date) else value) for key, value in data.items()}
    response = client_for(staff).post(reverse("registry:member_create"), data)
    assert response.status_code == 200
    assert response.context["form"].has_error("id_number", "former_member")
    assert Member.all_members.filter(id_number=pair["former"].id_number).count() == 1


def test_registry_stats_total_equals_the_roster_list_and_the_balance_end(client_for, staff, pair, tree):
    for _ in range(3):
        factories.make_member(tree["putian"], registered_on=datetime.date(2025, 2, 1))
    out = io.StringIO()
    call_command("registry_stats", "--json", stdout=out)
    figures = json.loads(out.getvalue())
    roster = client_for(staff).get(reverse("registry:member_list")).context["page"].paginator.count
    this_year = balance.year_balance(clock.today().year).figures()
    assert figures["members"]["total"] == roster == this_year["end"] == figures["balance"]["end"] == 4
    assert figures["movement"] == {"flowed_out": 0, "transfers_out_pending": 0, "former_members": 1}
