"""No oracle across branches (issue 20 §3): a secretary who types the ID number of a person of
another branch — into a form or a row of any import — learns no more than that the number belongs
to an organization they do not keep: not the roster's name, not a date of theirs, whatever else
the row gets wrong. The scope is asked before any of the record's values is compared with what
was typed."""

import pytest
from django.urls import reverse

from branches import clock
from registry.development.rules import add_years
from registry.imports.kinds import run_import
from tests.registry.imports.workbooks import xlsx

WRONG_NAME = "错名字"


def said(member) -> list[str]:
    """What would give the stranger away: their name, their dates."""
    return [member.name, member.joined.isoformat(), f"{member.joined:%Y-%m}"]


@pytest.fixture
def stranger(members):
    """A member of 福州商会第一党支部, which secretary_b (莆田商会党支部) does not keep."""
    return members["fuzhou_1"][0]


def test_a_new_applicant_with_another_branchs_members_id_number(client_for, secretary_b, tree, stranger):
    response = client_for(secretary_b).post(
        reverse("registry:candidate_create"),
        {
            "name": WRONG_NAME,
            "id_number": stranger.id_number,
            "organization": tree["putian"].pk,
            "applied": clock.today().isoformat(),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "管理范围以外" in page
    assert not [word for word in said(stranger) if word in page]


def year_ago() -> str:
    return add_years(clock.today(), -1).isoformat()


# kind → (headers, sheet, a row naming `member` under a wrong name, in secretary_b's organization)
ROWS = {
    "movements": (
        ["姓名", "公民身份号码", "变动类型", "变动日期", "去向或来源"],
        "变动登记",
        lambda member, putian: [WRONG_NAME, member.id_number, "流出", year_ago(), "深圳"],
    ),
    "development": (
        ["姓名", "公民身份号码", "所在党组织", "申请入党时间"],
        "发展党员",
        lambda member, putian: [WRONG_NAME, member.id_number, putian, year_ago()],
    ),
    "discipline": (
        ["姓名", "公民身份号码", "处分类型", "处分日期", "作出处分的党组织"],
        "党纪处分",
        lambda member, putian: [WRONG_NAME, member.id_number, "警告", year_ago(), putian],
    ),
    "honours": (
        ["姓名", "党组织名称", "公民身份号码", "表彰名称", "表彰机关", "表彰级别", "表彰日期"],
        "表彰",
        lambda member, putian: [WRONG_NAME, None, member.id_number, "优秀共产党员", "某党委", "本级", year_ago()],
    ),
    "committee_members": (
        ["党组织", "姓名", "公民身份号码", "职务", "任职时间"],
        "支委会成员",
        lambda member, putian: [putian, WRONG_NAME, member.id_number, "委员", year_ago()],
    ),
    "appraisal": (
        ["姓名", "公民身份号码", "年度", "评议等次"],
        "民主评议",
        lambda member, putian: [WRONG_NAME, member.id_number, clock.today().year - 1, "合格"],
    ),
    "dues": (
        ["姓名", "公民身份号码", "缴纳月份", "金额"],
        "党费",
        lambda member, putian: [WRONG_NAME, member.id_number, year_ago()[:7], "10"],
    ),
    "members": (
        ["姓名", "公民身份号码", "所在党组织", "入党时间", "管理类别", "党员身份"],
        "党员",
        lambda member, putian: [WRONG_NAME, member.id_number, putian, "2001-07-01", "流动党员", "正式党员"],
    ),
}


@pytest.mark.parametrize("kind", list(ROWS))
def test_an_import_row_with_another_branchs_members_id_number(kind, tree, secretary_b, stranger):
    headers, sheet, make_row = ROWS[kind]
    content = xlsx([headers, make_row(stranger, tree["putian"].name)], sheet=sheet)
    result = run_import(
        kind, content, actor=secretary_b, user_scope=[tree["putian"]], skip_invalid=True, filename="x.xlsx"
    )
    errors = [error for outcome in result.outcomes for error in outcome.errors or ()]
    assert errors and {error.code for error in errors} <= {"scope", "out_of_scope"}, errors
    messages = " ".join(error.message for error in errors)
    assert not [word for word in said(stranger) if word in messages], messages
    assert "管理范围以外" in messages or "不负责" in messages  # the members import's older words


def test_staff_are_told_whose_number_it_is(tree, staff, stranger):
    """The oracle is closed by scope, not by silence: the committee office, who sees everyone, is
    told the roster's name behind a wrong one."""
    headers, sheet, make_row = ROWS["movements"]
    result = run_import("movements", xlsx([headers, make_row(stranger, tree["putian"].name)], sheet=sheet))
    assert stranger.name in " ".join(error.message for outcome in result.outcomes for error in outcome.errors or ())
