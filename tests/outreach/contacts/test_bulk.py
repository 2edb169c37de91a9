"""Issue 26 §2: one contact recorded for each member selected — from the roster or from the lost-touch
list — through the contact service, which moves each one's latest contact on (outreach/contacts/bulk.py)."""

import pytest
from django.urls import reverse

from branches import clock
from outreach.contacts import bulk
from outreach.models import Contact, LatestContact

pytestmark = pytest.mark.django_db

URL = reverse("registry:bulk_action")


def test_a_meetings_contacts_are_recorded_from_the_lost_touch_list(client_for, members, secretary_a):
    client = client_for(secretary_a)
    page = client.get(reverse("outreach:lost_touch")).content.decode()
    assert 'id="bulk-form"' in page and "contact" in page
    mine = members["fuzhou_1"] + members["fuzhou_2"]
    assert {m.pk for m in bulk.lost_touch_members(secretary_a, {})} == {m.pk for m in mine}
    confirm = client.get(URL, {"source": "lost_touch", "action": "contact", "all": "1"})
    assert confirm.context["count"] == 4 and confirm.context["form"]["channel"].value() == "meeting"
    today = clock.today().isoformat()
    data = {"source": "lost_touch", "action": "contact", "all": "1", "date": today, "channel": "meeting"}
    response = client.post(URL, {**data, "made_by": "王书记", "note": "支部大会"})
    assert response.context["done"] == 4
    assert Contact.objects.filter(recorded_by=secretary_a, made_by="王书记").count() == 4
    assert LatestContact.objects.filter(member__in=mine, date=clock.today()).count() == 4
    assert Contact.objects.first().history.latest().history_user == secretary_a
    assert not list(bulk.lost_touch_members(secretary_a, {}))  # in touch now


def test_a_contact_in_the_future_is_refused_on_the_form(client_for, members, staff):
    tomorrow = clock.today().toordinal() + 1
    data = {"source": "members", "action": "contact", "ids": [members["putian"][0].pk], "channel": "phone"}
    response = client_for(staff).post(
        URL, {**data, "made_by": "张", "date": clock.today().fromordinal(tomorrow).isoformat()}
    )
    assert response.context["form"].has_error("date") and not Contact.objects.exists()
