"""The dues pages: the member's grid, recording a payment, the month sheet, the two lists, the
figures and the ledger workbook — each tried by the right and the wrong person."""

import datetime
import io
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from branches import clock
from registry.dues import months as dues_months
from registry.dues import selectors, services
from registry.figures import statistics
from registry.models import DuesEntry, ExportLog, Member
from tests import factories

D = Decimal
TODAY = clock.today()
THIS_MONTH = dues_months.first_of(TODAY)


def behind(count):
    """A 党费交至 with `count` months unpaid today."""
    return dues_months.add(THIS_MONTH, -(count + 1))


@pytest.fixture
def dues_members(tree):
    return {
        "paid_up": factories.make_payer(tree["fuzhou_1"], name="已交清", dues_paid_through=behind(0)),
        "three": factories.make_payer(tree["fuzhou_1"], name="欠三个月", dues_paid_through=behind(3)),
        "six": factories.make_payer(tree["fuzhou_2"], name="欠六个月", dues_paid_through=behind(7)),
        "unknown": factories.make_payer(tree["fuzhou_2"], name="无记录", dues_paid_through=None),
        "putian": factories.make_payer(tree["putian"], name="莆田欠费", dues_paid_through=behind(4)),
    }


def test_the_member_page_shows_the_year_as_a_grid(client_for, staff, tree):
    member = factories.make_payer(tree["putian"], dues_paid_through=datetime.date(2026, 3, 1))
    services.basis_save(
        member=member, month=datetime.date(2026, 1, 1), kind="in_work", monthly_base=D("4000"), actor=staff
    )
    services.payment_record(
        member=member,
        first_month=datetime.date(2026, 5, 1),
        last_month=datetime.date(2026, 5, 1),
        amount=D("20"),
        paid_on=None,
        actor=staff,
        as_of=datetime.date(2026, 11, 27),
    )
    response = client_for(staff).get(reverse("registry:member_detail", args=[member.pk]) + "?dues_year=2026")
    section = next(s for s in response.context["sections"] if s["template"] == "registry/dues/_member_section.html")
    states = {cell.month.month: cell.state for cell in section["ledger"].cells}
    assert states[3] == "declared" and states[5] == "paid" and states[4] == "missing" and states[1] == "missing"
    assert section["ledger"].due == D("40.00")
    assert [cell.month.month for cell in section["ledger"].underpaid] == [5]
    html = response.content.decode()
    assert 'id="member-dues"' in html and "已申报" in html and "少交" in html and "40.00" in html


def test_recording_a_payment_through_the_form(client_for, secretary_b, tree):
    member = factories.make_payer(tree["putian"], dues_paid_through=None)
    client = client_for(secretary_b)
    url = reverse("registry:dues_payment", args=[member.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"months": "2026年1-3月", "amount": "30.00元", "paid_on": "2026-03-06", "note": "补交"})
    assert response.status_code == 302
    assert sorted(DuesEntry.objects.filter(member=member).values_list("amount", flat=True)) == [D("10.00")] * 3
    member.refresh_from_db()
    assert member.dues_paid_through == datetime.date(2026, 3, 1)


YEAR = clock.today().year  # the suite's day (tests/conftest.py): the months below count from it
TOO_FAR_AHEAD = dues_months.add(clock.today().replace(day=1), 14)


@pytest.mark.parametrize(
    "data, field, words",
    [
        ({"months": f"{YEAR}.1", "amount": "-5"}, "amount", "负数"),
        ({"months": f"{YEAR}.1", "amount": "待定"}, "amount", "不是金额"),
        ({"months": f"{YEAR - 1}.11-{YEAR}.2", "amount": "40"}, "months", "跨年"),
        ({"months": f"{TOO_FAR_AHEAD:%Y-%m}", "amount": "10"}, "months", "12 个月"),
        ({"months": "1990-01", "amount": "10"}, "months", "入党时间"),
    ],
)
def test_bad_input_on_the_payment_form(client_for, secretary_b, tree, data, field, words):
    member = factories.make_payer(tree["putian"], dues_paid_through=None)
    response = client_for(secretary_b).post(reverse("registry:dues_payment", args=[member.pk]), data)
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])
    assert not DuesEntry.objects.exists()


def test_scope_secretary_reviewer_and_guessed_urls(client_for, secretary_a, reviewer, tree, dues_members):
    other = dues_members["putian"]
    client = client_for(secretary_a)
    assert client.get(reverse("registry:dues_sheet", args=[tree["fuzhou"].pk])).status_code == 200
    assert client.get(reverse("registry:dues_sheet", args=[tree["putian"].pk])).status_code == 404
    assert client.get(reverse("registry:dues_payment", args=[other.pk])).status_code == 404
    assert (
        client.post(reverse("registry:dues_payment", args=[other.pk]), {"months": "2026-01", "amount": "1"}).status_code
        == 404
    )
    assert client.get(reverse("registry:dues_ledger_export", args=[tree["putian"].pk])).status_code == 404
    entry = DuesEntry.objects.get(member=other)
    assert client.post(reverse("registry:dues_entry_delete", args=[entry.pk])).status_code == 404
    assert client.get(reverse("registry:dues_entry_delete", args=[entry.pk])).status_code == 405
    reminders = client.get(reverse("registry:dues_reminders"))
    assert {m.name for m in reminders.context["page"].object_list} == {"欠三个月", "欠六个月"}

    viewer = client_for(reviewer)
    assert viewer.get(reverse("registry:dues_overview")).status_code == 200
    assert viewer.get(reverse("registry:dues_reminders")).status_code == 200
    assert viewer.post(reverse("registry:dues_sheet", args=[tree["fuzhou_1"].pk]), {}).status_code == 403
    assert (
        viewer.post(reverse("registry:dues_payment", args=[other.pk]), {"months": "2026-01", "amount": "1"}).status_code
        == 403
    )
    assert viewer.post(reverse("registry:dues_entry_delete", args=[entry.pk])).status_code == 403
    assert DuesEntry.objects.filter(member=other).count() == 1


def test_the_month_sheet_saves_and_the_reminder_list_shrinks(client_for, secretary_a, tree, dues_members):
    client = client_for(secretary_a)
    url = reverse("registry:dues_sheet", args=[tree["fuzhou"].pk]) + f"?month={dues_months.format_month(THIS_MONTH)}"
    response = client.get(url)
    rows = {row.member.name: row for row in response.context["rows"]}
    assert set(rows) == {"已交清", "欠三个月", "欠六个月", "无记录"}
    three, six = dues_members["three"], dues_members["six"]
    response = client.post(
        url,
        {
            "paid_on": TODAY.isoformat(),
            f"amount_{three.pk}": "12.50",
            f"note_{three.pk}": "补交",
            f"amount_{six.pk}": "-1",
        },
    )
    assert response.status_code == 200 and "负数" in str(response.context["form"].errors)
    assert not DuesEntry.objects.filter(month=THIS_MONTH).exists()
    response = client.post(
        url, {"paid_on": TODAY.isoformat(), f"amount_{three.pk}": "12.50", f"note_{three.pk}": "补交"}
    )
    assert response.status_code == 302
    entry = DuesEntry.objects.get(member=three, month=THIS_MONTH)
    assert (entry.amount, entry.note, entry.received_by) == (D("12.50"), "补交", tree["fuzhou"])
    reminders = client.get(reverse("registry:dues_reminders"))
    assert {m.name for m in reminders.context["page"].object_list} == {"欠六个月"}
    assert (
        client.get(reverse("registry:dues_sheet", args=[tree["fuzhou"].pk]))
        .context["form"][f"amount_{three.pk}"]
        .value()
        == "12.50"
    )


def test_the_lists_and_the_overview_make_a_bounded_number_of_queries(
    client_for, staff, tree, django_assert_max_num_queries
):
    for index in range(30):
        factories.make_payer(tree["fuzhou_1"] if index % 2 else tree["putian"], dues_paid_through=behind(index % 9))
    client = client_for(staff)
    for name in ("registry:dues_reminders", "registry:dues_decide", "registry:dues_overview"):
        client.get(reverse(name))
        with django_assert_max_num_queries(10):
            response = client.get(reverse(name))
        assert response.status_code == 200
    client.get(reverse("registry:dues_sheet", args=[tree["fuzhou_1"].pk]))
    with django_assert_max_num_queries(12):
        client.get(reverse("registry:dues_sheet", args=[tree["fuzhou_1"].pk]))


def test_the_overview_drills_down_and_sums_the_year(client_for, staff, tree, dues_members):
    services.payment_record(
        member=dues_members["unknown"],
        first_month=datetime.date(TODAY.year, 1, 1),
        last_month=datetime.date(TODAY.year, 2, 1),
        amount=D("0.40"),
        paid_on=None,
        actor=staff,
    )
    response = client_for(staff).get(reverse("registry:dues_overview"))
    rows = {row.organization.name: row for row in response.context["figures"]()["page"].object_list}
    # 无记录 now paid January and February of this year: behind too, no longer unknown.
    unpaid = dues_months.months_unpaid(datetime.date(TODAY.year, 2, 1), TODAY)
    assert rows["福州商会党总支"].subtree["dues_unknown"] == 0
    assert rows["福州商会党总支"].subtree["dues_unpaid_3"] == 2 + (unpaid >= 3)
    assert rows["福州商会党总支"].subtree["dues_unpaid_6"] == 1 + (unpaid >= 6)
    assert rows["福州商会第二党支部"].received == D("0.40") and rows["福建商会党委"].received_subtree == D("0.40")
    html = response.content.decode()
    assert f"{reverse('registry:dues_decide')}?organization={tree['fuzhou'].pk}" in html
    roster = client_for(staff).get(reverse("registry:member_list") + "?dues=paid_up")
    paid_up = ["已交清"] + (["无记录"] if unpaid == 0 else [])  # in January and February, February is paid up
    assert sorted(m.name for m in roster.context["page"].object_list) == sorted(paid_up)


def test_home_counts_the_two_lists_and_the_stats_have_the_dues_key(client_for, secretary_a, staff, dues_members):
    response = client_for(secretary_a).get(reverse("home"))
    assert response.context["dues_figures"] == {
        "paid_up": 1,
        "unpaid_3_months": 2,
        "unpaid_6_months": 1,
        "unknown": 1,
        "paying_elsewhere": 0,
    }
    html = response.content.decode()
    assert 'id="dues-lists"' in html and reverse("registry:dues_decide") in html
    out = StringIO()
    call_command("registry_stats", "--json", "--as-of", TODAY.isoformat(), stdout=out)
    assert json.loads(out.getvalue())["dues"] == {
        "paid_up": 1,
        "unpaid_3_months": 3,
        "unpaid_6_months": 1,
        "unknown": 1,
        "paying_elsewhere": 0,
    }
    # A year later everybody is behind.
    later = dues_months.add(THIS_MONTH, 12)
    figures = statistics.registry_figures(as_of=later)
    assert figures["dues"] == {
        "paid_up": 0,
        "unpaid_3_months": 4,
        "unpaid_6_months": 4,
        "unknown": 1,
        "paying_elsewhere": 0,
    }


def test_the_summary_workbook_has_the_dues(client_for, staff, dues_members):
    response = client_for(staff).get(reverse("registry:summary_export"))
    workbook = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    sheet = workbook["党费"]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert any("未交满 6 个月" in label and value == 1 for label, value in values.items())


def test_the_branch_ledger_workbook(client_for, staff, reviewer, tree):
    member = factories.make_payer(tree["fuzhou_1"], name="台账党员", dues_paid_through=datetime.date(2026, 2, 1))
    services.payment_record(
        member=member,
        first_month=datetime.date(2026, 3, 1),
        last_month=datetime.date(2026, 4, 1),
        amount=D("25.01"),
        paid_on=None,
        actor=staff,
        as_of=datetime.date(2026, 11, 27),
    )
    response = client_for(staff).get(reverse("registry:dues_ledger_export", args=[tree["fuzhou"].pk]) + "?year=2026")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = [cell.value for cell in sheet[2]]
    assert header[:4] == ["姓名", "公民身份号码", "所在党组织", "2026年1月"]
    assert row[0] == "台账党员" and row[1] == member.id_number
    assert row[4] == "已申报" and row[5] == 12.5 and row[6] == 12.51 and row[header.index("合计")] == 25.01
    assert ExportLog.objects.filter(kind="dues_ledger", rows=1).exists()
    masked = client_for(reviewer).get(reverse("registry:dues_ledger_export", args=[tree["fuzhou"].pk]) + "?year=2026")
    assert "*" in load_workbook(io.BytesIO(masked.content)).active["B2"].value


def test_the_six_knowns_dues_condition_is_at_least_one_ledger_entry(tree, staff):
    member = factories.make_payer(tree["putian"], dues_paid_through=None)
    assert not Member.objects.filter(pk=member.pk).six_knowns_complete().exists()
    services.payment_record(
        member=member, first_month=THIS_MONTH, last_month=THIS_MONTH, amount=D("1"), paid_on=None, actor=staff
    )
    assert Member.objects.filter(pk=member.pk).six_knowns_complete().exists()
    services.entry_delete(entry=DuesEntry.objects.get(member=member), actor=staff)
    assert not Member.objects.filter(pk=member.pk).six_knowns_complete().exists()
    assert selectors.DUES_KEYS
