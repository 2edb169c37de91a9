"""The movement register and the former members' list: bounded queries whatever the rows, the
export in the import's own columns (it imports again as unchanged), the blank template."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from registry.imports.kinds import run_import
from registry.models import Member
from registry.movements import rules, services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(tree):
    for number in range(8):
        member = factories.make_member(
            tree["fuzhou_1" if number % 2 else "putian"], registered_on=datetime.date(2020, 1, 1)
        )
        services.movement_record(
            member=member,
            event=rules.Event(
                kind="left_area",
                date=datetime.date(2025, 1, number + 1),
                other_side="长沙",
                reason="返乡",
            ),
            actor=None,
        )


def test_lists_make_a_bounded_number_of_queries(client_for, staff, register, django_assert_max_num_queries):
    client = client_for(staff)
    for name in ("registry:movement_list", "registry:former_member_list"):
        with django_assert_max_num_queries(12):
            response = client.get(reverse(name))
        assert len(response.context["page"].object_list) == 8


def test_a_secretary_sees_their_subtrees_register_only(client_for, secretary_b, register):
    response = client_for(secretary_b).get(reverse("registry:movement_list"))
    assert len(response.context["page"].object_list) == 4


def test_the_export_imports_again_unchanged(client_for, staff, register):
    response = client_for(staff).get(reverse("registry:movement_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("姓名", "公民身份号码", "变动类型", "变动日期") and len(rows) == 9
    assert rows[1][2] == "离开本地"
    result = run_import("movements", response.content, filename="export.xlsx")
    assert result.counts["unchanged"] == 8 and result.counts["invalid"] == 0


def test_the_blank_template(client_for, staff):
    response = client_for(staff).get(reverse("registry:import_template", args=["movements"]))
    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert header[:4] == ("姓名*", "公民身份号码*", "变动类型*", "变动日期*")


def test_reviewer_sees_the_export_masked(client_for, reviewer, register):
    response = client_for(reviewer).get(reverse("registry:movement_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert "*" in rows[1][1]
    assert Member.all_members.former().count() == 8
