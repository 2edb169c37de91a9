"""Logins: lockout after repeated failures (per user name and per address), the lockout seen and
lifted in the admin, the demo's published passwords refused outside DEBUG."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.test import RequestFactory, override_settings
from django.urls import reverse

from fixtures.demo import DEMO_LOGINS
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_ten_wrong_passwords_lock_the_user_and_the_right_one_is_then_refused(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "staff", "wrong-password")
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.content.decode()
    response = attempt(client, "staff", "wrong-password")
    assert response.status_code == 429
    response = attempt(client, "staff", PASSWORD, address="10.0.0.2")  # another computer: the user is locked
    assert response.status_code == 429
    page = response.content.decode()
    assert "输错次数过多" in page and "锁定 30 分钟" in page and 'id="locked-out"' in page
    assert 'name="username"' in page and 'value="staff"' in page  # still the login page, name kept
    assert "_auth_user_id" not in client.session


def test_ten_failures_from_one_address_lock_that_address_for_every_user(client, staff, reviewer, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"guess{number}", "wrong-password", address="10.0.0.9")
    assert attempt(client, "reviewer", PASSWORD, address="10.0.0.9").status_code == 429
    response = attempt(client, "reviewer", PASSWORD, address="10.0.0.10")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(reviewer.pk)


def test_a_right_password_before_the_limit_logs_in_and_clears_the_count(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "staff", "wrong-password")
    assert attempt(client, "staff", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="staff").exists()


def test_the_admin_sees_the_lockout_and_lifts_it(client, staff, admin, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "staff", "wrong-password")
    lockout = AccessAttempt.objects.get(username="staff")
    client.force_login(admin)
    listing = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "staff" in listing.content.decode()
    client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [lockout.pk],
            "post": "yes",
        },
    )
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert attempt(client, "staff", PASSWORD).status_code == 302


@pytest.mark.parametrize("debug", [False, True])
def test_the_published_demo_passwords_work_only_with_debug_on(tree, debug):
    from branches import services

    login = DEMO_LOGINS[1]
    with override_settings(DEBUG=True):  # set as seed_demo --with-users does
        services.role_grant(username=login.username, role=login.role, password=login.password)
    with override_settings(DEBUG=debug):
        user = authenticate(RequestFactory().post(LOGIN), username=login.username, password=login.password)
    assert (user is not None) is debug


def test_the_demo_passwords_pass_the_password_validators():
    from django.contrib.auth import password_validation
    from django.contrib.auth.models import User

    for login in DEMO_LOGINS:
        password_validation.validate_password(login.password, User(username=login.username))
