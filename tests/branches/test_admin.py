"""The administration's change forms refuse a stale save, like the registry's own forms: an admin
who opened a member before someone else saved it is told what changed and keeps what they typed;
saving again is then deliberate."""

import datetime

from django.urls import reverse

from branches.versions import version_of
from registry.members import services as member_services
from registry.models import Member
from tests import factories


def posted(form) -> dict:
    """The change form as the browser would send it back untouched."""
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, (list, tuple)):
            value = [str(item.pk if hasattr(item, "pk") else item) for item in value]
        data[field.html_name] = value
    return data


def test_a_stale_admin_save_is_refused_naming_the_change_and_keeping_what_was_typed(client_for, admin, staff, tree):
    member = factories.make_member(tree["putian"], name="管理甲", phone="13900001111", occupation="会计")
    url = reverse("admin:registry_member_change", args=[member.pk])
    client = client_for(admin)
    opened = client.get(url)
    assert opened.status_code == 200 and 'name="version"' in opened.content.decode()
    form = opened.context["adminform"].form
    assert form.initial["version"] == version_of(member)
    typed = {**posted(form), "occupation": "出纳"}

    member_services.member_update(member=member, data={"phone": "13900002222"}, actor=staff)  # meanwhile
    refused = client.post(url, typed)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "13900001111 → 13900002222" in page and "staff" in page
    assert 'value="出纳"' in page, "what the admin typed is kept"
    member.refresh_from_db()
    assert (member.phone, member.occupation) == ("13900002222", "会计"), "nothing was saved"

    again = posted(refused.context["adminform"].form)  # the form now carries the current version
    assert again["version"] == version_of(member) != typed["version"]
    saved = client.post(url, again)
    assert saved.status_code == 302
    member.refresh_from_db()
    assert member.occupation == "出纳"
    assert Member.history.filter(id=member.pk).order_by("-pk").first().history_user == admin


def test_an_admin_save_from_a_fresh_form_and_an_organization_change_pass(client_for, admin, tree):
    organization = tree["putian"]
    url = reverse("admin:branches_organization_change", args=[organization.pk])
    client = client_for(admin)
    data = {**posted(client.get(url).context["adminform"].form), "secretary_name": "新书记"}
    assert client.post(url, data).status_code == 302
    organization.refresh_from_db()
    assert organization.secretary_name == "新书记"
    assert client.post(url, {**data, "secretary_name": "又一位"}).status_code == 200, (
        "the version it was read at is gone"
    )
