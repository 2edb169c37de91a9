"""The service ledger: cases for members or enterprises, totals per kind and year in the articles'
shape, scope, validation, history, bounded queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from outreach.cases import selectors, services
from outreach.models import ServiceCase
from tests import factories
from tests.outreach.helpers import FUTURE_MESSAGE, REQUIRED, days_ago, shown, today, tomorrow

LIST = reverse("outreach:case_list")
NEW = reverse("outreach:case_create")


def case(organization, *, kind="dispute", opened=None, closed=None, outcome="", amount=0, people=1, member=None):
    return services.service_case_create(
        data={
            "kind": kind,
            "organization": organization,
            "member": member,
            "enterprise": None if member else factories.make_enterprise(),
            "summary": "货款纠纷调解",
            "opened": opened or days_ago(30),
            "closed": closed,
            "outcome": outcome,
            "amount": Decimal(amount),
            "people_served": people,
        },
        actor=None,
    )


def form_data(**changes):
    data = {
        "kind": "dispute",
        "summary": "工程款纠纷调解",
        "member_id_number": "",
        "organization": "",
        "enterprise": "",
        "opened": days_ago(10).isoformat(),
        "closed": "",
        "outcome": "",
        "outcome_note": "",
        "amount": "0",
        "people_served": "1",
        "handled_by": "陈建华",
    }
    data.update(changes)
    return data


def test_totals_per_kind_and_year(staff, tree):
    year = today().year - 1
    on = datetime.date(year, 5, 1)
    case(tree["putian"], kind="dispute", opened=on, closed=on, outcome="resolved", amount=300000, people=2)
    case(tree["putian"], kind="dispute", opened=on, closed=on, outcome="not_resolved", amount=0, people=1)
    case(tree["fuzhou_1"], kind="legal_aid", opened=on, closed=on, outcome="resolved", amount=50000, people=1)
    case(tree["fuzhou_1"], kind="schooling", opened=on, people=3)
    case(tree["fuzhou_1"], kind="schooling", opened=datetime.date(year - 1, 5, 1), people=1)
    totals = selectors.case_totals(staff)
    assert [t["year"] for t in totals] == [year, year - 1]
    this = totals[0]
    assert (this["cases"], this["open"], this["disputes_settled"], this["amount"], this["people"]) == (
        4,
        1,
        2,
        Decimal(350000),
        7,
    )
    kinds = {row["kind"]: row for row in this["kinds"]}
    assert (kinds["dispute"]["cases"], kinds["dispute"]["resolved"], kinds["dispute"]["amount"]) == (
        2,
        1,
        Decimal(300000),
    )
    assert kinds["schooling"]["open"] == 1


def test_secretary_sees_only_their_own_cases_and_totals(client_for, secretary_a, tree):
    own = case(tree["fuzhou_2"], amount=1000, closed=days_ago(1), outcome="resolved")
    other = case(tree["putian"], amount=99000, closed=days_ago(1), outcome="resolved")
    response = client_for(secretary_a).get(LIST)
    assert list(response.context["page"].object_list) == [own]
    assert response.context["totals"][0]["amount"] == Decimal(1000)
    assert client_for(secretary_a).get(reverse("outreach:case_detail", args=[other.pk])).status_code == 404
    assert client_for(secretary_a).post(reverse("outreach:case_edit", args=[other.pk]), form_data()).status_code == 404


def test_a_case_for_a_member_takes_the_members_organization(client_for, secretary_a, members):
    member = members["fuzhou_2"][0]
    response = client_for(secretary_a).post(NEW, form_data(member_id_number=member.id_number))
    assert response.status_code == 302
    recorded = ServiceCase.objects.get()
    assert (recorded.member, recorded.organization, recorded.recorded_by) == (member, member.organization, secretary_a)
    assert recorded.history.get().history_user == secretary_a


def test_closing_a_case_is_kept_in_the_history(client_for, staff, tree):
    recorded = case(tree["putian"])
    response = client_for(staff).post(
        reverse("outreach:case_edit", args=[recorded.pk]),
        form_data(
            organization=tree["putian"].pk,
            enterprise=recorded.enterprise_id,
            closed=today().isoformat(),
            outcome="resolved",
            amount="120000",
        ),
    )
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert (recorded.closed, recorded.amount) == (today(), Decimal(120000))
    assert recorded.history.count() == 2


@pytest.mark.parametrize(
    "changes, field, expected",
    [
        ({"member_id_number": "110105194912310022"}, "member_id_number", None),
        ({"opened": tomorrow(), "organization": "ORG"}, "opened", FUTURE_MESSAGE),
        ({"summary": "", "organization": "ORG"}, "summary", REQUIRED),
        (
            {"organization": "ORG", "closed": days_ago(1).isoformat()},
            "outcome",
            "A closed case needs its outcome: choose resolved, partly resolved or not resolved.",
        ),
        (
            {"organization": "ORG", "closed": days_ago(20).isoformat(), "outcome": "resolved"},
            "closed",
            "A case cannot be closed before it was opened.",
        ),
        (
            {"organization": "ORG"},
            "member_id_number",
            "Name the member or the enterprise the case is for (at least one of them).",
        ),
    ],
)
def test_bad_cases_are_refused_with_a_message_and_nothing_written(
    client_for, secretary_a, members, tree, changes, field, expected
):
    other_member = members["putian"][0]
    changes = {key: (tree["fuzhou_1"].pk if value == "ORG" else value) for key, value in changes.items()}
    if expected is None:
        changes["member_id_number"] = other_member.id_number  # a real member, but not one this secretary keeps
    response = client_for(secretary_a).post(NEW, form_data(**changes))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    if expected is None:
        assert other_member.id_number in errors
    else:
        assert (expected if expected == REQUIRED else shown(expected)) in errors
    assert not ServiceCase.objects.exists()


def test_reviewer_may_not_open_a_case(client_for, reviewer, tree):
    assert client_for(reviewer).post(NEW, form_data(organization=tree["putian"].pk)).status_code == 403
    assert client_for(reviewer).get(NEW).status_code == 403


def test_the_ledger_makes_a_bounded_number_of_queries(client_for, staff, tree, django_assert_max_num_queries):
    for index in range(60):
        member = factories.make_member(tree["putian"])
        case(
            tree["putian"],
            member=member,
            kind=["dispute", "schooling", "medical"][index % 3],
            opened=days_ago(index * 9),
        )
    client = client_for(staff)
    client.get(LIST)
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert response.context["page"].paginator.count == 60


def test_the_column_of_open_and_closed_cases_is_named_for_what_it_holds(client_for, staff, tree):
    """Issue 19: under ?state=open the column said 已办结 over cells saying 办理中."""
    case(tree["putian"])
    case(tree["fuzhou_1"], closed=days_ago(1), outcome="resolved")
    for state, cell_text in (("open", shown("open")), ("closed", shown("Resolved"))):
        body = client_for(staff).get(LIST, {"state": state}).content.decode()
        table = re.search(r'<table class="list" id="cases">(.*?)</table>', body, re.S).group(1)
        headers = [
            re.sub(r"<[^>]+>|[▲▼]", "", header).strip()
            for header in re.findall(r"<th\b[^>]*>(.*?)</th>", table.split("<tbody>")[0], re.S)
        ]
        row = re.findall(r"<td\b[^>]*>(.*?)</td>", table.split("<tbody>")[1], re.S)
        column = next(index for index, cell in enumerate(row) if cell_text in cell)
        assert headers[column] == shown("State"), (state, headers)
