"""Dates known to the day or to the month keep their precision both ways, in every form that shows
them (registry.members.partial_dates): the member form, the administration's, the check-in —
a month shows as 1995-10 and a day as 1995-10-04, and an answer is kept at its precision."""

import datetime

import pytest
from django.urls import reverse

from registry.checkin import services as checkin_services
from registry.members.partial_dates import PartialDateField
from registry.models import CheckinSubmission
from spreadsheets.dates import DAY, MONTH, PartialDate
from tests import factories
from tests.forms import form_as_read

OCTOBER = datetime.date(1995, 10, 1)
FOURTH = datetime.date(1995, 10, 4)


@pytest.fixture
def by_month(tree):
    return factories.make_member(
        tree["fuzhou_1"],
        name="按月",
        left_home=OCTOBER,
        left_home_precision=MONTH,
        joined=datetime.date(1993, 4, 1),
        joined_precision=MONTH,
    )


@pytest.fixture
def by_day(tree):
    return factories.make_member(tree["fuzhou_1"], name="按日", left_home=FOURTH, left_home_precision=DAY)


def stored(member) -> tuple:
    member.refresh_from_db()
    return member.left_home, member.left_home_precision


def test_the_field_shows_a_date_at_its_precision_and_reads_what_is_typed_at_the_precision_typed():
    field = PartialDateField()
    assert field.prepare_value(PartialDate(OCTOBER, MONTH)) == "1995-10"
    assert field.prepare_value(PartialDate(FOURTH, DAY)) == "1995-10-04"
    assert field.clean("1995年10月") == PartialDate(OCTOBER, MONTH)
    assert field.clean("1995.10.4") == PartialDate(FOURTH, DAY)
    assert field.has_changed(PartialDate(FOURTH, DAY), "1995-10")
    assert not field.has_changed(PartialDate(OCTOBER, MONTH), "199510")


def test_the_member_form_shows_and_saves_each_precision(client_for, staff, by_month, by_day):
    client = client_for(staff)
    for member, shown in ((by_month, "1995-10"), (by_day, "1995-10-04")):
        url = reverse("registry:member_edit", args=[member.pk])
        read = form_as_read(client.get(url))
        assert read["left_home"] == shown
        client.post(url, read)  # sent back as shown: nothing changes
        assert member.history.count() == 1
    url = reverse("registry:member_edit", args=[by_day.pk])
    client.post(url, {**form_as_read(client.get(url)), "left_home": "1996-03"})
    assert stored(by_day) == (datetime.date(1996, 3, 1), MONTH)
    client.post(url, {**form_as_read(client.get(url)), "left_home": "1996-03-15"})
    assert stored(by_day) == (datetime.date(1996, 3, 15), DAY)


def test_the_admin_shows_and_saves_each_precision(client_for, admin, by_month):
    from tests.branches.test_admin import posted

    client = client_for(admin)
    url = reverse("admin:registry_member_change", args=[by_month.pk])
    form = client.get(url).context["adminform"].form
    assert (form["left_home"].value(), form["joined"].value()) == ("1995-10", "1993-04")
    assert client.post(url, {**posted(form), "occupation": "会计"}).status_code == 302
    assert stored(by_month) == (OCTOBER, MONTH)
    form = client.get(url).context["adminform"].form
    assert client.post(url, {**posted(form), "left_home": "1995-10-04"}).status_code == 302
    assert stored(by_month) == (FOURTH, DAY)


def check_in(client, member, left_home: str) -> CheckinSubmission:
    path = checkin_services.link_create(member=member, actor=None)
    page = client.get(path).content.decode()
    response = client.post(
        path,
        {
            "work_address": member.work_address,
            "occupation": member.occupation,
            "phone": member.phone,
            "origin_address": member.origin_address,
            "left_home": left_home,
        },
        REMOTE_ADDR="203.0.113.5",
    )
    assert response.status_code == 200
    return page, CheckinSubmission.objects.filter(member=member).latest("pk")


def test_check_in_shows_the_record_at_its_precision_and_says_nothing_of_a_month(client, by_month, by_day):
    page, _ = check_in(client, by_month, "1995-10")
    assert 'value="1995-10"' in page and "年月" not in page
    page, _ = check_in(client, by_day, "1995-10-04")
    assert 'value="1995-10-04"' in page and "年月" not in page


def test_a_month_answered_for_a_day_on_record_confirms_it(client, by_day):
    _page, submission = check_in(client, by_day, "1995-10")
    assert submission.changes == {} and submission.state == "confirmed"
    assert stored(by_day) == (FOURTH, DAY)


def test_a_day_answered_stays_a_day_when_accepted(client, client_for, secretary_a, by_month):
    _page, submission = check_in(client, by_month, "1995-10-04")
    assert submission.changes == {"left_home": {"before": "1995-10", "after": "1995-10-04"}}
    client_for(secretary_a).post(f"/checkin/{submission.pk}/", {"action": "accept", "accept": ["left_home"]})
    assert stored(by_month) == (FOURTH, DAY)


def test_another_month_answered_for_a_day_on_record_is_a_correction(client, client_for, secretary_a, by_day):
    _page, submission = check_in(client, by_day, "1996-03")
    assert submission.changes == {"left_home": {"before": "1995-10-04", "after": "1996-03"}}
    client_for(secretary_a).post(f"/checkin/{submission.pk}/", {"action": "accept", "accept": ["left_home"]})
    assert stored(by_day) == (datetime.date(1996, 3, 1), MONTH)
