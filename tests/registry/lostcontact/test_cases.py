"""Issue 22 §2, lost contact as a case (docs/lifecycle.md#lost-contact): searches on the case's page,
the two work lists (6 months lost and searched → 停止党籍; 2 years suspended → 自行脱党除名), scope."""

import datetime

import pytest
from django.urls import reverse

from branches import clock
from registry.development.rules import add_months, add_years
from registry.lostcontact import selectors
from registry.models import LostContactCase, Member
from registry.movements import rules, services
from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def record(member, kind, date, **extra):
    return services.movement_record(member=member, event=rules.Event(kind=kind, date=date, **extra), actor=None)


@pytest.fixture
def own(tree):
    return factories.make_member(
        tree["fuzhou_1"], category=Member.Category.SELF_MANAGED, registered_on=datetime.date(2015, 1, 1)
    )


def test_a_search_is_recorded_on_the_case_page_and_refused_before_the_loss(client_for, secretary_a, own):
    today = clock.today()
    record(own, "lost_contact", today - 30 * DAY, lost_reason="6")
    case = LostContactCase.objects.get(member=own)
    client = client_for(secretary_a)
    page = client.get(reverse("registry:member_detail", args=[own.pk])).content.decode()
    assert reverse("registry:lost_contact_detail", args=[case.pk]) in page
    url = reverse("registry:lost_contact_search", args=[case.pk])
    response = client.post(url, {"date": (today - 31 * DAY).isoformat(), "method": "电话"})
    assert response.status_code == 200 and response.context["form"].has_error("date", "search_before_lost")
    assert client.post(url, {"date": today.isoformat(), "method": "走访原住址", "result": "已搬离"}).status_code == 302
    assert case.searches.count() == 1


def test_the_work_lists_follow_the_six_months_and_the_two_years(tree, own, staff, secretary_b, client_for):
    today = clock.today()
    late = factories.make_member(
        tree["fuzhou_2"], category=Member.Category.SELF_MANAGED, registered_on=datetime.date(2015, 1, 1)
    )
    record(own, "lost_contact", add_months(today, -6))  # six months today
    record(late, "lost_contact", add_months(today, -6) + DAY)  # one day short
    for member in (own, late):
        case = LostContactCase.objects.get(member=member)
        case.searches.create(date=today, method="电话")
    assert [case.member for case in selectors.to_suspend(staff, today)] == [own]
    assert list(selectors.to_suspend(secretary_b, today)) == []
    record(own, "suspended", today)
    suspended = Member.all_members.get(pk=own.pk)
    assert list(selectors.to_remove(staff, add_years(today, 2) - DAY)) == []
    assert list(selectors.to_remove(staff, add_years(today, 2))) == [suspended]
    body = client_for(staff).get(reverse("registry:lost_contact_worklist", args=["suspend"])).content.decode()
    assert late.name not in body
    assert client_for(staff).get(reverse("registry:lost_contact_worklist", args=["other"])).status_code == 404


def test_the_case_list_is_scoped_and_exported(client_for, staff, secretary_b, own):
    record(own, "lost_contact", clock.today() - 10 * DAY)
    assert client_for(staff).get(reverse("registry:lost_contact_list")).context["page"].paginator.count == 1
    assert client_for(secretary_b).get(reverse("registry:lost_contact_list")).context["page"].paginator.count == 0
    case = LostContactCase.objects.get(member=own)
    assert client_for(secretary_b).get(reverse("registry:lost_contact_detail", args=[case.pk])).status_code == 404
    assert client_for(staff).get(reverse("registry:lost_contact_export")).status_code == 200
