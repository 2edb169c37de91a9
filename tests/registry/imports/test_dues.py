"""`import_data dues` and the web import of dues: each kind of refused row of the sample's
dues step (generated here, never read from the shared files), ranges split to the fen, the
same file again unchanged, and the roster import's 党费交至 kept as declared ledger entries."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branches import clock
from registry.dues import months as dues_months
from registry.imports import run_import
from registry.models import DuesBasis, DuesEntry, ImportRun, Member, MemberQuerySet
from tests import factories
from tests.registry.imports.workbooks import xlsx

D = Decimal
HEADERS = ["姓名", "公民身份号码", "缴纳月份", "金额", "缴纳日期", "月工资基数", "备注"]
THIS_MONTH = dues_months.first_of(clock.today())


def codes(result) -> dict[int, str]:
    return {outcome.row: outcome.errors[0].code for outcome in result.outcomes if outcome.errors}


@pytest.fixture
def people(tree):
    return {
        "zhao": factories.make_payer(
            tree["fuzhou_1"],
            name="赵娜斌",
            dues_paid_through=None,
            joined=datetime.date(1996, 6, 9),
            made_full=datetime.date(1997, 6, 9),
        ),
        "he": factories.make_payer(tree["fuzhou_2"], name="何丽琳", dues_paid_through=None),
        "zhou": factories.make_payer(
            tree["putian"],
            name="周晨",
            dues_paid_through=None,
            joined=datetime.date(2009, 10, 16),
            made_full=datetime.date(2010, 10, 16),
        ),
        "former": factories.make_payer(tree["putian"], name="蔡勇", dues_paid_through=None),
    }


def workbook(people, *extra):
    zhao, he, zhou, former = (people[key].id_number for key in ("zhao", "he", "zhou", "former"))
    year = THIS_MONTH.year - 1
    rows = [
        HEADERS,
        ["赵娜斌", zhao, f"{year}.11", "10", f"{year}.11.6", 2000, None],  # 2
        ["赵娜斌", zhao, f"{year}年12月", "10.00元", datetime.datetime(year, 12, 6), 2000, None],  # 3
        ["何丽琳", he, f"{year + 1}.1-{year + 1}.3", "10.00元", None, None, "补交"],  # 4
        ["蔡勇", former, f"{year + 1}-01", "10", None, None, None],  # 5 not_on_roster
        ["梁英伟", factories.make_id_number(), f"{year + 1}.1", "10", None, None, None],  # 6 unknown_id
        ["赵娜斌", zhao, f"{year + 1}年2月", "-5", None, None, None],  # 7 negative_amount
        ["赵娜斌", zhao, f"{year + 1}-03", "待定", None, None, None],  # 8 bad_amount
        ["赵娜斌", zhao, f"{year + 3}-01", "10", None, None, None],  # 9 too_far_ahead
        ["周晨", zhou, "1980-05", "10", None, None, None],  # 10 before_joined
        ["赵娜斌", zhao, f"{year}.11", "10", None, None, None],  # 11 duplicate_month
        ["何丽琳", he, f"{year}.11-{year + 1}.2", "40", None, None, None],  # 12 range_across_years
        *extra,
    ]
    return xlsx(rows, sheet="党费")


EXPECTED_KINDS = {
    5: "not_on_roster",
    6: "unknown_id",
    7: "negative_amount",
    8: "bad_amount",
    9: "too_far_ahead",
    10: "before_joined",
    11: "duplicate_month",
    12: "range_across_years",
}


def test_every_kind_of_refused_row_then_the_same_file_again(people, monkeypatch):
    former = people["former"]
    # A former member: until the movement register exists, on_roster() is the one condition it narrows.
    monkeypatch.setattr(MemberQuerySet, "on_roster", lambda self: self.exclude(pk=former.pk))
    content = workbook(people)
    result = run_import("dues", content, filename="党费.xlsx", skip_invalid=True)
    assert codes(result) == EXPECTED_KINDS
    assert result.counts == {"rows": 11, "new": 3, "updated": 0, "unchanged": 0, "invalid": 8}
    messages = {outcome.row: outcome.errors[0].message for outcome in result.outcomes if outcome.errors}
    assert "负数" in messages[7] and "第 2 行" in messages[11] and "跨年" in messages[12] and "花名册" in messages[6]
    he = people["he"]
    amounts = list(DuesEntry.objects.filter(member=he).order_by("month").values_list("amount", flat=True))
    assert amounts == [D("3.33"), D("3.33"), D("3.34")] and sum(amounts) == D("10.00")
    zhao = Member.objects.get(pk=people["zhao"].pk)
    assert zhao.dues_paid_through == datetime.date(THIS_MONTH.year - 1, 12, 1)
    assert DuesBasis.objects.get(member=zhao).monthly_base == D("2000.00")
    assert not DuesEntry.objects.filter(member=former).exists()

    again = run_import("dues", content, filename="党费.xlsx", skip_invalid=True)
    assert again.counts == {"rows": 11, "new": 0, "updated": 0, "unchanged": 3, "invalid": 8}


def test_all_or_nothing_without_skip_invalid(people):
    result = run_import("dues", workbook(people), filename="党费.xlsx")
    assert result.invalid and not result.written
    assert not DuesEntry.objects.exists()


def test_a_changed_amount_updates_and_a_declared_month_becomes_paid(people):
    zhao = people["zhao"]
    month = dues_months.add(THIS_MONTH, -2)
    from registry.members import services as member_services

    member_services.member_update(member=zhao, data={"dues_paid_through": month}, actor=None)
    rows = [HEADERS, ["赵娜斌", zhao.id_number, dues_months.format_month(month), "12.5", None, None, None]]
    result = run_import("dues", xlsx(rows, sheet="党费"), filename="党费.xlsx")
    assert result.counts["updated"] == 1
    assert DuesEntry.objects.get(member=zhao, month=month).amount == D("12.50")
    rows[1][3] = "13"
    assert run_import("dues", xlsx(rows, sheet="党费"), filename="党费.xlsx").counts["updated"] == 1
    assert DuesEntry.objects.get(member=zhao, month=month).amount == D("13.00")


def test_a_secretary_imports_dues_of_their_subtree_only(people, secretary_b):
    rows = [
        HEADERS,
        ["周晨", people["zhou"].id_number, "2020-01", "1", None, None, None],
        ["赵娜斌", people["zhao"].id_number, "2020-01", "1", None, None, None],
    ]
    from registry.imports import kinds

    result = run_import(
        "dues",
        xlsx(rows, sheet="党费"),
        filename="党费.xlsx",
        user_scope=kinds.scope_for(secretary_b),
        skip_invalid=True,
    )
    assert codes(result) == {3: "scope"} and result.new == 1


def test_the_web_import_previews_confirms_and_offers_a_template(client_for, staff, people):
    client = client_for(staff)
    template = client.get(reverse("registry:import_template", args=["dues"]))
    assert template.status_code == 200 and "%E5%85%9A%E8%B4%B9" in template["Content-Disposition"]
    content = workbook(people)
    response = client.post(
        reverse("registry:import_new"), {"kind": "dues", "file": SimpleUploadedFile("党费.xlsx", content)}
    )
    run = ImportRun.objects.get()
    assert response.status_code == 302 and run.state == ImportRun.State.PREVIEW
    assert run.counts == {"rows": 11, "new": 4, "updated": 0, "unchanged": 0, "invalid": 7}
    assert not DuesEntry.objects.exists()
    client.post(reverse("registry:import_confirm", args=[run.pk]), {"skip_invalid": "1"})
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE and run.error_workbook
    assert DuesEntry.objects.filter(member=people["he"]).count() == 3
    assert client.get(reverse("registry:import_errors", args=[run.pk])).status_code == 200


# --- the roster import's 党费交至 ------------------------------------------------------------------

ROSTER = ["姓名", "公民身份号码", "所在党组织", "管理类别", "入党时间", "党费交至"]


def test_the_roster_import_writes_declared_entries_and_never_disagrees_with_the_ledger(
    tree, django_assert_max_num_queries
):
    numbers = [factories.make_id_number() for _ in range(30)]
    rows = [ROSTER] + [
        [f"党员{i}", number, "莆田商会党支部", "流动", "2010-07-01", "2026-03" if i % 3 else None]
        for i, number in enumerate(numbers)
    ]
    with django_assert_max_num_queries(30):
        result = run_import("members", xlsx(rows), filename="花名册.xlsx")
    assert result.new == 30
    declared = DuesEntry.objects.filter(member__id_number__in=numbers)
    assert declared.count() == 20 and not declared.filter(amount__isnull=False).exists()
    assert set(declared.values_list("month", flat=True)) == {datetime.date(2026, 3, 1)}
    assert DuesEntry.history.filter(history_type="+").count() == 20
    for member in Member.objects.filter(id_number__in=numbers):
        latest = member.dues_entries.order_by("-month").first()
        assert member.dues_paid_through == (latest.month if latest else None)

    # Later in the roster: an update moves 党费交至 forward as a declared entry ...
    rows[1][5] = "2026-09"
    rows[2][5] = "2026年9月15日"
    result = run_import("members", xlsx(rows), filename="花名册.xlsx")
    assert (result.updated, result.unchanged) == (2, 28)
    first = Member.objects.get(id_number=numbers[0])
    assert first.dues_paid_through == datetime.date(2026, 9, 1) and first.dues_paid_through_precision == "month"
    assert list(first.dues_entries.values_list("month", "amount")) == [(datetime.date(2026, 9, 1), None)]
    second = Member.objects.get(id_number=numbers[1])
    assert list(second.dues_entries.order_by("month").values_list("month", flat=True)) == [
        datetime.date(2026, 3, 1),
        datetime.date(2026, 9, 1),
    ]
    # ... and payments recorded since: the same roster again is unchanged, the ledger untouched.
    # (a registered mobile member, who has arranged to pay here: docs/lifecycle.md#dues-who-pays)
    rows_dues = [[*HEADERS, "在本组织交纳"], ["党员2", numbers[2], "2026-10", "10", None, None, None, "是"]]
    assert run_import("dues", xlsx(rows_dues, sheet="党费"), filename="党费.xlsx").new == 1
    again = run_import("members", xlsx(rows), filename="花名册.xlsx")
    assert again.unchanged == 30
    assert Member.objects.get(id_number=numbers[2]).dues_paid_through == datetime.date(2026, 10, 1)
