"""The movement register (docs/spreadsheets.md#movements-columns) through the pipeline: each kind of
refused row, the date order within a file, re-imports (unchanged, a receipt added → updated and the
member leaves), all or nothing, scope; and a former member's ID on the roster again is the same record."""

import datetime

import pytest

from registry.imports.kinds import run_import
from registry.models import Member, Movement
from tests import factories
from tests.registry.imports.workbooks import xlsx

pytestmark = pytest.mark.django_db

HEADERS = [
    "姓名",
    "公民身份号码",
    "变动类型",
    "变动日期",
    "去向或来源",
    "介绍信编号",
    "有效期（天）",
    "回执日期",
    "活动证编号",
    "原因",
    "备注",
]
REGISTERED = datetime.date(2024, 3, 1)


def row(member, kind, date, other="", letter=None, days=None, receipt=None, certificate=None, reason=None):
    return [member.name, member.id_number, kind, date, other or None, letter, days, receipt, certificate, reason, None]


def book(*rows):
    return xlsx([HEADERS, *rows], sheet="变动登记")


@pytest.fixture
def people(tree):
    make = factories.make_member
    own = {"category": Member.Category.SELF_MANAGED, "registered_on": REGISTERED}
    return {
        "flows": make(tree["fuzhou_1"], **own),
        "mobile": make(tree["fuzhou_1"], registered_on=REGISTERED),
        "own": make(tree["fuzhou_1"], **own),
        "leaving": make(tree["fuzhou_2"], **own),
        "probationary": make(
            tree["putian"], status=Member.Status.PROBATIONARY, made_full=None, registered_on=REGISTERED
        ),
        "full": make(tree["putian"], registered_on=REGISTERED),
        "late": make(tree["putian"], registered_on=datetime.date(2025, 1, 1), category=Member.Category.SELF_MANAGED),
    }


def kinds(result):
    return {outcome.row: {error.code for error in outcome.errors} for outcome in result.outcomes if outcome.errors}


def test_every_refused_kind_and_nothing_written_by_default(people):
    p = people
    stranger = factories.member_data(p["own"].organization)
    content = book(
        row(p["flows"], "流出", "2025-03-01", "广东省深圳市", certificate="LDZ-1"),  # 2 ok
        [stranger["name"], stranger["id_number"], "流出", "2025-03-01", None, None, None, None, None, None, None],  # 3
        row(p["own"], "流出", "2099-05-01", "深圳"),  # 4 future
        row(p["late"], "流出", "2024-06-01", "深圳"),  # 5 before registered
        row(p["mobile"], "返回", "2025-05-01"),  # 6 return without flow-out
        row(p["mobile"], "流出", "2025-04-01", "深圳"),  # 7 not self-managed
        row(p["own"], "转入", "2025-05-05", "某县委", letter="JS-9"),  # 8 already self-managed
        row(p["own"], "转出", "2025-06-01", "某市委", days=30),  # 9 no letter
        row(p["leaving"], "转出", "2025-07-01", "天津某委", letter="ZC-1", days="30天", receipt="2025-07-20"),  # 10 ok
        row(p["own"], "转出", "2025-07-15", "某市委", letter="ZC-1", days=30),  # 11 letter in use
        row(p["full"], "取消预备党员资格", "2025-06-03"),  # 12 full member
        row(
            p["own"], "转出", "2025-06-04", "某市委", letter="ZC-7", days=30, receipt="2025-05-01"
        ),  # 13 receipt before
        row(p["own"], "调出", "2025-06-05", "某市委"),  # 14 unknown event
        row(p["probationary"], "取消预备党员资格", "2025-12-01"),  # 15 ok
        row(p["mobile"], "离开本地", "2025-08-15", "湖南省长沙市"),  # 16 ok
    )
    result = run_import("movements", content, filename="m.xlsx")
    assert kinds(result) == {
        3: {"unknown_id"},
        4: {"future"},
        5: {"before_registered"},
        6: {"return_without_flow_out"},
        7: {"flow_out_not_self_managed"},
        8: {"transfer_in_already_self_managed"},
        9: {"transfer_out_no_letter"},
        11: {"transfer_out_letter_in_use"},
        12: {"cancel_full_member"},
        13: {"receipt_before_letter"},
        14: {"unknown_event"},
    }
    assert all(
        any(
            "2025" in e.message or "2099" in e.message or "调出" in e.message or "身份" in e.message or e.message
            for e in outcome.errors
        )
        for outcome in result.outcomes
        if outcome.errors
    )
    assert not result.written and not Movement.objects.exists()

    result = run_import("movements", content, filename="m.xlsx", skip_invalid=True)
    assert result.counts["new"] == 4 and result.counts["invalid"] == 11
    assert Member.all_members.former().count() == 3  # receipt back, probation cancelled, left the area
    assert Member.objects.get(pk=p["flows"].pk).flowed_out
    assert not Member.objects.filter(pk=p["leaving"].pk).exists()


def test_rows_take_effect_in_date_order_and_reimport_is_unchanged(people):
    p = people
    content = book(
        row(p["flows"], "返回", "2025.9.1"),
        row(p["flows"], "流出", "2025年5月1日", "上海市", certificate="LDZ-3"),
        row(p["own"], "转出", "2025-07-03", "山东某市委", letter="ZC-3", days=60),
        row(p["probationary"], "取消预备党员资格", "2025-12-01"),
    )
    first = run_import("movements", content, filename="m.xlsx")
    assert first.counts["new"] == 4 and first.written
    assert not Member.objects.get(pk=p["flows"].pk).flowed_out
    again = run_import("movements", content, filename="m.xlsx")  # also for the member who left since
    assert again.counts == {**again.counts, "new": 0, "updated": 0, "unchanged": 4, "invalid": 0}

    receipt = book(row(p["own"], "转出", "2025-07-03", "山东某市委", letter="ZC-3", days=60, receipt="2025-08-01"))
    update = run_import("movements", receipt, filename="m2.xlsx")
    assert update.counts["updated"] == 1
    former = Member.all_members.get(pk=p["own"].pk)
    assert (former.left_on, former.left_as) == (datetime.date(2025, 8, 1), "transfer_out")


def test_a_transfer_out_to_one_of_our_organizations_moves_the_member(people, tree):
    result = run_import(
        "movements",
        book(row(people["own"], "转出", "2025-07-03", tree["putian"].name, letter="ZC-8")),
        filename="m.xlsx",
    )
    assert result.counts["new"] == 1
    member = Member.objects.get(pk=people["own"].pk)
    assert member.organization == tree["putian"] and member.left_on is None


def test_a_secretary_imports_only_for_their_subtree(people, secretary_b):
    from branches import access

    result = run_import(
        "movements",
        book(row(people["own"], "去世", "2025-01-01")),
        filename="m.xlsx",
        actor=secretary_b,
        user_scope=access.changeable_organizations(secretary_b),
    )
    assert kinds(result) == {2: {"out_of_scope"}}


def test_a_name_that_does_not_match_the_roster_is_refused(people):
    bad = row(people["own"], "去世", "2025-01-01")
    bad[0] = "别人"
    assert kinds(run_import("movements", book(bad), filename="m.xlsx")) == {2: {"name_mismatch"}}


def test_a_former_member_on_the_roster_again_is_the_same_record_restored(people, tree):
    member = people["mobile"]
    run_import("movements", book(row(member, "离开本地", "2025-08-15", "长沙")), filename="m.xlsx")
    assert not Member.objects.filter(pk=member.pk).exists()
    roster = xlsx(
        [
            ["姓名", "公民身份号码", "所在党组织", "入党时间", "管理类别", "登记时间"],
            [member.name, member.id_number, tree["fuzhou_1"].name, "2005-07-01", "流动", "2026-01-05"],
        ]
    )
    result = run_import("members", roster, filename="roster.xlsx")
    assert result.counts["new"] == 0 and result.counts["updated"] == 1
    restored = Member.objects.get(pk=member.pk)
    assert restored.registered_on == datetime.date(2026, 1, 5) and restored.left_on is None
    assert Member.all_members.filter(id_number=member.id_number).count() == 1
    assert restored.movements.filter(kind="arrival").exists()
    too_early = xlsx(
        [
            ["姓名", "公民身份号码", "所在党组织", "入党时间", "管理类别", "登记时间"],
            [
                people["leaving"].name,
                people["leaving"].id_number,
                tree["fuzhou_2"].name,
                "2005-07-01",
                "自管",
                "2020-01-01",
            ],
        ]
    )
    run_import("movements", book(row(people["leaving"], "去世", "2025-03-01")), filename="d.xlsx")
    assert kinds(run_import("members", too_early, filename="r.xlsx")) == {2: {"before_left"}}


def test_a_secretarys_import_moves_members_only_within_their_subtree(people, tree, secretary_a):
    """Issue 20 §4: a 转出 naming one of our organizations is a move, theirs to make within the
    organizations they keep; another branch or the committee is refused, nothing written."""
    rows = [
        row(people["flows"], "转出", "2025-06-10", tree["putian"].name, letter="ZC-21", days=30),  # 2
        row(people["own"], "转出", "2025-06-10", tree["committee"].name, letter="ZC-22", days=30),  # 3
        row(people["leaving"], "转出", "2025-06-10", tree["fuzhou_1"].name, letter="ZC-23", days=30),  # 4
    ]
    kept = [tree["fuzhou"], tree["fuzhou_1"], tree["fuzhou_2"]]
    scope = {"actor": secretary_a, "user_scope": kept, "filename": "m.xlsx"}
    result = run_import("movements", book(*rows), **scope)
    assert kinds(result) == {2: {"move_out_of_scope"}, 3: {"move_out_of_scope"}}
    assert not Movement.objects.exists()
    result = run_import("movements", book(rows[2]), **scope)
    assert kinds(result) == {} and Member.objects.get(pk=people["leaving"].pk).organization == tree["fuzhou_1"]
