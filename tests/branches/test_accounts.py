"""Logins managed from the roles page by the committee office: create with a name, a role and a
secretary's organization; change the role; deactivate and reactivate; reset a password — the
administrator role only by an administrator, every change kept with who made it, passwords
through the validators. Everyone changes their own password from the header."""

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from branches.models import AccountEvent, RoleAssignment
from tests.conftest import PASSWORD

User = get_user_model()
NEW = reverse("branches:user_create")


def new_login(organization=None, **changes):
    data = {
        "name": "林秀英",
        "username": "linxiuying",
        "role": "secretary",
        "organization": organization.pk if organization else "",
        "password": "Fujian-Shanghui-2026",
        "password_again": "Fujian-Shanghui-2026",
    }
    data.update(changes)
    return data


def test_staff_create_a_secretary_who_can_log_in_and_is_shown_by_name(client, client_for, staff, tree):
    response = client_for(staff).post(NEW, new_login(tree["putian"]))
    user = User.objects.get(username="linxiuying")
    assert response.status_code == 302 and response["Location"] == reverse("branches:user_detail", args=[user.pk])
    assert user.get_full_name() == "林秀英" and user.role_assignments.get().organization == tree["putian"]
    assert [(e.action, e.actor) for e in user.account_events.all()] == [("created", staff)]
    assert RoleAssignment.history.get(user=user).history_user == staff
    assert client.login(request=HttpRequest(), username="linxiuying", password="Fujian-Shanghui-2026")
    home = client.get(reverse("home")).content.decode()
    assert 'class="whoami">林秀英' in home and reverse("password_change") in home
    roles = client_for(staff).get(reverse("branches:role_list")).content.decode()
    assert "林秀英" in roles


def test_bad_logins_are_refused_in_words_and_nothing_written(client_for, staff, tree):
    client = client_for(staff)
    weak = client.post(NEW, new_login(tree["putian"], password="12345678", password_again="12345678"))
    assert weak.status_code == 200 and weak.context["form"].errors["password"]  # the validators: too common, all digits
    no_branch = client.post(NEW, new_login(None))
    assert no_branch.status_code == 200 and "organization" in no_branch.context["form"].errors
    admin_role = client.post(NEW, new_login(None, role="admin"))
    assert admin_role.status_code == 200 and "role" in admin_role.context["form"].errors  # not offered to staff
    assert client.post(NEW, new_login(tree["putian"], username="staff")).context["form"].errors["username"]
    assert not User.objects.filter(username="linxiuying").exists() and not AccountEvent.objects.exists()


def test_deactivate_reset_and_change_role_each_kept_with_who_did_it(client_for, staff, secretary_b, tree):
    pk = secretary_b.pk
    office = client_for(staff)
    assert office.get(reverse("branches:user_active", args=[pk])).status_code == 405
    assert office.post(reverse("branches:user_active", args=[pk]), {"active": "0"}).status_code == 302
    assert not Client().login(request=HttpRequest(), username="secretary_b", password=PASSWORD)
    office.post(reverse("branches:user_active", args=[pk]), {"active": "1"})
    refused = office.post(reverse("branches:user_password", args=[pk]), {"password": "abc", "password_again": "abc"})
    assert refused.status_code == 200 and refused.context["password_form"].errors["password"]
    office.post(
        reverse("branches:user_password", args=[pk]),
        {"password": "Putian-Branch-77", "password_again": "Putian-Branch-77"},
    )
    assert Client().login(request=HttpRequest(), username="secretary_b", password="Putian-Branch-77")
    changed = office.post(
        reverse("branches:user_update", args=[pk]),
        {"name": "陈建平", "role": "secretary", "organization": tree["fuzhou"].pk},
    )
    assert changed.status_code == 302
    user = User.objects.get(pk=pk)
    assert user.first_name == "陈建平" and user.role_assignments.get().organization == tree["fuzhou"]
    events = [(e.action, e.actor) for e in user.account_events.order_by("pk")]
    assert events == [("deactivated", staff), ("reactivated", staff), ("password_reset", staff), ("renamed", staff)]
    page = office.get(reverse("branches:user_detail", args=[pk])).content.decode()
    assert "停用账号" in page and "重置密码" in page


def test_only_the_committee_manages_logins_and_only_an_admin_an_admins(
    client_for, admin, staff, secretary_a, reviewer, tree
):
    for user in (secretary_a, reviewer):
        client = client_for(user)
        assert client.get(NEW).status_code == 403
        assert (
            client.post(
                reverse("branches:user_password", args=[staff.pk]), {"password": "x", "password_again": "x"}
            ).status_code
            == 403
        )
    office = client_for(staff)
    assert office.post(reverse("branches:user_active", args=[admin.pk]), {"active": "0"}).status_code == 403
    assert User.objects.get(pk=admin.pk).is_active
    assert office.post(reverse("branches:user_active", args=[staff.pk]), {"active": "0"}).status_code == 302
    assert User.objects.get(pk=staff.pk).is_active  # nobody deactivates themselves
    assert client_for(admin).post(NEW, new_login(None, role="admin", username="second_admin")).status_code == 302
    assert User.objects.get(username="second_admin").is_superuser


def test_everyone_changes_their_own_password_on_a_page_of_the_registry(client, client_for, secretary_a):
    own = client_for(secretary_a)
    page = own.get(reverse("password_change"))
    assert (
        page.status_code == 200
        and 'class="topbar"' in page.content.decode()
        and "admin" not in page.templates[0].origin.name
    )
    response = own.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Mingdong-Road-31", "new_password2": "Mingdong-Road-31"},
    )
    assert response.status_code == 302
    assert "密码已修改" in own.get(response["Location"]).content.decode()
    assert client.login(request=HttpRequest(), username="secretary_a", password="Mingdong-Road-31")
