"""Role assignments keep their history: who granted, changed or revoked a role, and when —
through the services, `manage.py grant_role`, the admin — and the committee's /roles/ page."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from branches import access, services
from branches.models import RoleAssignment

User = get_user_model()
ROLES = reverse("branches:role_list")


def history_of(username):
    """The user's role history, oldest first."""
    return list(RoleAssignment.history.filter(user__username=username).order_by("history_id"))


# --- the services ---------------------------------------------------------------------------------


def test_granting_records_the_actor(tree, staff):
    user, created = services.role_grant(username="lin", role="reviewer", actor=staff)
    assert created
    [record] = history_of("lin")
    assert (record.history_type, record.role, record.organization, record.history_user) == (
        "+",
        "reviewer",
        None,
        staff,
    )
    assert record.history_date is not None


def test_granting_without_an_actor_names_nobody(tree):
    services.role_grant(username="lin", role="staff")
    [record] = history_of("lin")
    assert record.history_type == "+" and record.history_user is None


def test_changing_a_role_records_the_actor_and_the_new_role(tree, admin, secretary_a):
    services.role_grant(username="secretary_a", role="secretary", organization=tree["putian"], actor=admin)
    services.role_grant(username="secretary_a", role="staff", actor=admin)
    granted, moved, promoted = history_of("secretary_a")
    assert (granted.history_type, granted.organization, granted.history_user) == ("+", tree["fuzhou"], None)
    assert (moved.history_type, moved.role, moved.organization, moved.history_user) == (
        "~",
        "secretary",
        tree["putian"],
        admin,
    )
    assert (promoted.history_type, promoted.role, promoted.organization, promoted.history_user) == (
        "~",
        "staff",
        None,
        admin,
    )


def test_granting_the_role_already_held_writes_no_history(tree, staff, reviewer):
    services.role_grant(username="reviewer", role="reviewer", actor=staff)
    assert len(history_of("reviewer")) == 1


def test_revoking_deletes_the_assignment_and_records_the_actor(tree, admin, secretary_a):
    assert services.role_revoke(user=secretary_a, actor=admin)
    assert not RoleAssignment.objects.filter(user=secretary_a).exists()
    revoked = history_of("secretary_a")[-1]
    assert (revoked.history_type, revoked.role, revoked.organization, revoked.history_user) == (
        "-",
        "secretary",
        tree["fuzhou"],
        admin,
    )
    assert User.objects.filter(pk=secretary_a.pk).exists(), "the account stays"
    assert access.role_of(secretary_a) is None and not access.visible_organizations(secretary_a).exists()


def test_revoking_an_admin_drops_the_django_flags(tree, admin, staff):
    services.role_grant(username="chief", role="admin", actor=admin)
    chief = User.objects.get(username="chief")
    assert chief.is_superuser and chief.is_staff
    services.role_revoke(user=chief, actor=admin)
    chief.refresh_from_db()
    assert not chief.is_superuser and not chief.is_staff
    assert access.role_of(chief) is None


def test_a_secretary_without_organization_is_refused_in_words(tree, staff):
    with pytest.raises(ValidationError) as error:
        services.role_grant(username="lin", role="secretary", actor=staff)
    assert "organization" in error.value.message_dict
    assert not User.objects.filter(username="lin").exists(), "the whole grant is one transaction"
    assert not RoleAssignment.history.filter(user__username="lin").exists()


# --- manage.py grant_role --------------------------------------------------------------------------


def grant(*args) -> str:
    out = StringIO()
    call_command("grant_role", *args, stdout=out)
    return out.getvalue()


def test_command_records_the_user_given_with_by_and_the_reason(tree, admin):
    grant("lin", "secretary", "--organization", tree["putian"].name, "--by", "admin")
    [record] = history_of("lin")
    assert (record.history_type, record.history_user, record.history_change_reason) == ("+", admin, "command line")


def test_command_without_by_names_nobody_but_says_command_line(tree):
    grant("lin", "reviewer")
    [record] = history_of("lin")
    assert (record.history_user, record.history_change_reason) == (None, "command line")


def test_command_revoke(tree, admin, staff):
    output = grant("staff", "--revoke", "--by", "admin")
    assert "staff" in output
    assert not RoleAssignment.objects.filter(user=staff).exists()
    revoked = history_of("staff")[-1]
    assert (revoked.history_type, revoked.role, revoked.history_user, revoked.history_change_reason) == (
        "-",
        "staff",
        admin,
        "command line",
    )


def test_command_revoke_without_by_names_nobody(tree, reviewer):
    grant("reviewer", "--revoke")
    revoked = history_of("reviewer")[-1]
    assert (revoked.history_type, revoked.history_user) == ("-", None)


@pytest.mark.parametrize(
    "args",
    [
        ("reviewer", "--by", "nobody-of-that-name"),  # unknown actor
        ("--revoke", "--by", "nobody-of-that-name"),
        ("reviewer", "--revoke"),  # a role and --revoke
        ("--revoke", "--organization", "莆田商会党支部"),
        (),  # neither a role nor --revoke
    ],
)
def test_command_refusals_write_nothing(tree, staff, args):
    before = RoleAssignment.history.count(), list(RoleAssignment.objects.values_list("user_id", "role"))
    with pytest.raises(CommandError) as error:
        grant("staff", *args)
    assert str(error.value).strip()
    assert (RoleAssignment.history.count(), list(RoleAssignment.objects.values_list("user_id", "role"))) == before


def test_command_revoke_refuses_an_unknown_user_or_one_without_a_role(tree):
    with pytest.raises(CommandError):
        grant("nobody-of-that-name", "--revoke")
    User.objects.create_user("plain")
    with pytest.raises(CommandError):
        grant("plain", "--revoke")
    assert not RoleAssignment.history.filter(history_type="-").exists()


# --- the Django admin --------------------------------------------------------------------------------


def admin_url(name, *args):
    return reverse(f"admin:branches_roleassignment_{name}", args=args)


def test_admin_adds_a_role_through_the_service(client_for, admin, tree):
    newcomer = User.objects.create_user("newcomer")
    response = client_for(admin).post(
        admin_url("add"), {"user": newcomer.pk, "role": "secretary", "organization": tree["putian"].pk}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assignment = RoleAssignment.objects.get(user=newcomer)
    assert (assignment.role, assignment.organization) == ("secretary", tree["putian"])
    [record] = history_of("newcomer")
    assert (record.history_type, record.history_user) == ("+", admin)


def test_admin_change_records_the_admin(client_for, admin, secretary_a, tree):
    assignment = RoleAssignment.objects.get(user=secretary_a)
    response = client_for(admin).post(admin_url("change", assignment.pk), {"role": "reviewer", "organization": ""})
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert RoleAssignment.objects.get(user=secretary_a).role == "reviewer"
    changed = history_of("secretary_a")[-1]
    assert (changed.history_type, changed.role, changed.organization, changed.history_user) == (
        "~",
        "reviewer",
        None,
        admin,
    )


def test_admin_change_to_admin_gives_the_django_flags(client_for, admin, staff):
    assignment = RoleAssignment.objects.get(user=staff)
    client_for(admin).post(admin_url("change", assignment.pk), {"role": "admin", "organization": ""})
    staff.refresh_from_db()
    assert staff.is_superuser and staff.is_staff
    assert history_of("staff")[-1].history_user == admin


def test_admin_change_refuses_a_secretary_without_organization(client_for, admin, staff):
    assignment = RoleAssignment.objects.get(user=staff)
    response = client_for(admin).post(admin_url("change", assignment.pk), {"role": "secretary", "organization": ""})
    assert response.status_code == 200
    assert "organization" in response.context["adminform"].form.errors
    assert RoleAssignment.objects.get(user=staff).role == "staff"
    assert len(history_of("staff")) == 1


def test_admin_delete_revokes_through_the_service(client_for, admin, tree):
    chief, _ = services.role_grant(username="chief", role="admin", actor=admin)
    assignment = RoleAssignment.objects.get(user=chief)
    response = client_for(admin).post(admin_url("delete", assignment.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=chief).exists()
    revoked = history_of("chief")[-1]
    assert (revoked.history_type, revoked.role, revoked.history_user) == ("-", "admin", admin)
    chief.refresh_from_db()
    assert not chief.is_superuser and not chief.is_staff, "role_revoke, not a bare delete, drops the flags"


def test_admin_delete_selected_revokes_each_through_the_service(client_for, admin, staff, reviewer):
    selected = list(RoleAssignment.objects.filter(user__in=[staff, reviewer]).values_list("pk", flat=True))
    response = client_for(admin).post(
        admin_url("changelist"), {"action": "delete_selected", "_selected_action": selected, "post": "yes"}
    )
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk__in=selected).exists()
    for username in ("staff", "reviewer"):
        revoked = history_of(username)[-1]
        assert (revoked.history_type, revoked.history_user) == ("-", admin)


# --- the committee's /roles/ page ----------------------------------------------------------------------


def test_roles_page_shows_assignments_and_history_newest_first(client_for, admin, staff, secretary_a, tree):
    services.role_grant(username="secretary_a", role="secretary", organization=tree["putian"], actor=admin)
    services.role_revoke(user=secretary_a, actor=admin)
    response = client_for(staff).get(ROLES)
    assert response.status_code == 200
    assert {a.user.username for a in response.context["assignments"]} == {"admin", "staff"}
    newest, moved, granted = [c for c in response.context["changes"] if c.user == "secretary_a"]
    assert (newest.actor, newest.role_after, newest.organization_before) == ("admin", "", tree["putian"].name)
    assert (moved.actor, moved.organization_before, moved.organization_after) == (
        "admin",
        tree["fuzhou"].name,
        tree["putian"].name,
    )
    assert (granted.role_before, granted.organization_after) == ("", tree["fuzhou"].name)
    html = response.content.decode()
    assert 'id="role-history"' in html and tree["putian"].name in html


def test_roles_page_names_the_command_line_when_nobody_is_recorded(client_for, staff, tree):
    grant("lin", "reviewer")
    change = next(c for c in client_for(staff).get(ROLES).context["changes"] if c.user == "lin")
    assert change.actor and change.actor != "—"


def test_roles_page_is_for_the_committee_only(client_for, admin, secretary_a, reviewer):
    assert client_for(admin).get(ROLES).status_code == 200
    for user in (secretary_a, reviewer):
        assert client_for(user).get(ROLES).status_code == 403


def test_roles_page_is_read_only(client_for, staff):
    assert client_for(staff).post(ROLES).status_code == 405


def test_roles_page_paginates_and_makes_a_bounded_number_of_queries(
    client_for, admin, staff, tree, django_assert_max_num_queries
):
    for number in range(40):
        services.role_grant(username=f"user{number}", role="secretary", organization=tree["fuzhou_1"], actor=admin)
        services.role_grant(username=f"user{number}", role="secretary", organization=tree["fuzhou_2"], actor=admin)
    client = client_for(staff)
    client.get(ROLES)
    with django_assert_max_num_queries(10):
        response = client.get(ROLES)
    assert len(response.context["changes"]) == 50
    assert response.context["page"].paginator.count == 40 * 2 + 2  # and the grants of admin and staff
    with django_assert_max_num_queries(10):
        last = client.get(ROLES, {"page": 2})
    assert len(last.context["changes"]) == 32
