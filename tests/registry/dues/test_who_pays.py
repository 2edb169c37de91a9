"""Issue 22 §3, who pays dues here (docs/lifecycle.md#dues-who-pays): a member pays where their
membership is held — a self-managed member here; a registered mobile or shown-identity member at home
unless they arranged to pay here (Member.pays_dues_here); a temporary organization collects no dues.
Every dues list, figure and sheet follows it, and the payments, the form and the import alike refuse
a payment for a member who pays elsewhere.

Failed before issue 22: test_a_member_paying_at_home_is_on_no_dues_list_and_counted_apart (a
registered mobile member paying at home sat on the 6-month list), test_a_temporary_branch_bills_no_one
(its members were billed on the month sheet), test_a_payment_for_a_member_paying_elsewhere_is_refused_alike."""

import datetime
import html
import itertools
import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from branches import clock
from branches.models import Organization
from registry.dues import approvals, rules, selectors, services
from registry.dues import months as dues_months
from registry.imports.kinds import run_import
from registry.models import DuesEntry, Member
from tests import factories
from tests.registry.imports.workbooks import xlsx

pytestmark = pytest.mark.django_db
D = Decimal
THIS_MONTH = dues_months.first_of(clock.today())
HEADERS = ["姓名", "公民身份号码", "缴纳月份", "金额", "在本组织交纳"]
Category = Member.Category


def behind(months: int) -> datetime.date:
    return dues_months.add(THIS_MONTH, -months - 1)


@pytest.mark.parametrize(
    ("category", "level", "flowed_out", "declared"),
    list(
        itertools.product(
            Category.values,
            [Organization.Level.BRANCH, Organization.Level.TEMPORARY_BRANCH],
            [False, True],
            [None, True, False],
        )
    ),
)
def test_the_rule_and_its_condition_agree(tree, category, level, flowed_out, declared):
    """rules.pays_here (the forms, the import, the services) and rules.paying_here / paying_elsewhere
    (the lists and figures) say the same of every member: one and only one of the two."""
    organization = factories.make_organization(level=level, parent=tree["committee"])
    member = factories.make_member(organization, category=category)
    Member.objects.filter(pk=member.pk).update(flowed_out=flowed_out, pays_dues_here=declared)
    expected = rules.pays_here(category=category, organization_level=level, flowed_out=flowed_out, declared=declared)
    here = Member.objects.filter(rules.paying_here(), pk=member.pk).exists()
    elsewhere = Member.objects.filter(rules.paying_elsewhere(), pk=member.pk).exists()
    assert (here, elsewhere) == (expected, not expected)


def test_the_default_follows_the_category():
    facts = {"organization_level": Organization.Level.BRANCH, "flowed_out": False, "declared": None}
    assert rules.pays_here(category=Category.SELF_MANAGED, **facts)
    assert not rules.pays_here(category=Category.REGISTERED_MOBILE, **facts)
    assert not rules.pays_here(category=Category.SHOWN_IDENTITY, **facts)
    assert not rules.pays_here(category=Category.TEMPORARY, **facts)
    # arranged to pay here, with an activity certificate
    assert rules.pays_here(category=Category.REGISTERED_MOBILE, **{**facts, "declared": True})
    # a self-managed member who flowed out may pay where they went; one who did not pays here
    assert not rules.pays_here(category=Category.SELF_MANAGED, **{**facts, "flowed_out": True, "declared": False})
    assert rules.pays_here(category=Category.SELF_MANAGED, **{**facts, "declared": False})


@pytest.fixture
def people(tree):
    return {
        "own": factories.make_member(tree["fuzhou_1"], category=Category.SELF_MANAGED, dues_paid_through=behind(7)),
        "arranged": factories.make_payer(tree["fuzhou_1"], dues_paid_through=behind(7)),
        "at_home": factories.make_member(tree["fuzhou_1"], dues_paid_through=behind(7), name="在家交纳"),
        "unknown_at_home": factories.make_member(tree["fuzhou_2"], dues_paid_through=None),
    }


def test_a_member_paying_at_home_is_on_no_dues_list_and_counted_apart(client_for, staff, people):
    client = client_for(staff)
    decide = client.get(reverse("registry:dues_decide"))
    assert {member.pk for member in decide.context["page"].object_list} == {people["own"].pk, people["arranged"].pk}
    reminders = client.get(reverse("registry:dues_reminders"))
    assert people["at_home"].pk not in {member.pk for member in reminders.context["page"].object_list}
    # The next step: the branch decides for the self-managed, reports home for the others.
    body = decide.content.decode()
    assert "自行脱党除名" in body and "报告" in body
    out = StringIO()
    call_command("registry_stats", "--json", stdout=out)
    assert json.loads(out.getvalue())["dues"] == {
        "paid_up": 0,
        "unpaid_3_months": 2,
        "unpaid_6_months": 2,
        "unknown": 0,
        "paying_elsewhere": 2,
    }
    # The overview's figure opens the roster filtered to exactly those members.
    overview = client.get(reverse("registry:dues_overview"))
    link = re.search(r'href="([^"]*dues=elsewhere[^"]*)">(\d+)</a>', overview.content.decode())
    listed = client.get(html.unescape(link.group(1)))
    assert {member.pk for member in listed.context["page"].object_list} == {
        people["at_home"].pk,
        people["unknown_at_home"].pk,
    } and int(link.group(2)) == 2
    # The member's page says so, and offers no payment.
    page = client.get(reverse("registry:member_detail", args=[people["at_home"].pk])).content.decode()
    assert 'id="dues-pays-elsewhere"' in page
    assert f'href="{reverse("registry:dues_payment", args=[people["at_home"].pk])}"' not in page


def test_a_temporary_branch_bills_no_one(client_for, staff, tree):
    temporary = factories.make_organization(
        "某县驻京临时党支部", level=Organization.Level.TEMPORARY_BRANCH, parent=tree["committee"]
    )
    member = factories.make_member(temporary, category=Category.TEMPORARY, dues_paid_through=behind(7))
    sheet = client_for(staff).get(reverse("registry:dues_sheet", args=[temporary.pk]))
    assert sheet.context["rows"] == [] and [m.pk for m in sheet.context["elsewhere"]] == [member.pk]
    assert f"amount_{member.pk}" not in sheet.content.decode()
    assert not selectors.ledger_rows(temporary, THIS_MONTH.year)
    with pytest.raises(ValidationError) as refused:
        approvals.pays_here_set(member=member, value=True, actor=staff)
    assert refused.value.error_dict["pays_dues_here"][0].code == "temporary_pays_home"
    assert "临时党支部不收缴党费" in refused.value.messages[0]


def test_a_payment_for_a_member_paying_elsewhere_is_refused_alike(client_for, staff, people):
    at_home = people["at_home"]
    with pytest.raises(ValidationError) as refused:
        services.payment_record(
            member=at_home, first_month=THIS_MONTH, last_month=THIS_MONTH, amount=D("1"), paid_on=None, actor=staff
        )
    assert refused.value.error_dict["__all__"][0].code == "pays_elsewhere"
    response = client_for(staff).post(
        reverse("registry:dues_payment", args=[at_home.pk]),
        {"months": dues_months.format_month(THIS_MONTH), "amount": "1"},
    )
    assert response.status_code == 200 and "在本组织交纳" in response.content.decode()
    rows = [HEADERS, [at_home.name, at_home.id_number, dues_months.format_month(THIS_MONTH), "1", None]]
    result = run_import("dues", xlsx(rows, sheet="党费"), filename="党费.xlsx")
    assert [error.code for outcome in result.outcomes for error in outcome.errors] == ["pays_elsewhere"]
    assert not DuesEntry.objects.filter(member=at_home, amount__isnull=False).exists()
    # The same row saying 在本组织交纳 = 是 records the arrangement and the payment.
    rows[1][4] = "是"
    result = run_import("dues", xlsx(rows, sheet="党费"), filename="党费.xlsx")
    assert result.new == 1
    at_home.refresh_from_db()
    assert at_home.pays_dues_here is True and at_home.dues_paid_through == THIS_MONTH
    assert at_home.history.first().history_change_reason


def test_a_self_managed_member_who_did_not_flow_out_pays_here(client_for, staff, people):
    own = people["own"]
    response = client_for(staff).post(reverse("registry:dues_pays_here", args=[own.pk]), {"pays_dues_here": "no"})
    assert response.status_code == 200
    assert response.context["form"].has_error("pays_dues_here", "held_here_pays_here")
    rows = [HEADERS, [own.name, own.id_number, dues_months.format_month(THIS_MONTH), "1", "否"]]
    result = run_import("dues", xlsx(rows, sheet="党费"), filename="党费.xlsx")
    assert [error.code for outcome in result.outcomes for error in outcome.errors] == ["held_here_pays_here"]
    # The form records an arrangement for a registered mobile member, with history.
    arranged = client_for(staff).post(
        reverse("registry:dues_pays_here", args=[people["at_home"].pk]), {"pays_dues_here": "yes"}
    )
    assert arranged.status_code == 302
    people["at_home"].refresh_from_db()
    assert people["at_home"].pays_dues_here is True


def test_the_who_pays_form_is_scoped(client_for, secretary_b, reviewer, people):
    url = reverse("registry:dues_pays_here", args=[people["at_home"].pk])
    assert client_for(secretary_b).get(url).status_code == 404
    assert client_for(reviewer).post(url, {"pays_dues_here": "yes"}).status_code == 403
