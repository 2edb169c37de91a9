"""A save's history row holds exactly what that save changed, even when the record was changed
before without a history row (a data migration, a bulk update): branches.historical_records."""

import datetime

from django.urls import reverse

from branches.models import Organization
from registry.members.history import history_entries
from registry.models import Member
from tests import factories
from tests.forms import form_as_read


def changed_fields(entry) -> list[str]:
    return [str(change["field"]) for change in entry["changes"]]


def test_editing_one_field_of_a_member_records_that_field_only(client_for, staff, tree):
    member = factories.make_member(tree["putian"], occupation="总经理", registered_on=datetime.date(2026, 1, 5))
    # As registry migration 0005 did (and the demo's seeding): a write that keeps no history row.
    Member.objects.filter(pk=member.pk).update(registered_on=datetime.date(2014, 1, 8))
    client = client_for(staff)
    url = reverse("registry:member_edit", args=[member.pk])
    response = client.post(url, {**form_as_read(client.get(url)), "occupation": "副总经理"})
    assert response.status_code == 302

    edit, found, created = history_entries(member, show_personal_data=True)
    assert (changed_fields(edit), edit["who"]) == (["从事职业"], staff)
    assert (edit["changes"][0]["old"], edit["changes"][0]["new"]) == ("总经理", "副总经理")
    # The earlier change is not the editor's: recorded as found, naming nobody, saying so.
    assert (changed_fields(found), found["who"]) == (["登记时间"], None)
    assert (found["changes"][0]["old"], found["changes"][0]["new"]) == ("2026-01-05", "2014-01-08")
    assert "修改人和时间不详" in found["reason"]
    member.refresh_from_db()
    assert (member.registered_on, member.occupation) == (datetime.date(2014, 1, 8), "副总经理")


def test_editing_one_field_of_an_organization_records_that_field_only(client_for, staff, tree):
    branch = tree["fuzhou_1"]
    Organization.objects.filter(pk=branch.pk).update(secretary_phone="13900002222")
    client = client_for(staff)
    url = reverse("registry:organization_edit", args=[branch.pk])
    response = client.post(url, {**form_as_read(client.get(url)), "secretary_name": "郑书记"})
    assert response.status_code == 302

    edit, found = history_entries(branch, show_personal_data=True)[:2]
    assert (changed_fields(edit), edit["who"]) == (["书记"], staff)
    assert (changed_fields(found), found["who"]) == (["书记联系电话"], None)


def test_a_record_without_unrecorded_changes_gets_one_row_per_save(client_for, staff, tree):
    member = factories.make_member(tree["putian"], occupation="总经理")
    client = client_for(staff)
    url = reverse("registry:member_edit", args=[member.pk])
    client.post(url, {**form_as_read(client.get(url)), "occupation": "会计"})
    assert member.history.count() == 2
    assert changed_fields(history_entries(member, show_personal_data=True)[0]) == ["从事职业"]


def test_the_reason_fits_in_every_history():
    """SQLite would keep a longer one; PostgreSQL refuses it, and the save with it."""
    from django.apps import apps

    from branches.historical_records import FOUND_CHANGED

    for model in apps.get_models():
        if hasattr(model._meta, "simple_history_manager_attribute"):
            assert len(FOUND_CHANGED) <= model.history.model._meta.get_field("history_change_reason").max_length
            assert getattr(model._meta, "historical_records", None), (
                f"{model.__name__}: declare it with branches.historical_records"
            )
