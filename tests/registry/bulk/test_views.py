"""Issue 26 §2: the roster's checkboxes lead to the action page, which confirms how many members it
will touch and names them, then acts and says what it did and refused (registry/bulk/views.py)."""

import pytest
from django.urls import reverse

from branches import clock
from registry.models import CheckinLink, ExportLog, LostContactCase, Member
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("registry:bulk_action")


def chosen(people, action, **extra):
    return {"source": "members", "action": action, "ids": [member.pk for member in people], **extra}


def test_the_roster_offers_checkboxes_to_those_who_change_and_not_to_a_reviewer(client_for, members, staff, reviewer):
    page = client_for(staff).get(reverse("registry:member_list")).content.decode()
    assert 'id="bulk-form"' in page and f'name="ids" value="{members["putian"][0].pk}"' in page
    assert 'id="bulk-form"' not in client_for(reviewer).get(reverse("registry:member_list")).content.decode()
    assert client_for(reviewer).get(URL, chosen(members["putian"], "export")).status_code == 403
    assert client_for(reviewer).post(URL, chosen(members["putian"], "contact_found")).status_code == 403


def test_the_confirm_page_counts_all_that_match_the_filter_again(client_for, members, tree, staff):
    query = f"organization={tree['fuzhou'].pk}&page=2"
    response = client_for(staff).get(URL, {"source": "members", "action": "checkin_links", "all": "1", "filter": query})
    assert response.status_code == 200 and response.context["count"] == 4
    assert {member.pk for member in response.context["shown"]} == {
        m.pk for m in members["fuzhou_1"] + members["fuzhou_2"]
    }
    assert not CheckinLink.objects.exists()  # confirming writes nothing
    nothing = client_for(staff).get(URL)
    assert nothing.status_code == 200 and nothing.context["nothing_chosen"]


def test_checkin_links_make_a_sheet_of_qr_codes(client_for, members, staff):
    people = members["fuzhou_1"] + members["putian"]
    response = client_for(staff).post(URL, chosen(people, "checkin_links"))
    page = response.content.decode()
    assert response.status_code == 200 and page.count("<svg") == 4
    assert all(member.name in page and member.organization.name in page for member in people)
    assert CheckinLink.objects.filter(created_by=staff).count() == 4


def test_a_secretary_posting_another_branchs_ids_changes_nothing(client_for, members, tree, secretary_a):
    others = members["putian"]
    response = client_for(secretary_a).post(URL, chosen(others, "move", organization=tree["fuzhou_2"].pk))
    assert response.status_code == 200 and response.context["count"] == 0 and response.context["unseen"] == 2
    assert set(Member.objects.filter(pk__in=[m.pk for m in others]).values_list("organization", flat=True)) == {
        tree["putian"].pk
    }
    mine = members["fuzhou_1"]
    response = client_for(secretary_a).post(URL, chosen(mine, "move", organization=tree["putian"].pk))
    assert response.context["form"].has_error("organization")  # not an organization they keep
    assert Member.objects.filter(organization=tree["putian"]).count() == 2


def test_a_move_by_staff_says_what_it_did(client_for, members, tree, staff):
    response = client_for(staff).post(URL, chosen(members["fuzhou_1"], "move", organization=tree["putian"].pk))
    assert response.status_code == 200 and response.context["done"] == 2
    assert Member.objects.filter(organization=tree["putian"]).count() == 4


def test_the_selection_is_exported_and_logged(client_for, members, staff):
    response = client_for(staff).post(URL, chosen(members["putian"], "export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    log = ExportLog.objects.get()
    assert log.kind == "members" and log.rows == 2 and log.filters["selection"] == "members"


def test_lost_contact_then_found_from_the_lost_contact_list(client_for, members, staff):
    today = clock.today().isoformat()
    people = members["committee"]
    marked = client_for(staff).post(URL, chosen(people, "lost_contact", date=today, reason="7", note="电话停机"))
    assert marked.context["done"] == 2 and LostContactCase.objects.filter(outcome="open").count() == 2
    found = client_for(staff).post(
        URL, {"source": "lost_contact", "action": "contact_found", "all": "1", "filter": "", "date": today}
    )
    assert found.context["done"] == 2 and not LostContactCase.objects.filter(outcome="open").exists()


def test_too_many_is_refused_with_a_sentence_and_nothing_written(client_for, members, staff, settings):
    settings.REGISTRY_BULK_INLINE_MAX = 3
    response = client_for(staff).post(URL, {"source": "members", "action": "checkin_links", "all": "1"})
    assert response.context["too_many"] and "REGISTRY_BULK_INLINE_MAX" in response.content.decode()
    assert not CheckinLink.objects.exists()


@pytest.mark.parametrize("size", [2, 80])
def test_the_confirm_page_is_bounded_in_queries(client_for, tree, staff, size, django_assert_max_num_queries):
    Member.objects.bulk_create([Member(**factories.member_data(tree["putian"])) for _ in range(size)])
    client = client_for(staff)
    with django_assert_max_num_queries(9):
        response = client.get(URL, {"source": "members", "action": "move", "all": "1"})
    assert response.context["count"] == size and len(response.context["shown"]) == min(size, 50)
    assert 'id="bulk-confirm"' in response.content.decode()


def test_the_six_knowns_work_list_selects_those_whose_record_is_incomplete(client_for, members, staff):
    incomplete = members["putian"][0]
    Member.objects.filter(pk=incomplete.pk).update(phone="", occupation="")
    page = client_for(staff).get(reverse("registry:six_knowns_worklist")).content.decode()
    assert f'name="ids" value="{incomplete.pk}"' in page
    response = client_for(staff).get(URL, {"source": "six_knowns", "action": "checkin_links", "all": "1"})
    assert [member.pk for member in response.context["shown"]] == [incomplete.pk]
