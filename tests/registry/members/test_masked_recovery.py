"""A reviewer cannot put a masked ID number or phone back together (issue 20 §1): the member page
shows the birth year, not the birth date that is digits 7-14 of the ID number; a number typed into
a search matches nothing for them, whole or in part; and searches on logged-in pages are limited
per user, in the cache the open pages count in."""

import io
import re

from django.urls import reverse
from openpyxl import load_workbook

from registry.idnumbers import id_check_character

URL = reverse("registry:member_list")


def listed(client, query) -> set[int]:
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return {member.pk for member in response.context["page"].object_list}


def candidates(masked: str, birth: str) -> list[str]:
    """Every ID number the masked one (350***********2112) and a birth date (19830227) allow: the
    three hidden region digits, kept where the visible check character agrees."""
    head, tail = masked[:3], masked[-4:]
    numbers = []
    for region in range(1000):
        first17 = f"{head}{region:03d}{birth}{tail[:3]}"
        if id_check_character(first17) == tail[3]:
            numbers.append(first17 + tail[3])
    return numbers


def test_the_recovery_of_an_id_number_fails(client_for, reviewer, members):
    member = members["putian"][0]
    client = client_for(reviewer)
    page = client.get(reverse("registry:member_detail", args=[member.pk])).content.decode()
    masked = re.search(r"[0-9]{3}\*{11}[0-9]{3}[0-9X]", page).group(0)
    assert member.id_number not in page
    assert member.birth_date.year == int(re.search(r"出生年份</dt><dd>([0-9]{4})</dd>", page).group(1))
    assert f"{member.birth_date:%Y-%m-%d}" not in page  # the birth date is not there to build on
    # Even told the birth date, the attacker's candidates (the member's own among them, tried
    # first, whole and in part) find no one.
    numbers = candidates(masked, f"{member.birth_date:%Y%m%d}")
    assert member.id_number in numbers and len(numbers) > 50
    for query in [member.id_number, member.id_number[:14], member.id_number[6:14], *numbers[:5]]:
        assert listed(client, query) == set(), query
    assert listed(client, member.name) == {member.pk}  # names still find


def test_the_recovery_of_a_phone_fails(client_for, reviewer, staff, members):
    member = members["fuzhou_1"][0]
    client = client_for(reviewer)
    assert member.phone
    for query in (member.phone, f"{member.phone[:3]} {member.phone[3:7]} {member.phone[7:]}", member.phone[-4:]):
        assert listed(client, query) == set(), query
    assert member.pk in listed(client_for(staff), member.phone)  # those who keep the records find by it


def test_searches_are_limited_per_user(client_for, reviewer, staff, members, settings):
    settings.REGISTRY_SEARCH_LIMIT = 3
    client = client_for(reviewer)
    for _ in range(3):
        assert client.get(URL, {"q": "陈"}).status_code == 200
    refused = client.get(URL, {"q": "李"})
    assert refused.status_code == 429
    assert "搜索次数过多" in refused.content.decode()
    assert client.get(URL).status_code == 200  # a page without a search is not counted
    assert client_for(staff).get(URL, {"q": "陈"}).status_code == 200  # each user their own count


def test_the_roster_export_holds_the_birth_year_for_a_reviewer(client_for, reviewer, staff, members):
    member = members["putian"][0]

    def cells(user):
        content = client_for(user).get(reverse("registry:member_export"), {"q": member.name}).content
        rows = list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))
        return [str(value) for value in rows[1] if value is not None]

    assert str(member.birth_date.year) in cells(reviewer)
    assert not any(value.startswith(f"{member.birth_date:%Y-%m-%d}") for value in cells(reviewer))
    assert any(value.startswith(f"{member.birth_date:%Y-%m-%d}") for value in cells(staff))
