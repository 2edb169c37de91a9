"""Six must-visits: an occasion goes on the branch's to-do list until a visit is recorded for it;
counts per occasion per quarter; scope, POST-only, validation, bounded queries."""

import datetime

import pytest
from django.urls import reverse

from outreach.models import Occasion, Visit
from outreach.visits import selectors, services
from tests import factories
from tests.outreach.helpers import FUTURE_MESSAGE, REQUIRED, days_ago, shown, today, tomorrow

OVERVIEW = reverse("outreach:visit_overview")


def occasion_url(member):
    return reverse("outreach:occasion_create", args=[member.pk])


def visit_url(member):
    return reverse("outreach:visit_create", args=[member.pk])


def visit_data(**changes):
    data = {
        "kind": "",
        "occasion": "",
        "date": today().isoformat(),
        "visitors": "支部书记、联络员",
        "note": "",
        "help_given": "慰问金",
        "help_amount": "1000",
    }
    data.update(changes)
    return data


def test_a_hospital_stay_goes_on_the_todo_list_and_the_visit_clears_it(client_for, secretary_a, members):
    member = members["fuzhou_1"][0]
    client = client_for(secretary_a)
    response = client.post(occasion_url(member), {"kind": "illness", "date": days_ago(2).isoformat(), "note": "住院"})
    assert response.status_code == 302
    occasion = Occasion.objects.get(member=member)
    assert occasion.history.get().history_user == secretary_a
    todo = client.get(OVERVIEW).context["todo"]
    assert [o.pk for o in todo] == [occasion.pk]

    response = client.post(visit_url(member), visit_data(occasion=occasion.pk))
    assert response.status_code == 302
    visit = Visit.objects.get(member=member)
    assert (visit.occasion, visit.kind, visit.recorded_by) == (occasion, "illness", secretary_a)
    assert list(client.get(OVERVIEW).context["todo"]) == []


def test_the_todo_list_is_scoped(client_for, secretary_a, secretary_b, members, staff):
    services.occasion_create(
        member=members["fuzhou_2"][0], data={"kind": "bereavement", "date": days_ago(1)}, actor=staff
    )
    services.occasion_create(member=members["putian"][0], data={"kind": "illness", "date": days_ago(1)}, actor=staff)
    assert [o.member for o in client_for(secretary_a).get(OVERVIEW).context["todo"]] == [members["fuzhou_2"][0]]
    assert [o.member for o in client_for(secretary_b).get(OVERVIEW).context["todo"]] == [members["putian"][0]]
    assert client_for(staff).get(OVERVIEW).context["todo_count"] == 2


def test_an_occasion_cannot_be_answered_twice_nor_by_another_member(client_for, staff, members):
    member, other = members["putian"]
    occasion = services.occasion_create(member=member, data={"kind": "illness", "date": days_ago(5)}, actor=staff)
    client = client_for(staff)
    assert client.post(visit_url(member), visit_data(occasion=occasion.pk)).status_code == 302
    response = client.post(visit_url(member), visit_data(occasion=occasion.pk))
    assert response.status_code == 200 and "occasion" in response.context["form"].errors
    response = client.post(visit_url(other), visit_data(occasion=occasion.pk))
    assert response.status_code == 200 and "occasion" in response.context["form"].errors
    assert Visit.objects.count() == 1


@pytest.mark.parametrize(
    "changes, field, expected",
    [
        ({"kind": "old_member", "date": tomorrow()}, "date", FUTURE_MESSAGE),
        ({"kind": "old_member", "visitors": ""}, "visitors", REQUIRED),
        ({"kind": ""}, "kind", "Choose the occasion of the visit (one of the six must-visits)."),
        ({"kind": "old_member", "help_amount": "-5"}, "help_amount", "The amount cannot be negative."),
    ],
)
def test_bad_visits_are_refused_and_nothing_written(client_for, staff, members, changes, field, expected):
    response = client_for(staff).post(visit_url(members["putian"][0]), visit_data(**changes))
    assert response.status_code == 200
    assert (expected if expected == REQUIRED else shown(expected)) in " ".join(response.context["form"].errors[field])
    assert not Visit.objects.exists()


def test_a_future_occasion_is_refused(client_for, staff, members):
    response = client_for(staff).post(occasion_url(members["putian"][0]), {"kind": "illness", "date": tomorrow()})
    assert shown(FUTURE_MESSAGE) in response.content.decode()
    assert not Occasion.objects.exists()


def test_scope_and_methods(client_for, secretary_a, reviewer, members):
    other = members["putian"][0]
    assert client_for(secretary_a).post(occasion_url(other), {"kind": "illness", "date": today()}).status_code == 404
    assert client_for(secretary_a).post(visit_url(other), visit_data(kind="hardship")).status_code == 404
    assert client_for(reviewer).post(visit_url(other), visit_data(kind="hardship")).status_code == 403
    assert client_for(secretary_a).delete(visit_url(members["fuzhou_1"][0])).status_code == 405
    assert not Visit.objects.exists() and not Occasion.objects.exists()


def test_counts_per_occasion_per_quarter(staff, members):
    member = members["putian"][0]
    year = today().year - 1
    for day, kind in [
        ((1, 20), "major_holiday"),
        ((2, 2), "major_holiday"),
        ((5, 3), "illness"),
        ((11, 30), "old_member"),
    ]:
        services.visit_create(
            member=member, data={"kind": kind, "date": datetime.date(year, *day), "visitors": "书记"}, actor=staff
        )
    counts = {row["kind"]: row["counts"] for row in selectors.visit_counts(staff, year)}
    assert counts["major_holiday"] == [2, 0, 0, 0]
    assert counts["illness"] == [0, 1, 0, 0]
    assert counts["old_member"] == [0, 0, 0, 1]
    assert counts["hardship"] == [0, 0, 0, 0]


def test_the_overview_makes_a_bounded_number_of_queries(client_for, staff, tree, django_assert_max_num_queries):
    for index in range(30):
        member = factories.make_member(tree["putian"])
        services.occasion_create(member=member, data={"kind": "illness", "date": days_ago(index % 20)}, actor=staff)
        services.visit_create(
            member=member, data={"kind": "hardship", "date": days_ago(index % 20), "visitors": "书记"}, actor=staff
        )
    client = client_for(staff)
    client.get(OVERVIEW)
    with django_assert_max_num_queries(10):
        response = client.get(OVERVIEW)
    assert response.context["todo_count"] == 30 and response.context["page"].paginator.count == 30
