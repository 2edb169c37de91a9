"""Keeping in touch leaves former members out (docs/lifecycle.md#former-members): the lost-touch
list, the lists of members without a certificate or an activity, the liaison letters' drafts; and
lists flowed-out members with their destination, certificate and last contact."""

import datetime

import pytest
from django.urls import reverse

from branches import clock
from outreach.letters.drafting import drafts_for, letter_members
from registry.models import Member
from registry.movements import rules, services
from tests import factories

pytestmark = pytest.mark.django_db

FORMER, TWIN = "离开者甲", "留下者乙"


@pytest.fixture
def pair(tree):
    common = {"registered_on": datetime.date(2020, 1, 1), "origin_organization": "中共福建省某县委员会"}
    twin = factories.make_member(tree["fuzhou_1"], name=TWIN, **common)
    former = factories.make_member(tree["fuzhou_1"], name=FORMER, **common)
    services.movement_record(member=former, event=rules.Event(kind="died", date=datetime.date(2025, 8, 15)), actor=None)
    return twin, former


@pytest.mark.parametrize(
    "name",
    [
        "outreach:lost_touch",
        "outreach:activity_absentees",
        "certificates:missing_list",
    ],
)
def test_absent_from_the_work_lists(client_for, staff, pair, name):
    body = client_for(staff).get(reverse(name)).content.decode()
    assert TWIN in body and FORMER not in body


def test_absent_from_the_liaison_letters(pair):
    twin, former = pair
    assert list(letter_members()) == [twin]
    year = clock.today().year
    drafts = drafts_for(year, 1)
    assert all(former.name not in str(draft.texts()) for draft in drafts.values())
    assert sum(draft.member_count for draft in drafts.values()) == 1


def test_flowed_out_members_by_destination_with_certificate_and_silence(
    client_for, staff, tree, django_assert_max_num_queries
):
    for number in range(5):
        member = factories.make_member(
            tree["fuzhou_1"], category=Member.Category.SELF_MANAGED, registered_on=datetime.date(2020, 1, 1)
        )
        services.movement_record(
            member=member,
            event=rules.Event(
                kind="flow_out",
                date=datetime.date(2025, 3, number + 1),
                other_side=f"深圳{number % 2}",
                certificate_number=f"LDZ-{number}",
            ),
            actor=None,
        )
    client = client_for(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("outreach:flowed_out"))
    rows = list(response.context["page"].object_list)
    assert [row.destination for row in rows] == sorted(row.destination for row in rows)
    assert all(row.silent for row in rows)  # nobody was ever contacted
    body = response.content.decode()
    assert "LDZ-0" in body and "深圳1" in body
