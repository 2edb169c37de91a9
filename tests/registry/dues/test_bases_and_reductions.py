"""Issue 22 §3, what is due (docs/lifecycle.md#dues-due, #dues-reduction, #dues-back-payment): the
remaining kinds of base and rate, bases dated by month, paying less or nothing with the higher
committee's approval, back payments of more than 6 months flagged.

Failed before issue 22: test_the_remaining_kinds (no farmer, relief, self-employed or annual salary),
test_a_base_holds_from_its_month (one base a year), test_an_exemption_is_neither_unpaid_nor_missing,
test_a_back_payment_of_more_than_six_months_is_flagged."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

from branches import clock
from registry.dues import approvals, rates, rules, selectors, services
from registry.dues import months as dues_months
from registry.imports.kinds import run_import
from registry.models import DuesBasis, DuesReduction
from tests import factories
from tests.registry.imports.workbooks import xlsx

pytestmark = pytest.mark.django_db
D = Decimal
DAY = datetime.date
TODAY = clock.today()
YEAR = TODAY.year - 1  # a whole year gone by
Kind = DuesBasis.Kind


def test_the_remaining_kinds(settings):
    assert rates.monthly_due(Kind.RELIEF, None) == D("0.20")
    assert rates.monthly_due(Kind.FARMER, None) == D("0.20")
    settings.REGISTRY_DUES_FARMER_MONTHLY = "1"
    assert rates.monthly_due(Kind.FARMER, None) == D("1.00")
    settings.REGISTRY_DUES_FARMER_MONTHLY = "1.5"  # 0.2 to 1 yuan a month [党费规定]
    with pytest.raises(ImproperlyConfigured):
        rates.monthly_due(Kind.FARMER, None)
    # The self-employed and annual salaries: as in work, on their own base.
    for kind in (Kind.SELF_EMPLOYED, Kind.ANNUAL_SALARY):
        assert rates.monthly_due(kind, D("3000")) == D("15.00")
        assert rates.monthly_due(kind, D("12000")) == D("240.00")
        assert rates.monthly_due(kind, None) is None
        assert [refusal.code for refusal in rules.basis_problems(kind=kind, monthly_base=None)] == ["base_required"]
    assert rules.basis_problems(kind=Kind.FARMER, monthly_base=None) == []


def test_a_base_holds_from_its_month(client_for, staff, tree):
    member = factories.make_payer(tree["putian"], dues_paid_through=DAY(YEAR, 12, 1))
    services.basis_save(member=member, month=DAY(YEAR, 1, 1), kind=Kind.IN_WORK, monthly_base=D("4000"), actor=staff)
    response = client_for(staff).post(
        reverse("registry:dues_basis", args=[member.pk]),
        {"month": f"{YEAR}年7月", "kind": Kind.IN_WORK, "monthly_base": "6000"},
    )
    assert response.status_code == 302
    ledger = selectors.member_ledger(member, year=YEAR)
    assert [cell.due for cell in ledger.cells] == [D("40.00")] * 6 + [D("90.00")] * 6
    assert [basis.month.month for basis in ledger.bases] == [1, 7]
    july = selectors.month_sheet(tree["putian"], DAY(YEAR, 7, 1))
    june = selectors.month_sheet(tree["putian"], DAY(YEAR, 6, 1))
    assert (june[0].due, july[0].due) == (D("40.00"), D("90.00"))
    # The form refuses a kind paid on a base without one, naming what the base is.
    refused = client_for(staff).post(
        reverse("registry:dues_basis", args=[member.pk]), {"month": f"{YEAR}-08", "kind": Kind.SELF_EMPLOYED}
    )
    assert refused.status_code == 200 and refused.context["form"].has_error("monthly_base", "base_required")


def test_the_import_dates_a_base_by_month_and_a_repeat_says_nothing_new(tree, staff):
    member = factories.make_payer(
        tree["putian"], dues_paid_through=None, joined=DAY(2010, 1, 1), made_full=DAY(2011, 1, 1)
    )
    headers = ["姓名", "公民身份号码", "缴纳月份", "金额", "月工资基数", "交纳类别", "基数起始月份"]
    rows = [headers] + [
        [member.name, member.id_number, f"{YEAR}-{month:02d}", "20", 4000, "在职", None] for month in range(1, 7)
    ]
    rows.append([member.name, member.id_number, f"{YEAR}.7-{YEAR}.12", "270", 6000, None, f"{YEAR}-07"])
    result = run_import("dues", xlsx(rows, sheet="党费"), filename="党费.xlsx")
    assert result.new == 7 and not [outcome for outcome in result.outcomes if outcome.errors]
    assert list(DuesBasis.objects.filter(member=member).values_list("month", "kind", "monthly_base")) == [
        (DAY(YEAR, 1, 1), Kind.IN_WORK, D("4000.00")),
        (DAY(YEAR, 7, 1), Kind.IN_WORK, D("6000.00")),
    ]
    farmer = factories.make_payer(
        tree["putian"], dues_paid_through=None, joined=DAY(2010, 1, 1), made_full=DAY(2011, 1, 1)
    )
    rows = [headers, [farmer.name, farmer.id_number, f"{YEAR}-01", "0.2", None, "农民党员", None]]
    assert run_import("dues", xlsx(rows, sheet="党费"), filename="党费.xlsx").new == 1
    assert DuesBasis.objects.get(member=farmer).kind == Kind.FARMER
    wrong = [headers, [farmer.name, farmer.id_number, f"{YEAR}-02", "0.2", None, "个体经营", None]]
    result = run_import("dues", xlsx(wrong, sheet="党费"), filename="党费.xlsx")
    assert [error.code for outcome in result.outcomes for error in outcome.errors] == ["base_required"]


@pytest.fixture
def member(tree, staff):
    member = factories.make_payer(tree["putian"], dues_paid_through=DAY(YEAR, 3, 1))
    services.basis_save(member=member, month=DAY(YEAR, 1, 1), kind=Kind.IN_WORK, monthly_base=D("4000"), actor=staff)
    return member


def reduce(member, staff, **extra):
    data = {
        "kind": DuesReduction.Kind.REDUCED,
        "first_month": DAY(YEAR, 4, 1),
        "last_month": DAY(YEAR, 6, 1),
        "monthly_amount": D("5"),
        "approved_by": "福建商会党委",
        "approved_on": DAY(YEAR, 3, 20),
        "actor": staff,
    }
    return approvals.reduction_record(member=member, **{**data, **extra})


def test_a_reduction_is_what_is_due_and_not_underpaid(member, staff):
    reduce(member, staff)
    services.payment_record(
        member=member,
        first_month=DAY(YEAR, 4, 1),
        last_month=DAY(YEAR, 7, 1),
        amount=D("20"),
        paid_on=None,
        actor=staff,
    )
    ledger = selectors.member_ledger(member, year=YEAR)
    dues = {cell.month.month: (cell.due, cell.underpaid) for cell in ledger.cells}
    assert dues[4] == dues[6] == (D("5"), False)
    assert dues[7] == (D("40.00"), True)  # after the reduction, what the base makes due again
    assert [cell.month.month for cell in ledger.underpaid] == [7]


@pytest.mark.parametrize(
    ("extra", "code", "words"),
    [
        ({"approved_on": TODAY + datetime.timedelta(days=1)}, "approval_in_future", TODAY.isoformat()),
        ({"approved_by": " "}, "approval_required", "上级党委"),
        ({"monthly_amount": D("40")}, "reduction_not_less", "40.00"),
        ({"monthly_amount": None}, "reduction_amount_required", ""),
        ({"last_month": DAY(YEAR, 2, 1)}, "range_order", ""),
    ],
)
def test_a_reduction_needs_its_approval_and_less_than_what_is_due(member, staff, extra, code, words):
    with pytest.raises(ValidationError) as refused:
        reduce(member, staff, **extra)
    assert code in {each.code for errors in refused.value.error_dict.values() for each in errors}
    assert words in " ".join(refused.value.messages)
    assert not DuesReduction.objects.exists()


def test_two_reductions_do_not_overlap(member, staff):
    reduce(member, staff)
    with pytest.raises(ValidationError) as refused:
        reduce(member, staff, first_month=DAY(YEAR, 6, 1), last_month=DAY(YEAR, 9, 1))
    assert refused.value.error_dict["months"][0].code == "reduction_overlap"
    assert f"{YEAR}-04—{YEAR}-06" in refused.value.messages[0]  # the other, and after which month to begin


def test_an_exemption_is_neither_unpaid_nor_missing(member, staff, client_for):
    """Paid through March, exempt April to September: paid through September, nothing missing."""
    response = client_for(staff).post(
        reverse("registry:dues_reduction", args=[member.pk]),
        {
            "kind": "exempt",
            "months": f"{YEAR}.4-{YEAR}.9",
            "approved_by": "福建商会党委",
            "approved_on": DAY(YEAR, 3, 20).isoformat(),
            "reason": "失业",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.dues_paid_through == DAY(YEAR, 9, 1)
    ledger = selectors.member_ledger(member, year=YEAR)
    states = {cell.month.month: cell.state for cell in ledger.cells}
    assert {states[month] for month in range(4, 10)} == {"exempt"} and states[10] == "missing"
    page = client_for(staff).get(reverse("registry:member_detail", args=[member.pk]) + f"?dues_year={YEAR}")
    assert 'id="dues-reductions"' in page.content.decode()
    # Deleting it puts 党费交至 back where the ledger has it.
    reduction = DuesReduction.objects.get()
    assert client_for(staff).post(reverse("registry:dues_reduction_delete", args=[reduction.pk])).status_code == 302
    member.refresh_from_db()
    assert member.dues_paid_through == DAY(YEAR, 3, 1) and not DuesReduction.objects.exists()
    assert DuesReduction.history.count() == 2


def test_a_back_payment_of_more_than_six_months_is_flagged(member, staff, client_for):
    client = client_for(staff)
    paid_on = DAY(YEAR, 11, 5)  # April to October: 7 months past
    response = client.post(
        reverse("registry:dues_payment", args=[member.pk]),
        {"months": f"{YEAR}.4-{YEAR}.10", "amount": "280", "paid_on": paid_on.isoformat(), "note": "补交"},
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    assert any("7" in message and "6" in message for message in messages), messages
    flagged = selectors.back_payments(staff, year=YEAR)
    assert [(row["member"].pk, row["paid_on"], row["months"]) for row in flagged] == [(member.pk, paid_on, 7)]
    listed = client.get(reverse("registry:dues_back_payments"), {"year": YEAR})
    assert f'data-member="{member.pk}"' in listed.content.decode()
    ledger = selectors.member_ledger(member, year=YEAR)
    assert [cell.month.month for cell in ledger.cells if cell.back_payment] == list(range(4, 11))
    assert ledger.back_payments == [(paid_on, 7)]
    # Six months at once is not flagged.
    assert rules.back_payment_warning(dues_months.between(DAY(YEAR, 5, 1), DAY(YEAR, 10, 1)), paid_on) is None


def test_the_reduction_pages_are_scoped(client_for, secretary_b, secretary_a, reviewer, member, staff):
    reduction = reduce(member, staff)
    form = reverse("registry:dues_reduction", args=[member.pk])
    delete = reverse("registry:dues_reduction_delete", args=[reduction.pk])
    assert client_for(secretary_a).get(form).status_code == 404
    assert client_for(secretary_a).post(delete).status_code == 404
    assert client_for(reviewer).post(delete).status_code == 403
    assert client_for(secretary_b).get(form).status_code == 200
    assert DuesReduction.objects.exists()


@pytest.mark.parametrize("size", [6, 40])
def test_the_dues_pages_are_bounded_in_queries(client_for, staff, tree, size, django_assert_max_num_queries):
    """The same number of queries whatever the number of members: overview, the two lists, the
    month sheet, the back payments, and a member's page."""
    this_month = dues_months.first_of(TODAY)
    members = []
    for index in range(size):
        member = factories.make_payer(
            tree["fuzhou_1"] if index % 2 else tree["putian"],
            dues_paid_through=dues_months.add(this_month, -(index % 9) - 1),
        )
        factories.make_member(tree["putian"], dues_paid_through=None)  # pays at home
        members.append(member)
        if index % 4 == 0:
            services.basis_save(member=member, month=this_month, kind=Kind.IN_WORK, monthly_base=D("5000"), actor=staff)
            reduce(
                member, staff, first_month=this_month, last_month=this_month, approved_on=TODAY, monthly_amount=D("1")
            )
    client = client_for(staff)
    pages = [
        (reverse("registry:dues_overview"), 10),
        (reverse("registry:dues_reminders"), 10),
        (reverse("registry:dues_decide"), 10),
        (reverse("registry:dues_back_payments"), 10),
        (reverse("registry:dues_sheet", args=[tree["putian"].pk]), 13),
        (reverse("registry:member_detail", args=[members[0].pk]), 40),
    ]
    for url, bound in pages:
        client.get(url)
        with django_assert_max_num_queries(bound):
            assert client.get(url).status_code == 200, url
