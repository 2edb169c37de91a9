"""Adding and changing organizations, chambers and enterprises through the pages."""

from django.urls import reverse

from branches.models import Chamber, Enterprise, Organization
from tests import factories


def org_data(organization, **changes):
    data = {
        "name": organization.name,
        "level": organization.level,
        "parent": organization.parent_id or "",
        "chamber": organization.chamber_id or "",
        "formation": organization.formation,
        "secretary_name": organization.secretary_name,
        "secretary_phone": organization.secretary_phone,
        "established": "",
        "plaque_granted": "",
    }
    data.update(changes)
    return data


def test_secretary_edits_own_branch_and_history_names_them(client_for, secretary_a, tree):
    branch = tree["fuzhou_1"]
    response = client_for(secretary_a).post(
        reverse("registry:organization_edit", args=[branch.pk]),
        org_data(branch, secretary_name="郑书记", secretary_phone="139 0000 1111"),
    )
    assert response.status_code == 302
    branch.refresh_from_db()
    assert (branch.secretary_name, branch.secretary_phone) == ("郑书记", "13900001111")
    assert branch.history.first().history_user == secretary_a


def test_secretary_cannot_edit_or_reparent_outside_scope(client_for, secretary_a, tree):
    client = client_for(secretary_a)
    assert client.get(reverse("registry:organization_edit", args=[tree["putian"].pk])).status_code == 404
    response = client.post(
        reverse("registry:organization_edit", args=[tree["fuzhou_1"].pk]),
        org_data(tree["fuzhou_1"], parent=tree["putian"].pk),
    )
    assert response.status_code == 404
    tree["fuzhou_1"].refresh_from_db()
    assert tree["fuzhou_1"].parent == tree["fuzhou"]


def test_secretary_creates_a_branch_below_their_own(client_for, secretary_a, tree):
    response = client_for(secretary_a).post(
        reverse("registry:organization_create"),
        {
            "name": "福州商会第三党支部",
            "level": "branch",
            "parent": tree["fuzhou"].pk,
            "formation": "standalone",
        },
    )
    assert response.status_code == 302
    created = Organization.objects.get(name="福州商会第三党支部")
    assert created.path.startswith(tree["fuzhou"].path)


def test_loop_is_refused_with_a_message(client_for, staff, tree):
    response = client_for(staff).post(
        reverse("registry:organization_edit", args=[tree["fuzhou"].pk]),
        org_data(tree["fuzhou"], parent=tree["fuzhou_1"].pk),
    )
    # The form never offers a descendant as parent, so the choice is refused before the model's loop check.
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    tree["fuzhou"].refresh_from_db()
    assert tree["fuzhou"].parent == tree["committee"]


def test_bad_secretary_phone_refused(client_for, staff, tree):
    response = client_for(staff).post(
        reverse("registry:organization_edit", args=[tree["putian"].pk]), org_data(tree["putian"], secretary_phone="12")
    )
    assert response.status_code == 200
    assert "secretary_phone" in response.context["form"].errors


def test_reviewer_and_secretary_cannot_touch_chambers_and_enterprises(client_for, reviewer, secretary_a, tree):
    for user in (reviewer, secretary_a):
        client = client_for(user)
        assert client.post(reverse("registry:chamber_create"), {"name": "新商会", "kind": "city"}).status_code == 403
        assert client.post(reverse("registry:enterprise_create"), {"name": "新企业"}).status_code == 403
    assert (
        client_for(reviewer).post(reverse("registry:organization_create"), {"name": "x", "level": "branch"}).status_code
        == 403
    )
    assert not Chamber.objects.filter(name="新商会").exists()
    assert not Enterprise.objects.filter(name="新企业").exists()


def test_staff_creates_enterprise_with_checked_credit_code(client_for, staff, tree):
    client = client_for(staff)
    bad = client.post(reverse("registry:enterprise_create"), {"name": "坏码公司", "credit_code": "91350100M000100Y44"})
    assert bad.status_code == 200 and "credit_code" in bad.context["form"].errors
    assert not Enterprise.objects.filter(name="坏码公司").exists()
    good = client.post(
        reverse("registry:enterprise_create"),
        {"name": "好码公司", "credit_code": "９１３５０１００ｍ０００１００ｙ４３"},
    )
    assert good.status_code == 302
    assert Enterprise.objects.get(name="好码公司").credit_code == "91350100M000100Y43"


def test_staff_edits_chamber(client_for, staff, tree):
    chamber = tree["putian_chamber"]
    response = client_for(staff).post(
        reverse("registry:chamber_edit", args=[chamber.pk]),
        {
            "name": chamber.name,
            "kind": "city",
            "parent": chamber.parent_id,
            "home_region": "莆田市",
        },
    )
    assert response.status_code == 302
    chamber.refresh_from_db()
    assert chamber.home_region == "莆田市"


def test_a_create_refused_by_its_service_is_shown_on_the_form(client_for, staff, tree, monkeypatch):
    """The chamber, enterprise and organization pages called their create service outside the try
    that shows a refusal (a 500); a create is guarded as an update is (branches.form_views)."""
    from django.core.exceptions import ValidationError

    from branches import services

    def refused(**kwargs):
        raise ValidationError({"name": "同名的商会已有了"})

    monkeypatch.setattr(services, "chamber_create", refused)
    response = client_for(staff).post(reverse("registry:chamber_create"), {"name": "新商会", "kind": "city"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["同名的商会已有了"]
    assert not Chamber.objects.filter(name="新商会").exists()


def admin_change_data(response, **changes) -> dict:
    """The admin change form's current values as the browser posts them back, with `changes`."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):  # a checkbox is posted only when ticked
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    data.update(changes)
    data["_save"] = "Save"
    return data


def test_admin_site_is_for_admins_only(client_for, admin, staff, tree):
    member = factories.make_member(tree["putian"])
    phone, url = member.phone, f"/admin/registry/member/{member.pk}/change/"
    assert client_for(admin).get("/admin/").status_code == 200
    assert client_for(admin).get("/admin/registry/member/").status_code == 200
    data = admin_change_data(client_for(admin).get(url), phone="13912345678")  # a valid change
    assert client_for(staff).get("/admin/").status_code == 302
    assert client_for(staff).post(url, data).status_code == 302  # to the admin's login page
    member.refresh_from_db()
    assert member.phone == phone and member.history.count() == 1


def test_admin_edit_goes_through_services(client_for, admin, tree):
    member = factories.make_member(tree["putian"])
    birth_date = member.birth_date
    url = f"/admin/registry/member/{member.pk}/change/"
    client = client_for(admin)
    # A cleared birth date comes back from the ID number in member_update, not in a plain admin save.
    response = client.post(url, admin_change_data(client.get(url), phone="13912345678", birth_date=""))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    member.refresh_from_db()
    assert member.phone == "13912345678"
    assert member.birth_date == birth_date is not None
    assert member.history.count() == 2  # one history row for the change, naming the administrator
    assert member.history.first().history_user == admin
