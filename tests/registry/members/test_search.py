"""Finding people by part of an ID number or a phone, or by a name typed with a space
(registry.members.filters.search_members, shared by every list that searches people): whoever sees
ID numbers and phones in full, within their scope; a reviewer (masked) by no number at all."""

import datetime

import pytest
from django.urls import reverse

from registry.members.filters import search_members
from registry.models import Member
from tests import factories

URL = reverse("registry:member_list")
BIRTH = datetime.date(1973, 12, 8)


@pytest.fixture
def wu(tree):
    """吴海 in 福州商会第一党支部 (secretary_a's); 吴海涛, born the same day, in 莆田 (secretary_b's)."""
    wu_hai = factories.make_member(
        tree["fuzhou_1"], name="吴海", phone="13882742379", id_number=factories.make_id_number(BIRTH, region="350203")
    )
    factories.make_member(
        tree["putian"], name="吴海涛", phone="13600001111", id_number=factories.make_id_number(BIRTH, region="350203")
    )
    factories.make_member(tree["fuzhou_2"], name="林小明", phone="13900002222")
    return wu_hai


def found(client, query) -> set[str]:
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return {member.name for member in response.context["page"].object_list}


BOTH = {"吴海", "吴海涛"}
# what is typed (from 吴海's ID number where it says so) → whom committee staff find
SEARCHES = {
    "birth date": ("19731208", BOTH),
    "first digits": (lambda number: number[:12], BOTH),  # 350203197312: region, birth year and month
    "digits inside": (lambda number: number[4:10], BOTH),
    "whole ID number": (lambda number: number, {"吴海"}),
    "phone, part": ("8274", {"吴海"}),
    "phone, part typed with spaces": ("1388 2742", {"吴海"}),
    "name with a space": ("吴 海", BOTH),
    "name with a full-width space": ("吴\u3000海", BOTH),
}


@pytest.mark.parametrize("what", list(SEARCHES))
def test_staff_and_secretaries_find_by_part_of_a_number_and_a_spaced_name(
    client_for, staff, secretary_a, secretary_b, wu, what
):
    typed, staff_finds = SEARCHES[what]
    query = typed(wu.id_number) if callable(typed) else typed
    assert found(client_for(staff), query) == staff_finds
    # A secretary finds within their scope only: 吴海涛 is secretary_b's, 吴海 secretary_a's.
    assert found(client_for(secretary_a), query) == {"吴海"}
    assert found(client_for(secretary_b), query) == staff_finds - {"吴海"}


def test_the_last_digits_still_find(client_for, staff, wu):
    assert "吴海" in found(client_for(staff), wu.id_number[-3:])
    assert "吴海" in found(client_for(staff), wu.id_number[-6:])


def test_a_name_kept_with_a_space_is_found_typed_without_one(client_for, staff, tree):
    Member.objects.filter(pk=factories.make_member(tree["putian"], name="王建国").pk).update(name="王 建国")
    assert found(client_for(staff), "王建国") == {"王 建国"}


def test_a_reviewer_finds_by_no_number(client_for, reviewer, wu):
    client = client_for(reviewer)
    for query in ("19731208", wu.id_number[:12], wu.id_number[:17], "8274", "1388274237"):
        assert found(client, query) == set(), query
    for query in (wu.id_number, wu.id_number.lower(), "138 8274 2379", "13882742379"):
        assert found(client, query) == set(), query
    assert found(client, "吴 海") == {"吴海", "吴海涛"}  # names are not masked


def test_the_shared_search_narrows_the_scoped_queryset_it_is_given(secretary_a, wu):
    """The lists of movements and certificates search every member and keep their own scope: the
    search itself never widens a queryset."""
    scoped = Member.objects.filter(organization=wu.organization)
    assert set(search_members(scoped, "19731208", user=secretary_a)) == {wu}


def test_searching_keeps_the_roster_within_its_queries(
    client_for, staff, secretary_a, tree, wu, django_assert_max_num_queries
):
    for index in range(30):
        factories.make_member(tree["fuzhou_1"] if index % 2 else tree["putian"], name=f"吴海{index}")
    for user in (staff, secretary_a):
        client = client_for(user)
        for query in ("19731208", "8274", "吴 海", wu.id_number):
            # and the search's count (SearchThrottleMiddleware: one upsert, a clean-up)
            with django_assert_max_num_queries(12 + 2):
                assert client.get(URL, {"q": query}).status_code == 200


def test_the_last_three_characters_find_an_id_number_ending_in_x(client_for, staff, tree):
    member = factories.make_member(
        tree["putian"],
        name="末位X",
        id_number="35012419890322165X",
        joined=datetime.date(2012, 7, 1),
        made_full=datetime.date(2013, 7, 1),
    )
    assert "末位X" in found(client_for(staff), "65X") and "末位X" in found(client_for(staff), "65x")
    assert member.id_number.endswith("65X")
