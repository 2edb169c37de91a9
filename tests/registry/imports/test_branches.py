"""Chambers, enterprises and organizations: references by name, rows in any order, loops."""

import pytest

from branches import access
from branches.models import Chamber, Enterprise, Organization
from registry.imports import run_import
from tests import factories
from tests.registry.imports import workbooks

pytestmark = pytest.mark.django_db

ORGANIZATION_HEADERS = [
    "党组织名称",
    "组织类别",
    "上级党组织",
    "所属商会",
    "依托企业",
    "组建方式",
    "成立日期",
    "书记姓名",
    "书记联系电话",
]


def kinds(result) -> dict:
    found = {}
    for error in result.errors:
        found.setdefault(error.row, set()).add((error.column, error.code))
    return found


def test_chambers_may_name_a_parent_further_down(db):
    rows = [
        ["商会名称", "类别", "上级商会", "来源地", "业务主管单位", "成立时间"],
        ["北京福州商会", "地市商会", "北京福建企业总商会", "福建省福州市", "福建省驻京办", "2009.3"],
        ["北京福建医药商会", "行业", "北京福建企业总商会", "", "", "2011-06-01"],
        ["北京福建企业总商会", "总商会", "", "福建省", "福建省驻京办", "2006年3月"],
    ]
    result = run_import("chambers", workbooks.xlsx(rows, sheet="商会"))
    assert result.new == 3, result.errors
    general = Chamber.objects.get(name="北京福建企业总商会")
    assert set(general.children.values_list("kind", flat=True)) == {"city", "industry"}
    assert str(Chamber.objects.get(name="北京福州商会").established) == "2009-03-01"
    assert run_import("chambers", workbooks.xlsx(rows)).unchanged == 3


def test_a_loop_of_parents_is_an_error_on_each_row_of_it(db):
    rows = [
        ["商会名称", "商会类别", "上级商会"],
        ["甲商会", "地市商会", "乙商会"],
        ["乙商会", "地市商会", "甲商会"],
        ["丙商会", "地市商会", "丙商会"],
        ["丁商会", "地市商会", "不存在的商会"],
    ]
    result = run_import("chambers", workbooks.xlsx(rows))
    assert kinds(result) == {
        2: {("上级商会", "loop")},
        3: {("上级商会", "loop")},
        4: {("上级商会", "loop")},
        5: {("上级商会", "reference_unknown")},
    }
    assert not Chamber.objects.exists()


def test_enterprises_credit_codes_counts_and_duplicates(db):
    chamber = factories.make_chamber("北京福州商会")
    code, other = factories.make_credit_code(1), factories.make_credit_code(2)
    rows = [
        ["企业名称", "信用代码", "所属商会", "行业", "地址", "入会时间", "企业党员情况"],
        ["甲公司", code.lower(), chamber.name, "物流", "朝阳区", "2010-01-01", "３ 人"],
        ["乙公司", "", chamber.name, "", "", "", 2],
        ["丙公司", code, "", "", "", "", ""],  # the same code as row 2
        ["甲公司", other, "", "", "", "", ""],  # the same name as row 2
        ["丁公司", code[:17] + ("0" if code[17] != "0" else "1"), "", "", "", "", ""],
        ["戊公司", "", "不存在的商会", "", "", "", "很多"],
    ]
    result = run_import("enterprises", workbooks.xlsx(rows), skip_invalid=True)
    assert kinds(result) == {
        4: {("信用代码", "duplicate")},
        5: {("企业名称", "duplicate")},
        6: {("信用代码", "credit_code_check")},
        7: {("所属商会", "reference_unknown"), ("企业党员情况", "count")},
    }
    first = Enterprise.objects.get(name="甲公司")
    assert (first.credit_code, first.party_members_reported, first.chamber) == (code, 3, chamber)
    assert Enterprise.objects.get(name="乙公司").party_members_reported == 2

    # Keyed by its code, an enterprise may be renamed; a code of another enterprise is refused.
    renamed = run_import("enterprises", workbooks.xlsx([rows[0], ["甲物流有限公司", code, "", "", "", "", ""]]))
    assert renamed.updated == 1
    assert Enterprise.objects.get(credit_code=code).name == "甲物流有限公司"
    conflict = run_import("enterprises", workbooks.xlsx([rows[0], ["乙公司", code, "", "", "", "", ""]]))
    assert kinds(conflict) == {2: {("信用代码", "credit_code_conflict")}}


def test_organizations_in_any_order_keep_their_paths_and_hosts(db):
    chamber = factories.make_chamber("北京福州商会")
    factories.make_enterprise("甲公司")
    factories.make_enterprise("乙公司")
    rows = [
        ORGANIZATION_HEADERS,
        [
            "第一支部",
            "党支部",
            "福州商会党总支",
            chamber.name,
            "甲公司、乙公司",
            "联合建",
            "2014.1",
            "王明",
            "13900000001",
        ],
        ["第一支部党小组", "党小组", "第一支部", "", "", "", "", "", ""],
        ["福州商会党总支", "总支", "福建商会党委", chamber.name, "", "单独建", "2013-03-01", "", ""],
        ["福建商会党委", "党委", "", "", "", "", "2012-05", "", ""],
        ["错误支部", "支部大会", "福建商会党委", "", "", "", "", "", ""],
    ]
    result = run_import("organizations", workbooks.xlsx(rows), skip_invalid=True)
    assert kinds(result) == {6: {("组织类别", "choice")}}
    assert result.new == 4
    committee = Organization.objects.get(name="福建商会党委")
    branch = Organization.objects.get(name="第一支部")
    group = Organization.objects.get(name="第一支部党小组")
    assert committee.path == f"{committee.pk}/"
    assert group.path == f"{committee.pk}/{branch.parent_id}/{branch.pk}/{group.pk}/"
    assert (branch.level, branch.formation) == ("branch", "joint")
    assert set(branch.host_enterprises.values_list("name", flat=True)) == {"甲公司", "乙公司"}

    # The same file again: unchanged (the hosts in another order are the same hosts).
    rows[1][4] = "乙公司，甲公司"
    assert run_import("organizations", workbooks.xlsx(rows), skip_invalid=True).unchanged == 4

    # Moving the general branch under a new committee moves its whole subtree.
    moved = [ORGANIZATION_HEADERS, ["新党委", "党委"] + [""] * 7, ["福州商会党总支", "", "新党委"] + [""] * 6]
    result = run_import("organizations", workbooks.xlsx(moved))
    assert (result.new, result.updated) == (1, 1), result.errors
    group.refresh_from_db()
    assert group.path.startswith(Organization.objects.get(name="新党委").path)


def test_a_row_under_an_invalid_row_of_the_same_file_is_invalid_too(db):
    rows = [
        ORGANIZATION_HEADERS,
        ["第一支部", "党支部", "总支"] + [""] * 6,
        ["总支", "支部大会"] + [""] * 7,
    ]
    result = run_import("organizations", workbooks.xlsx(rows), skip_invalid=True)
    assert kinds(result) == {2: {("上级党组织", "reference_invalid")}, 3: {("组织类别", "choice")}}
    assert not Organization.objects.exists()


def test_an_organization_cannot_be_moved_under_its_own_descendant(tree):
    rows = [ORGANIZATION_HEADERS, [tree["fuzhou"].name, "", tree["fuzhou_1"].name] + [""] * 6]
    result = run_import("organizations", workbooks.xlsx(rows))
    assert kinds(result) == {2: {("上级党组织", "loop")}}


def test_a_secretary_adds_organizations_only_below_their_own(tree, secretary_a):
    scope = access.changeable_organizations(secretary_a)
    rows = [
        ORGANIZATION_HEADERS,
        ["福州第一党小组", "党小组", tree["fuzhou_1"].name] + [""] * 6,
        ["福州第一党小组二组", "党小组", "福州第一党小组"] + [""] * 6,
        ["莆田党小组", "党小组", tree["putian"].name] + [""] * 6,
        [tree["putian"].name, "党总支"] + [""] * 7,
        ["无上级的支部", "党支部"] + [""] * 7,
    ]
    result = run_import("organizations", workbooks.xlsx(rows), actor=secretary_a, user_scope=scope, skip_invalid=True)
    assert kinds(result) == {4: {("上级党组织", "scope")}, 5: {("党组织名称", "scope")}, 6: {("上级党组织", "scope")}}
    assert Organization.objects.get(name="福州第一党小组二组").path.startswith(tree["fuzhou"].path)
    assert Organization.objects.get(name=tree["putian"].name).level == "branch"
    assert Organization.objects.get(name="福州第一党小组").history.first().history_user == secretary_a
