"""The `appraisal` import kind (docs/spreadsheets.md#appraisal-columns): a member's result of a year by
姓名, 公民身份号码, 年度 (a number), 评议等次, 组织处置 and 改正期限; the round made when it is not there;
all or nothing unless --skip-invalid, an error workbook; the refusal codes; an export that imports
again as unchanged; a secretary held to their own members."""

import datetime

import pytest
from openpyxl import load_workbook

from registry.appraisal.exports import result_workbook
from registry.appraisal.selectors import result_list
from registry.imports.kinds import run_import
from registry.models import AppraisalResult, AppraisalRound, Member, Movement
from tests import factories
from tests.registry.appraisal.helpers import full, grade, held_here, make_round, probationary
from tests.registry.imports.workbooks import xlsx

pytestmark = pytest.mark.django_db
HEADERS = ["姓名", "公民身份号码", "年度", "评议等次", "组织处置", "改正期限"]


def book(*rows, headers=HEADERS):
    return xlsx([headers, *rows], sheet="民主评议")


def row(member, grade_word="合格", year=2025, outcome=None, deadline=None):
    return [member.name, member.id_number, year, grade_word, outcome, deadline]


def codes(result):
    return {outcome.row: {error.code for error in outcome.errors} for outcome in result.outcomes if outcome.errors}


def test_results_are_imported_into_the_members_branch_round(tree, staff):
    members = [full(tree["fuzhou_1"]) for _ in range(3)]
    learner = probationary(tree["fuzhou_1"])
    other = full(tree["putian"])
    result = run_import(
        "appraisal",
        book(
            row(members[0], "优秀", year="2025年度"),
            row(members[1], "合格", year=2025.0),
            row(members[2], "不合格", outcome="限期改正", deadline="2026-03-31"),
            row(learner, None),
            row(other, "基本合格"),
        ),
        actor=staff,
    )
    assert codes(result) == {} and result.written
    assert result.new == 5
    fuzhou = AppraisalRound.objects.get(organization=tree["fuzhou_1"], year=2025)
    assert fuzhou.decided_on is None  # its days are the page's
    grades = dict(AppraisalResult.objects.values_list("member__name", "grade"))
    assert grades == {
        members[0].name: "excellent",
        members[1].name: "qualified",
        members[2].name: "unqualified",
        learner.name: "",
        other.name: "basically_qualified",
    }
    corrected = AppraisalResult.objects.get(member=members[2])
    assert (corrected.outcome, corrected.correction_deadline) == ("correction", datetime.date(2026, 3, 31))
    assert AppraisalRound.objects.filter(organization=tree["putian"], year=2025).exists()


def test_at_most_a_third_excellent_counting_the_rounds_results(tree, staff):
    members = [full(tree["fuzhou_1"]) for _ in range(6)]
    exactly = run_import("appraisal", book(*(row(m, "优秀" if i < 2 else "合格") for i, m in enumerate(members))))
    assert codes(exactly) == {} and exactly.written  # 2 of 6
    more = [full(tree["fuzhou_1"]) for _ in range(3)]  # 9 in all, the file adds 2 优秀: 4 > 3
    refused = run_import("appraisal", book(row(more[0], "优秀"), row(more[1], "优秀"), row(more[2], "合格")))
    assert codes(refused) == {2: {"excellent_over_third"}, 3: {"excellent_over_third"}}  # the round's 优秀 rows
    assert not refused.written
    skipped = run_import(
        "appraisal", book(row(more[0], "优秀"), row(more[1], "优秀"), row(more[2], "合格")), skip_invalid=True
    )
    assert skipped.written and skipped.new == 1  # 合格 written: 2 优秀 of 7
    assert AppraisalResult.objects.filter(grade="excellent").count() == 2
    assert skipped.error_workbook() is not None
    fits = run_import("appraisal", book(row(more[0], "优秀"), row(more[1], "合格")))  # 3 of 9: exactly a third
    assert codes(fits) == {} and fits.written


def test_probationary_members_are_not_graded(tree):
    learner = probationary(tree["fuzhou_1"])
    result = run_import("appraisal", book(row(learner, "合格")))
    assert codes(result) == {2: {"probationary_graded"}}


def test_a_secretary_imports_only_their_own_members(tree, secretary_b):
    own, stranger = full(tree["putian"]), full(tree["fuzhou_1"])
    result = run_import("appraisal", book(row(own), row(stranger)), user_scope=[tree["putian"]], actor=secretary_b)
    assert codes(result) == {3: {"scope"}}  # and nothing of them said (issue 20 §3: tests/test_no_oracle.py)


def test_the_organization_named_must_be_the_members(tree):
    member = full(tree["fuzhou_1"])
    headers = [*HEADERS, "党组织"]
    result = run_import(
        "appraisal",
        book(
            [*row(member), tree["fuzhou_2"].name],
            [*row(full(tree["fuzhou_2"])), tree["fuzhou_2"].name],
            [*row(full(tree["putian"])), "没有这个党组织"],
            headers=headers,
        ),
    )
    assert codes(result) == {2: {"not_member_of_organization"}, 4: {"unknown_org"}}


def test_the_cells_say_what_is_wrong(tree):
    member, other = full(tree["fuzhou_1"]), full(tree["fuzhou_1"])
    mobile = full(tree["fuzhou_1"])
    result = run_import(
        "appraisal",
        book(
            row(member, year="去年"),
            row(other, "很好"),
            [other.name + "甲", full(tree["fuzhou_1"]).id_number, 2025, "合格", None, None],
            row(full(tree["fuzhou_1"]), "合格", outcome="限期改正", deadline="2026-03-01"),
            row(full(tree["fuzhou_1"]), "不合格", outcome="限期改正"),
            row(mobile, "不合格", outcome="劝退"),
            row(full(tree["fuzhou_1"]), "合格", year=2030),
            [None, factories.make_id_number(), 2025, "合格", None, None],
        ),
    )
    assert codes(result) == {
        2: {"year"},
        3: {"choice"},
        4: {"name_mismatch"},
        5: {"outcome_without_unqualified"},
        6: {"deadline_required"},
        7: {"not_held_here"},
        8: {"future_year"},
        9: {"required"},
    }


def test_the_same_member_and_year_twice_in_a_file(tree):
    member = full(tree["fuzhou_1"])
    assert codes(run_import("appraisal", book(row(member), row(member, "基本合格")))) == {3: {"duplicate"}}


def test_a_departure_needs_the_rounds_decision_day_then_records_the_movement(tree, staff):
    member = held_here(tree["fuzhou_1"])
    others = [full(tree["fuzhou_1"]) for _ in range(2)]
    refused = run_import("appraisal", book(row(member, "不合格", outcome="劝退")))
    assert codes(refused) == {2: {"decision_day_required"}}
    make_round(tree["fuzhou_1"])  # with its days
    result = run_import(
        "appraisal", book(row(member, "不合格", outcome="劝退"), *(row(o) for o in others)), actor=staff
    )
    assert codes(result) == {} and result.written
    assert Movement.objects.get(member=member).kind == "persuaded"
    assert Member.all_members.get(pk=member.pk).left_as == "persuaded"
    again = run_import("appraisal", book(row(member, "不合格", outcome="劝退")))  # a former member's row, unchanged
    assert codes(again) == {} and again.unchanged == 1


def test_an_export_imports_again_as_unchanged_and_is_masked_for_a_reviewer(tree, staff, reviewer):
    members = [full(tree["fuzhou_1"]) for _ in range(3)]
    learner = probationary(tree["fuzhou_1"])
    appraisal_round = make_round(tree["fuzhou_1"])
    grade(
        appraisal_round,
        {
            members[0]: {"grade": "excellent", "votes": (5, 1, 0, 0)},
            members[1]: "qualified",
            members[2]: {"grade": "unqualified", "outcome": "correction", "deadline": datetime.date(2026, 3, 31)},
            learner: "",
        },
    )
    _filter, results = result_list(staff, {})
    content, file_name, _fallback = result_workbook(staff, results, {})
    assert file_name.endswith(".xlsx")
    again = run_import("appraisal", content, filename="back.xlsx")
    assert codes(again) == {} and again.unchanged == 4
    sheet = load_workbook(__import__("io").BytesIO(content)).active
    assert [cell.value for cell in sheet[1]][:6] == HEADERS
    _filter, results = result_list(reviewer, {})
    masked, _name, _fallback = result_workbook(reviewer, results, {})
    numbers = [
        row[1] for row in load_workbook(__import__("io").BytesIO(masked)).active.iter_rows(min_row=2, values_only=True)
    ]
    assert numbers and all("*" in number for number in numbers)
    from registry.models import ExportLog

    assert ExportLog.objects.filter(kind="appraisal").count() == 2


def test_a_re_import_changes_only_what_its_cells_say(tree):
    member = full(tree["fuzhou_1"])
    others = [full(tree["fuzhou_1"]) for _ in range(2)]
    grade(
        make_round(tree["fuzhou_1"]),
        {member: {"grade": "qualified", "votes": (1, 5, 0, 0)}, **dict.fromkeys(others, "qualified")},
    )
    result = run_import("appraisal", book(row(member, "基本合格")))
    assert result.updated == 1
    stored = AppraisalResult.objects.get(member=member)
    assert (stored.grade, stored.votes) == ("basically_qualified", (1, 5, 0, 0))  # the votes it did not give stay


def test_the_kind_is_declared(tree):
    from registry.imports.kinds import importer_for

    importer = importer_for("appraisal")
    assert importer.secretary_may_run and importer.uploadable
    assert str(importer.kind_label) and importer.help_text
    assert factories  # the factories make the members above
