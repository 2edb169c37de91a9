"""Every search box that finds people by ID number or phone: for a role that sees them masked
(the reviewer), an ID number or a phone matches nothing, whole or in part — the last digits of an
ID or part of a phone would tell, one search at a time, what the mask hides, and a whole number
would confirm a guess (issue 20 §1)."""

import pytest
from django.urls import reverse

# The lists whose `?q=` searches people (registry.members.filters.search_members).
SEARCHED_LISTS = [
    "registry:member_list",
    "registry:candidate_list",
    "registry:dues_reminders",
    "registry:former_member_list",
    "registry:movement_list",
    "certificates:certificate_list",
    "certificates:request_list",
]


def rows(client, url, **params):
    return {row.pk: row for row in client.get(url, params).context["page"].object_list}


@pytest.fixture
def people(demo_db, django_user_model):
    return {name: django_user_model.objects.get(username=name) for name in ("staff", "reviewer")}


@pytest.mark.parametrize("list_name", SEARCHED_LISTS)
def test_a_reviewer_finds_people_by_no_id_number_or_phone(client, people, list_name):
    url = reverse(list_name)
    client.force_login(people["staff"])
    row = next(iter(rows(client, url).values()))
    person = getattr(row, "member", row)
    tail, phone = person.id_number[-6:], person.phone
    assert row.pk in rows(client, url, q=tail)  # committee staff find by the last digits
    client.force_login(people["reviewer"])
    assert row.pk not in rows(client, url, q=tail)
    assert row.pk not in rows(client, url, q=tail.lower())
    assert row.pk not in rows(client, url, q=person.id_number)
    assert row.pk in rows(client, url, q=person.name)
    if phone:
        assert row.pk not in rows(client, url, q=phone[3:9])
        assert row.pk not in rows(client, url, q=phone)


@pytest.mark.parametrize("list_name", SEARCHED_LISTS)
def test_staff_find_people_by_part_of_an_id_number_and_by_a_name_typed_with_spaces(client, people, list_name):
    url = reverse(list_name)
    client.force_login(people["staff"])
    row = next(iter(rows(client, url).values()))
    person = getattr(row, "member", row)
    assert row.pk in rows(client, url, q=person.id_number[:14])  # the region and the birth date
    assert row.pk in rows(client, url, q=person.id_number[6:14])  # the birth date
    assert row.pk in rows(client, url, q=" ".join(person.name))
