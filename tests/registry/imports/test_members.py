"""Member rows: every case of docs/spreadsheets.md#members, comparisons with the registry, the outcome."""

import datetime

import pytest
from openpyxl import load_workbook

from branches import clock
from registry.imports import ERROR_COLUMN, ImportRefused, run_import
from registry.models import DuesEntry, Member
from spreadsheets import fastwrite
from tests import factories
from tests.registry.imports import workbooks
from tests.registry.imports.workbooks import MEMBER_HEADERS, member_row

pytestmark = pytest.mark.django_db


def kinds(result) -> dict:
    """{row: {(column, code), …}} of a result's errors."""
    found = {}
    for error in result.errors:
        found.setdefault(error.row, set()).add((error.column, error.code))
    return found


def import_rows(rows, headers=MEMBER_HEADERS, **options):
    return run_import("members", workbooks.xlsx([headers, *rows]), filename="roster.xlsx", **options)


def test_every_bad_row_is_named_by_row_column_and_kind(tree):
    branch = tree["fuzhou_1"]
    good = factories.make_id_number(datetime.date(1980, 5, 6), male=True)
    woman = factories.make_id_number(datetime.date(1985, 3, 4), male=False)
    headers = MEMBER_HEADERS + ["性别", "出生年月", "入党日期"]
    headers[3] = "转正时间"  # 入党时间 comes from the alias 入党日期 at the end

    def row(number, **changes):
        values = dict(zip(headers, member_row(branch, id_number=number) + ["", "", "2005-07-01"], strict=True))
        values["转正时间"] = "2006-07-01"
        values.update(changes)
        return [values[header] for header in headers]

    rows = [
        row(good),  # 2: fine
        row(good[:17] + ("0" if good[17] != "0" else "1")),  # 3: check digit
        row(float(good[:17] + "0")),  # 4: Excel's 1.10105E+17
        row("350102800506123"),  # 5: an old 15-digit number
        row(good),  # 6: the same ID as row 2
        row(woman, 所在党组织="不存在的支部"),  # 7: unknown organization
        row(factories.make_id_number(), 入党日期="去年"),  # 8: not a date
        row(factories.make_id_number(), 入党日期="2016.13.01"),  # 9: no such month
        row(factories.make_id_number(), 姓名=""),  # 10: no name
        row(factories.make_id_number(datetime.date(1980, 1, 1), male=False), 性别="男"),  # 11: gender conflict
        row(factories.make_id_number(datetime.date(1980, 1, 1)), 出生年月="1981-01-01"),  # 12: birth conflict
        row(factories.make_id_number(), 联系电话="1381234"),  # 13: phone too short
        row(factories.make_id_number(), 党员身份="入党积极分子"),  # 14: an activist
        row(factories.make_id_number(datetime.date(1980, 1, 1)), 出生年月="1980.01"),  # 15: month agrees
        row(factories.make_id_number(), 管理类别="会员"),  # 16: no such category
    ]
    result = run_import("members", workbooks.xlsx([headers, *rows]), skip_invalid=True)
    assert kinds(result) == {
        3: {("公民身份号码", "id_number_check")},
        4: {("公民身份号码", "id_number_float")},
        5: {("公民身份号码", "id_number_old")},
        6: {("公民身份号码", "duplicate")},
        7: {("所在党组织", "reference_unknown")},
        8: {("入党日期", "date_format")},
        9: {("入党日期", "date_invalid")},
        10: {("姓名", "required")},
        11: {("性别", "gender_mismatch")},
        12: {("出生年月", "birth_date_mismatch")},
        13: {("联系电话", "phone_mobile")},
        14: {("党员身份", "choice")},
        16: {("管理类别", "choice")},
    }
    by_row = {error.row: error for error in result.errors}
    assert "2" in by_row[6].message  # names the first row
    assert "正式党员" in by_row[14].message and "预备党员" in by_row[14].message  # lists the accepted values
    assert by_row[4].value == "3.50102E+17"  # as Excel shows it
    assert result.new == 2 and Member.objects.count() == 2
    assert Member.objects.get(id_number=rows[13][1]).birth_date_precision == "month"


def test_values_are_normalized(tree):
    number = factories.make_id_number(datetime.date(1990, 2, 3), male=False)
    full_width = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    headers = [
        "姓名",
        "身份证",
        "所在支部",
        "入党时间",
        "党员类型",
        "党员类别",
        "联系方式",
        "民族",
        "学历",
        "党费交至",
        "外出时间",
    ]
    result = import_rows(
        [
            [
                "李\u200b 娜",
                f" {full_width} ",
                tree["fuzhou_1"].name,
                "2010年7月",
                "正式",
                "在册流动",
                "１３９-１２３４ ５６７８",
                "汉",
                "本科",
                "2016.12",
                datetime.datetime(2015, 3, 1),
            ]
        ],
        headers=headers,
    )
    assert result.new == 1, result.errors
    member = Member.objects.get()
    assert member.name == "李娜"
    assert member.id_number == number
    assert member.phone == "13912345678"
    assert (member.ethnicity, member.education) == ("汉族", "bachelor")
    assert (member.joined, member.joined_precision) == (datetime.date(2010, 7, 1), "month")
    assert (member.dues_paid_through, member.dues_paid_through_precision) == (datetime.date(2016, 12, 1), "month")
    assert (member.left_home, member.left_home_precision) == (datetime.date(2015, 3, 1), "day")
    # Birth date and gender come from the ID number when the file has none.
    assert (member.birth_date, member.gender) == (datetime.date(1990, 2, 3), "female")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2016-12-06", (datetime.date(2016, 12, 6), "day")),
        ("2016/12/6", (datetime.date(2016, 12, 6), "day")),
        ("2016.12.6", (datetime.date(2016, 12, 6), "day")),
        ("20161206", (datetime.date(2016, 12, 6), "day")),
        ("2016年12月6日", (datetime.date(2016, 12, 6), "day")),
        ("2016.12", (datetime.date(2016, 12, 1), "month")),
        ("2016-12", (datetime.date(2016, 12, 1), "month")),
        ("2016年12月", (datetime.date(2016, 12, 1), "month")),
        (201612, (datetime.date(2016, 12, 1), "month")),
        (2016.12, (datetime.date(2016, 12, 1), "month")),
    ],
)
def test_dates_as_typed(tree, text, expected):
    row = member_row(tree["fuzhou_1"], joined=text)
    assert import_rows([row]).new == 1
    member = Member.objects.get()
    assert (member.joined, member.joined_precision) == expected


def test_a_month_typed_as_a_number_that_may_be_october_is_an_error(tree):
    result = import_rows([member_row(tree["fuzhou_1"], joined=2016.1)])
    assert kinds(result) == {2: {("入党时间", "date_ambiguous")}}


def test_reimport_is_unchanged_and_an_empty_cell_never_erases(tree):
    number = factories.make_id_number()
    rows = [member_row(tree["fuzhou_1"], id_number=number), member_row(tree["fuzhou_1"])]
    assert import_rows(rows).new == 2
    again = import_rows(rows)
    assert again.counts == {"rows": 2, "new": 0, "updated": 0, "unchanged": 2, "invalid": 0}

    emptied = [list(row) for row in rows]
    emptied[0][4] = emptied[0][5] = emptied[0][6] = ""  # category, status, phone
    assert import_rows(emptied).unchanged == 2
    assert Member.objects.get(id_number=number).phone == "13912345678"


def test_an_updated_row_says_what_changes_before_and_after(tree, staff):
    number = factories.make_id_number()
    import_rows([member_row(tree["fuzhou_1"], id_number=number, joined="2005.7")])
    result = import_rows(
        [member_row(tree["fuzhou_2"], id_number=number, joined="2005-07-01", phone="13800000000")], actor=staff
    )
    assert result.updated == 1
    changes = {change.field: (change.before, change.after) for change in result.outcomes[0].changes}
    assert changes == {
        "organization": (tree["fuzhou_1"].name, tree["fuzhou_2"].name),
        "joined": ("2005-07", "2005-07-01"),
        "phone": ("13912345678", "13800000000"),
    }
    member = Member.objects.get(id_number=number)
    assert (member.organization, member.joined_precision, member.phone) == (tree["fuzhou_2"], "day", "13800000000")
    latest = member.history.first()
    assert (latest.history_type, latest.history_user) == ("~", staff)


def test_history_rows_name_the_actor(tree, staff):
    import_rows([member_row(tree["fuzhou_1"]), member_row(tree["fuzhou_2"])], actor=staff)
    records = Member.history.all()
    assert records.count() == 2
    assert {(record.history_type, record.history_user_id) for record in records} == {("+", staff.pk)}


def test_a_bulk_load_writes_the_members_their_history_and_dues_as_any_import(tree, staff, monkeypatch):
    """The first roster into an empty registry is a bulk load (fastwrite.indexes_built_after): the
    same members, history rows and declared dues entries, found again through their indexes."""
    monkeypatch.setattr(fastwrite, "BULK_LOAD_ROWS", 1)
    rows = [[*member_row(tree["fuzhou_1"]), "2024.5"], [*member_row(tree["fuzhou_2"], name="李四"), ""]]
    result = import_rows(rows, headers=[*MEMBER_HEADERS, "党费交至"], actor=staff)
    assert (result.new, result.written) == (2, True)
    assert Member.history.filter(history_type="+", history_user=staff).count() == 2
    member = Member.objects.get(name="李四", organization=tree["fuzhou_2"])
    assert Member.objects.get(phone=member.phone, name="张三").dues_paid_through == datetime.date(2024, 5, 1)
    assert DuesEntry.objects.filter(member__organization=tree["fuzhou_1"], month=datetime.date(2024, 5, 1)).count() == 1


def test_all_or_nothing_by_default(tree):
    rows = [member_row(tree["fuzhou_1"]), member_row(tree["fuzhou_1"], phone="12")]
    result = import_rows(rows)
    assert (result.new, result.invalid, result.written) == (1, 1, False)
    assert Member.objects.count() == 0


def test_skip_invalid_writes_the_valid_rows(tree):
    rows = [member_row(tree["fuzhou_1"]), member_row(tree["fuzhou_1"], phone="12")]
    result = import_rows(rows, skip_invalid=True)
    assert (result.new, result.invalid, result.written) == (1, 1, True)
    assert Member.objects.count() == 1


def test_a_dry_run_writes_nothing(tree):
    result = import_rows([member_row(tree["fuzhou_1"])], dry_run=True)
    assert (result.new, result.written) == (1, False)
    assert Member.objects.count() == 0


def test_a_new_member_needs_a_category_and_a_joining_date(tree):
    result = import_rows([member_row(tree["fuzhou_1"], category="", joined="")])
    assert kinds(result) == {2: {("管理类别", "required"), ("入党时间", "required")}}


def test_a_secretary_imports_only_into_their_own_subtree(tree, secretary_a):
    from branches import access

    elsewhere = factories.make_member(tree["putian"])
    rows = [
        member_row(tree["fuzhou_1"]),
        member_row(tree["putian"]),
        member_row(tree["fuzhou_2"], id_number=elsewhere.id_number),
    ]
    result = import_rows(
        rows, actor=secretary_a, user_scope=access.changeable_organizations(secretary_a), skip_invalid=True
    )
    assert kinds(result) == {3: {("所在党组织", "scope")}, 4: {("公民身份号码", "scope")}}
    assert Member.objects.filter(organization=tree["fuzhou_1"]).count() == 1
    assert Member.objects.get(pk=elsewhere.pk).organization == tree["putian"]


def test_a_secretary_cannot_import_chambers(tree, secretary_a):
    with pytest.raises(ImportRefused) as caught:
        run_import("chambers", workbooks.xlsx([["商会名称", "商会类别", "上级商会"]]), user_scope=[tree["fuzhou"]])
    assert caught.value.code == "not_allowed"


def test_the_invalid_rows_come_back_as_a_workbook_to_fix_and_import_again(tree):
    rows = [
        member_row(tree["fuzhou_1"]),
        member_row(tree["fuzhou_1"], phone="12"),
        member_row(tree["fuzhou_1"], joined="去年"),
    ]
    result = import_rows(rows, skip_invalid=True)
    workbook = load_workbook(__import__("io").BytesIO(result.error_workbook()))
    sheet = workbook.active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == MEMBER_HEADERS + [ERROR_COLUMN]
    assert [row[1] for row in values[1:]] == [rows[1][1], rows[2][1]]
    assert "联系电话" in values[1][-1] and "入党时间" in values[2][-1]

    # Fixed, the same workbook imports (the 错误说明 column is ignored).
    sheet.cell(row=2, column=7).value = "13900001111"
    sheet.cell(row=3, column=4).value = "2010-01-01"
    buffer = __import__("io").BytesIO()
    workbook.save(buffer)
    again = run_import("members", buffer.getvalue(), filename="fixed.xlsx")
    assert (again.new, again.invalid, again.ignored_columns) == (2, 0, [ERROR_COLUMN])
    assert Member.objects.count() == 3


def test_the_summary_has_the_shape_of_the_command(tree):
    summary = import_rows([member_row(tree["fuzhou_1"], phone="12")]).as_dict()
    assert set(summary) == {
        "rows",
        "new",
        "updated",
        "unchanged",
        "invalid",
        "skipped_lines",
        "ignored_columns",
        "errors",
    }
    error = summary["errors"][0]
    assert error == {"row": 2, "column": "联系电话", "value": "12", "message": error["message"], "code": error["code"]}
    assert error["code"] and error["message"]  # the code names the kind of mistake, for programs


def test_registered_here_is_read_defaults_to_today_and_is_never_in_the_future(tree):
    """登记时间 (or 报到时间): the day the person came onto our roster; empty is the day of the import."""
    branch = tree["fuzhou_1"]
    given, empty, future = (factories.make_id_number(datetime.date(1980, 1, day), male=True) for day in (1, 2, 3))
    headers = MEMBER_HEADERS + ["报到时间"]
    tomorrow = clock.today() + datetime.timedelta(days=2)
    result = import_rows(
        [
            member_row(branch, id_number=given) + ["2021.5.6"],
            member_row(branch, id_number=empty) + [""],
            member_row(branch, id_number=future) + [tomorrow.isoformat()],
        ],
        headers=headers,
        skip_invalid=True,
    )
    assert kinds(result) == {4: {("报到时间", "future")}}
    assert Member.objects.get(id_number=given).registered_on == datetime.date(2021, 5, 6)
    assert Member.objects.get(id_number=empty).registered_on == clock.today()
    again = import_rows([member_row(branch, id_number=given) + ["2021-05-06"]], headers=headers)
    assert again.counts["unchanged"] == 1


def test_joined_before_the_18th_birthday_is_refused_in_the_import(tree):
    """入党时间 on or after the 18th birthday (issue 22): a month-only 入党时间 only when the whole month
    is before it."""
    born = datetime.date(1990, 5, 20)
    result = import_rows(
        [
            member_row(tree["fuzhou_1"], id_number=factories.make_id_number(birth=born), joined="2008-05-19"),
            member_row(tree["fuzhou_1"], id_number=factories.make_id_number(birth=born), joined="2008-05-20"),
            member_row(tree["fuzhou_1"], id_number=factories.make_id_number(birth=born), joined="2008.5"),
            member_row(tree["fuzhou_1"], id_number=factories.make_id_number(birth=born), joined="2008.4"),
        ]
    )
    assert kinds(result) == {2: {("入党时间", "joined_under_18")}, 5: {("入党时间", "joined_under_18")}}
    assert "2008-05-20" in next(error.message for error in result.errors if error.row == 2)
