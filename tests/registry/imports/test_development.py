"""The development ledger (import_data development, the web import): each kind of refused row,
admission onto the roster, a second import that changes nothing, a secretary's scope."""

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from registry.imports import run_import
from registry.models import Candidate, ImportRun, Member
from tests import factories

HEADERS = [
    "序号",
    "姓名",
    "公民身份号码",
    "所在党组织",
    "申请入党时间",
    "谈话时间",
    "确定积极分子时间",
    "培养联系人",
    "确定发展对象时间",
    "入党介绍人",
    "接收预备党员时间",
    "上级党委审批时间",
    "转正时间",
]
BRANCH = "福州商会第一党支部"


def person(year=1990, male=True):
    """A distinct adult's ID number (a different birth date each time)."""
    return factories.make_id_number(
        birth=datetime.date(year, 1, 1) + datetime.timedelta(days=next(factories._sequence) % 3000), male=male
    )


def row(
    name,
    number,
    *,
    organization=BRANCH,
    applied="2021.1.1",
    talked=None,
    activist=None,
    contacts=None,
    target=None,
    introducers=None,
    admitted=None,
    approved=None,
    made_full=None,
):
    return [
        None,
        name,
        number,
        organization,
        applied,
        talked,
        activist,
        contacts,
        target,
        introducers,
        admitted,
        approved,
        made_full,
    ]


@pytest.fixture
def on_roster(tree):
    # An adult whatever the factories' sequence has reached: only "on the roster" may be wrong with this row.
    return factories.make_member(
        tree["putian"], name="已在册", id_number=factories.make_id_number(birth=datetime.date(1980, 1, 1))
    )


@pytest.fixture
def ledger(tree, on_roster):
    """Rows 3–7 valid (applicant, activist, target, probationary, full), then one refused row of each kind."""
    good_id = person()
    bad_id = good_id[:-1] + ("0" if good_id[-1] != "0" else "1")
    rows = [
        row("申请人", person()),
        row("积极分子", person(), activist="2024-05-05", contacts="周志、吴平"),
        row("发展对象", person(), activist="2022-05-01", contacts="许龙", target="2023-06-01", introducers="甲、乙"),
        row(
            "预备党员",
            person(),
            activist="2021-06-01",
            contacts="罗琳",
            target="2022-09-01",
            introducers="苏建、杨浩",
            admitted="2025-06-18",
            approved="2025-08-02",
        ),
        row(
            "正式党员",
            person(),
            applied="2020.3.1",
            activist="2020.9.2",
            contacts="郑燕",
            target="2021-10-02",
            introducers="郑艳、黄欣",
            admitted="2023.1.11",
            approved="2023年2月25日",
            made_full="2024-01-11",
        ),
        row(
            "未满十八", factories.make_id_number(birth=datetime.date(2008, 6, 2)), applied="2026-06-01", talked=None
        ),  # 8
        row("太快", person(), activist="2025-03-10", target="2026-03-09"),  # 9
        row(
            "转正太快",
            person(),
            activist="2021-06-01",
            target="2022-09-01",
            admitted="2025-02-01",
            made_full="2026-01-31",
        ),  # 10
        row("倒序", person(), applied="2024-05-01", activist="2024-02-01"),  # 11
        row("缺阶段", person(), applied="2023-01-01", target="2024-06-01"),  # 12
        row("将来", person(), applied="2099年1月1日", talked=None),  # 13
        row(on_roster.name, on_roster.id_number, organization="莆田商会党支部"),  # 14
        row("错号", bad_id),  # 15
        row("无支部", person(), organization="不存在的支部"),  # 16
    ]
    return factories.member_workbook(rows, headers=HEADERS, title="发展党员工作台账")


EXPECTED_KINDS = {
    8: "under_18",
    9: "target_too_soon",
    10: "full_not_end_of_probation",
    11: "out_of_order",
    12: "missing_stage",
    13: "future",
    14: "on_roster",
    15: "bad_id",
    16: "unknown_org",
}


def codes_by_row(result) -> dict[int, set[str]]:
    codes = {}
    for error in result.errors:
        codes.setdefault(error.row, set()).add(error.code)
    return codes


def test_each_kind_of_refused_row_and_nothing_written_without_skipping(tree, staff, ledger):
    result = run_import("development", ledger, actor=staff)
    assert result.counts["invalid"] == 9 and result.counts["new"] == 5
    assert codes_by_row(result) == {row: {kind} for row, kind in EXPECTED_KINDS.items()}
    assert not result.written and not Candidate.objects.exists()
    messages = {error.row: error.message for error in result.errors}
    assert "年满18周岁" in messages[8] and "2026-06-02" in messages[8]
    assert "满一年" in messages[9] and "2026-03-10" in messages[9]


def test_skipping_invalid_rows_writes_the_valid_ones_and_admits(tree, staff, ledger, on_roster):
    members_before = Member.objects.count()
    result = run_import("development", ledger, actor=staff, skip_invalid=True)
    assert result.written and result.counts["new"] == 5
    assert Candidate.objects.count() == 5
    assert Member.objects.count() == members_before + 2
    probationary = Member.objects.get(name="预备党员")
    assert (probationary.status, probationary.category, probationary.joined, probationary.registered_on) == (
        Member.Status.PROBATIONARY,
        Member.Category.SELF_MANAGED,
        datetime.date(2025, 6, 18),
        datetime.date(2025, 6, 18),
    )
    full = Member.objects.get(name="正式党员")
    assert full.status == Member.Status.FULL and full.made_full == datetime.date(2024, 1, 11)
    assert Candidate.objects.get(name="预备党员").member == probationary
    assert Candidate.objects.get(name="积极分子").contact_persons == "周志、吴平"
    again = run_import("development", ledger, actor=staff, skip_invalid=True)
    assert (again.counts["new"], again.counts["updated"], again.counts["unchanged"]) == (0, 0, 5)
    assert Member.objects.count() == members_before + 2


def test_the_command_and_registry_stats(tree, staff, ledger, tmp_path):
    path = tmp_path / "发展党员.xlsx"
    path.write_bytes(ledger)
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_data", "development", str(path), "--skip-invalid", "--json", stdout=out)
    assert json.loads(out.getvalue())["new"] == 5
    stats = io.StringIO()
    call_command("registry_stats", "--json", stdout=stats)
    assert json.loads(stats.getvalue())["development"] == {"applicant": 1, "activist": 1, "target": 1}


def test_a_later_row_updates_the_candidate(tree, staff):
    number = person()
    run_import("development", factories.member_workbook([row("张", number)], headers=HEADERS), actor=staff)
    result = run_import(
        "development",
        factories.member_workbook([row("张", number, activist="2021-03-01", contacts="王")], headers=HEADERS),
        actor=staff,
    )
    assert result.counts["updated"] == 1
    assert Candidate.objects.get(id_number=number).activist == datetime.date(2021, 3, 1)


def test_a_secretary_imports_within_their_subtree_only(tree, secretary_b):
    content = factories.member_workbook(
        [row("外支部", person()), row("本支部", person(), organization="莆田商会党支部")], headers=HEADERS
    )
    result = run_import("development", content, actor=secretary_b, user_scope=[tree["putian"]], skip_invalid=True)
    assert {error.code for error in result.errors} == {"scope"}
    assert list(Candidate.objects.values_list("name", flat=True)) == ["本支部"]


def test_web_import_with_preview_and_error_workbook(client_for, secretary_a, tree, ledger):
    client = client_for(secretary_a)
    page = client.get(reverse("registry:import_new"))
    assert "development" in dict(page.context["form"].fields["kind"].choices)
    client.post(
        reverse("registry:import_new"), {"kind": "development", "file": SimpleUploadedFile("台账.xlsx", ledger)}
    )
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.PREVIEW and run.counts["invalid"] == 9  # row 14 is out of scope as well
    client.post(reverse("registry:import_confirm", args=[run.pk]), {"skip_invalid": "1"})
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE and Candidate.objects.count() == 5
    assert client.get(reverse("registry:import_errors", args=[run.pk])).status_code == 200


EXTENDED_HEADERS = [*HEADERS[:-1], "延长预备期（月）", "转正时间"]


def extended_row(name, number, *, organization=BRANCH, admitted="2023-08-31", extension=None, made_full=None):
    return [
        None,
        name,
        number,
        organization,
        "2021-01-05",
        None,
        "2021-03-01",
        "王",
        "2022-06-01",
        "甲、乙",
        admitted,
        None,
        extension,
        made_full,
    ]


def test_the_ledger_refuses_a_decision_day_as_made_full_an_extension_outside_6_to_12_and_a_party_group(tree, staff):
    """Issue 22: 转正时间 is admission + a year + any extension (the message names it), an extension is
    6 to 12 months, and a temporary branch or a party group holds no candidates."""
    group = factories.make_organization("福州商会第一党支部第一党小组", level="party_group", parent=tree["fuzhou_1"])
    temporary = factories.make_organization("福州商会临时党支部", level="temporary_branch", parent=tree["fuzhou"])
    content = factories.member_workbook(
        [
            extended_row("按期转正", person(), made_full="2024-08-31"),  # 2
            extended_row("延长后转正", person(), extension="6个月", made_full="2025-03-01"),  # 3
            extended_row("会议日", person(), made_full="2024-09-20"),  # 4
            extended_row("延长未计", person(), extension=6, made_full="2024-08-31"),  # 5
            extended_row("延长太短", person(), extension=5),  # 6
            extended_row("党小组", person(), organization=group.name, admitted=None),  # 7
            extended_row("临时支部", person(), organization=temporary.name, admitted=None),  # 8
        ],
        headers=EXTENDED_HEADERS,
    )
    result = run_import("development", content, actor=staff)
    assert codes_by_row(result) == {
        4: {"full_not_end_of_probation"},
        5: {"full_not_end_of_probation"},
        6: {"extension_length"},
        7: {"organization_cannot_hold"},
        8: {"organization_cannot_hold"},
    }
    messages = {error.row: error.message for error in result.errors}
    assert "2024-08-31" in messages[4] and "2025-03-01" in messages[5] and tree["fuzhou_1"].name in messages[7]
    written = run_import("development", content, actor=staff, skip_invalid=True)
    assert written.counts["new"] == 2
    assert Member.objects.get(name="延长后转正").made_full == datetime.date(2025, 3, 1)
    assert Candidate.objects.get(name="延长后转正").probation_extension_months == 6


STEP_HEADERS = [
    "姓名",
    "公民身份号码",
    "所在党组织",
    "申请入党时间",
    "确定积极分子时间",
    "确定发展对象时间",
    "政治审查时间",
    "培训结业时间",
    "培训学时",
    "预审时间",
    "入党志愿书编号",
    "接收预备党员时间",
    "应到表决人数",
    "实到表决人数",
    "赞成票数",
    "上级党委谈话时间",
    "上级党委审批时间",
    "入党宣誓时间",
    "取消预备党员资格时间",
]
# A path through every step (docs/lifecycle.md#steps-before-admission), a field of it replaced per row.
STEP_PATH = {
    "申请入党时间": "2021-01-05",
    "确定积极分子时间": "2021-03-01",
    "确定发展对象时间": "2022-06-01",
    "政治审查时间": "2022-08-01",
    "培训结业时间": "2022-08-20",
    "培训学时": "24学时",
    "预审时间": "2022-09-10",
    "入党志愿书编号": "2022001",
    "接收预备党员时间": "2022-10-10",
    "应到表决人数": 9,
    "实到表决人数": "7人",
    "赞成票数": "6票",
    "上级党委谈话时间": "2022-11-01",
    "上级党委审批时间": "2022-12-01",
    "入党宣誓时间": "2023-01-05",
}


def step_row(name, **changed):
    values = {"姓名": name, "公民身份号码": person(), "所在党组织": BRANCH, **STEP_PATH, **changed}
    return [values.get(header) for header in STEP_HEADERS]


def test_the_steps_around_admission_are_optional_in_order_and_the_vote_is_carried(tree, staff):
    """Issue 22: the new columns are read, each step where given comes after the one before it, the
    training lasts 24 class hours, and the branch meeting's vote is carried only when more than half
    of those with a vote are present and more than half of them vote for (vote_not_carried)."""
    bare = {field: None for field in STEP_PATH if field not in ("申请入党时间", "确定积极分子时间", "确定发展对象时间")}
    content = factories.member_workbook(
        [
            step_row("全部步骤"),  # 2
            step_row("不足半数到会", 实到表决人数=4, 赞成票数=4),  # 3
            step_row("赞成未过半", 实到表决人数=9, 赞成票数=4),  # 4
            step_row("预审在政审前", 预审时间="2022-07-01"),  # 5
            step_row("学时不足", 培训学时=16),  # 6
            step_row("预审在接收后", 预审时间="2022-10-20"),  # 7
            step_row("宣誓在审批前", 入党宣誓时间="2022-11-15"),  # 8
            step_row("没有步骤", **{**bare, "接收预备党员时间": "2022-10-10"}),  # 9
            step_row("取消资格", 取消预备党员资格时间="2023-06-01"),  # 10
            step_row("票数不符", 实到表决人数=10),  # 11
            step_row("无发展对象", 确定发展对象时间=None, **{**bare, "政治审查时间": "2022-08-01"}),  # 12
        ],
        headers=STEP_HEADERS,
    )
    result = run_import("development", content, actor=staff)
    assert codes_by_row(result) == {
        3: {"vote_not_carried"},
        4: {"vote_not_carried"},
        5: {"out_of_order"},
        6: {"training_hours"},
        7: {"out_of_order"},
        8: {"out_of_order"},
        11: {"vote_counts"},
        12: {"missing_stage"},
    }
    messages = {error.row: error.message for error in result.errors}
    assert "半数" in messages[3] and "5" in messages[3]  # at least 5 of the 9 present
    assert "半数" in messages[4] and "5" in messages[4]  # at least 5 of the 9 for
    assert "2022-08-20" in messages[5] and "2022-10-20" in messages[7] and "2022-12-01" in messages[8]
    assert "24" in messages[6]
    written = run_import("development", content, actor=staff, skip_invalid=True)
    assert written.counts["new"] == 3
    full_path = Candidate.objects.get(name="全部步骤")
    assert (full_path.pre_reviewed_on, full_path.application_form_number, full_path.training_hours) == (
        datetime.date(2022, 9, 10),
        "2022001",
        24,
    )
    assert (full_path.vote_expected, full_path.vote_present, full_path.vote_for, full_path.oath_on) == (
        9,
        7,
        6,
        datetime.date(2023, 1, 5),
    )
    cancelled = Candidate.objects.get(name="取消资格")
    assert cancelled.cancelled_on == datetime.date(2023, 6, 1) and cancelled.member_id is None
    assert not Member.objects.filter(id_number=cancelled.id_number).exists()
    again = run_import("development", content, actor=staff, skip_invalid=True)
    assert (again.counts["new"], again.counts["updated"], again.counts["unchanged"]) == (0, 0, 3)


def test_a_row_cancelling_the_probation_takes_the_member_off_the_roster(tree, staff):
    number = person()
    admitted = factories.member_workbook([step_row("后取消", 公民身份号码=number)], headers=STEP_HEADERS)
    run_import("development", admitted, actor=staff)
    member = Member.objects.get(id_number=number)
    cancelled = factories.member_workbook(
        [step_row("后取消", 公民身份号码=number, 取消预备党员资格时间="2023-06-01")], headers=STEP_HEADERS
    )
    result = run_import("development", cancelled, actor=staff)
    assert result.counts["updated"] == 1
    assert not Member.objects.filter(pk=member.pk).exists()
    former = Member.all_members.get(pk=member.pk)
    assert (former.left_on, former.left_as) == (datetime.date(2023, 6, 1), "probation_cancelled")


def test_the_export_carries_the_steps_and_imports_again_unchanged(client_for, staff, tree):
    content = factories.member_workbook([step_row("导出")], headers=STEP_HEADERS)
    run_import("development", content, actor=staff)
    exported = client_for(staff).get(reverse("registry:candidate_export"))
    workbook = b"".join(exported.streaming_content) if exported.streaming else exported.content
    from openpyxl import load_workbook

    header = [cell.value for cell in next(load_workbook(io.BytesIO(workbook)).active.iter_rows(max_row=1))]
    for column in (
        "政治审查时间",
        "培训学时",
        "入党志愿书编号",
        "应到表决人数",
        "赞成票数",
        "入党宣誓时间",
        "取消预备党员资格时间",
    ):
        assert column in header
    again = run_import("development", workbook, actor=staff)
    assert (again.counts["new"], again.counts["updated"], again.counts["unchanged"]) == (0, 0, 1)
