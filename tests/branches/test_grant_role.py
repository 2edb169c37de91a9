"""`manage.py grant_role`: roles through the service, refusals that write nothing."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from branches import access
from branches.models import RoleAssignment
from tests.conftest import PASSWORD

User = get_user_model()


def login_request():
    """authenticate() is given the request, as the login view does (axes counts attempts per address)."""
    return RequestFactory().post("/accounts/login/")


def grant(*args) -> str:
    out = StringIO()
    call_command("grant_role", *args, stdout=out)
    return out.getvalue()


def test_creates_a_secretary_bound_to_an_organization(tree):
    output = grant("lin", "secretary", "--organization", tree["fuzhou"].name)
    user = User.objects.get(username="lin")
    assert user.role_assignments.get().role == "secretary"
    assert user.role_assignments.get().organization == tree["fuzhou"]
    assert set(access.visible_organizations(user)) == {tree["fuzhou"], tree["fuzhou_1"], tree["fuzhou_2"]}
    assert not user.is_staff and not user.is_superuser
    assert "lin" in output


def test_granting_again_replaces_the_role(tree, secretary_a):
    grant("secretary_a", "staff")
    assignments = RoleAssignment.objects.filter(user__username="secretary_a")
    assert [(a.role, a.organization) for a in assignments] == [("staff", None)]
    assert User.objects.filter(username="secretary_a").count() == 1


def test_staff_and_reviewers_are_bound_to_their_committee(tree):
    """Issue 27 §1: staff of one committee see and change its subtree only; a reviewer, sees it."""
    output = grant("wang", "staff", "--organization", tree["fuzhou"].name)
    grant("chen", "reviewer", "--organization", tree["fuzhou"].name)
    subtree = {tree["fuzhou"], tree["fuzhou_1"], tree["fuzhou_2"]}
    for username in ("wang", "chen"):
        user = User.objects.get(username=username)
        assert set(access.visible_organizations(user)) == subtree
        assert access.sees_everything(user) and not access.sees_whole_registry(user)
    wang, chen = User.objects.get(username="wang"), User.objects.get(username="chen")
    assert access.may_change_organization(wang, tree["fuzhou_1"])
    assert not access.may_change_organization(wang, tree["putian"])
    assert not access.may_change_organization(wang, str(tree["putian"].pk))
    assert not access.may_change_organization(chen, tree["fuzhou_1"])
    assert tree["fuzhou"].name in output


def test_add_keeps_the_roles_held_and_revoke_with_a_role_takes_that_one(tree, secretary_a):
    """Issue 27 §2: several roles per person, each grant and revocation in the history."""
    grant("secretary_a", "staff", "--organization", tree["committee"].name, "--add")
    held = RoleAssignment.objects.filter(user=secretary_a).order_by("pk")
    assert [(a.role, a.organization) for a in held] == [("secretary", tree["fuzhou"]), ("staff", tree["committee"])]
    grant("secretary_a", "staff", "--organization", tree["committee"].name, "--add")  # held already: nothing new
    assert held.all().count() == 2
    grant("secretary_a", "secretary", "--organization", tree["fuzhou"].name, "--revoke")
    assert [(a.role, a.organization) for a in held.all()] == [("staff", tree["committee"])]
    history = RoleAssignment.history.filter(user=secretary_a).order_by("history_id")
    assert [row.history_type for row in history] == ["+", "+", "-"]
    assert history.last().history_change_reason == "command line"


def test_a_secretary_can_be_moved_to_another_organization(tree, secretary_a):
    grant("secretary_a", "secretary", "--organization", tree["putian"].name)
    assert RoleAssignment.objects.get(user=secretary_a).organization == tree["putian"]


def test_admin_gets_the_superuser_flags_and_loses_them_with_another_role(tree):
    grant("chief", "admin")
    chief = User.objects.get(username="chief")
    assert chief.is_superuser and chief.is_staff
    grant("chief", "reviewer")
    chief.refresh_from_db()
    assert not chief.is_superuser and not chief.is_staff
    assert chief.role_assignments.get().role == "reviewer"


def test_password_sets_a_usable_password(tree):
    grant("wu", "reviewer", "--password", "a-long-demo-password-7")
    assert authenticate(login_request(), username="wu", password="a-long-demo-password-7") == User.objects.get(
        username="wu"
    )


@pytest.mark.parametrize("password", ["x", "12345678901", "password123"])
def test_a_weak_password_is_refused_in_chinese_and_nothing_written(tree, password):
    with pytest.raises(CommandError) as error:
        grant("wu", "reviewer", "--password", password)
    assert "密码" in str(error.value) and "--password" in str(error.value)
    assert not User.objects.filter(username="wu").exists()


def test_without_password_a_new_user_cannot_log_in_and_an_old_password_is_kept(tree, staff):
    grant("zhao", "staff")
    assert not User.objects.get(username="zhao").has_usable_password()
    grant("staff", "reviewer")
    assert authenticate(login_request(), username="staff", password=PASSWORD) == staff


@pytest.mark.parametrize(
    "args",
    [
        ("boss",),  # unknown role
        ("secretary",),  # secretary without organization
        ("secretary", "--organization", "不存在的党支部"),  # unknown organization
        ("admin", "--organization", "福州商会党总支"),  # organization for a role that has none
        ("staff", "--organization", "不存在的党委"),  # unknown committee
        ("secretary", "--organization", "福州商会"),  # a chamber's name is not an organization's
    ],
)
def test_bad_input_is_refused_and_nothing_written(tree, secretary_a, args):
    users, assignments = (
        User.objects.count(),
        list(RoleAssignment.objects.values_list("user_id", "role", "organization_id")),
    )
    for username in ("newcomer", "secretary_a"):
        with pytest.raises(CommandError) as error:
            grant(username, *args)
        assert str(error.value).strip()
    assert User.objects.count() == users
    assert not User.objects.filter(username="newcomer").exists()
    assert list(RoleAssignment.objects.values_list("user_id", "role", "organization_id")) == assignments


def test_a_bad_username_is_refused(tree):
    with pytest.raises(CommandError):
        grant("has space", "staff")
    assert not User.objects.filter(username="has space").exists()


def test_role_is_read_case_insensitively(tree):
    grant("qian", "Reviewer")
    assert User.objects.get(username="qian").role_assignments.get().role == "reviewer"


def test_refusal_from_the_command_line_exits_non_zero_without_a_traceback():
    """An unknown role is refused before the database is touched, so this runs as a real process."""
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "manage.py", "grant_role", "someone", "boss"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "boss" in result.stderr
    assert "Traceback" not in result.stderr
