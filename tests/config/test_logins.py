"""Logins: lockout after repeated failures (the user name from one address first, the user name from
every address only after many more), the lockout seen and lifted in the admin, the demo's published
passwords refused outside DEBUG, no password reset pages, the deployment check of the proxy count."""

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
    response = attempt(client, "staff", PASSWORD)  # the right password, from where the guesses came
    assert response.status_code == 429
    page = response.content.decode()
    assert "输错次数过多" in page and "锁定 30 分钟" in page and 'id="locked-out"' in page
    assert 'name="username"' in page and 'value="staff"' in page  # still the login page, name kept
    assert "_auth_user_id" not in client.session


def test_a_stranger_cannot_lock_a_user_out_nor_an_address_everyone_shares(client, staff, reviewer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "staff", "wrong-password", address="10.0.0.66")
    assert attempt(client, "staff", PASSWORD, address="10.0.0.66").status_code == 429
    assert attempt(client, "reviewer", PASSWORD, address="10.0.0.66").status_code == 302  # the address is not locked
    client.logout()
    response = attempt(client, "staff", PASSWORD, address="10.0.0.2")  # the user, from their own computer
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(staff.pk)


def test_the_user_name_is_locked_from_everywhere_after_many_more_failures(client, staff, settings):
    settings.REGISTRY_USERNAME_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT + 5
    addresses = [f"10.0.1.{number}" for number in range(settings.REGISTRY_USERNAME_FAILURE_LIMIT)]
    for address in addresses[:-1]:  # one guess from each address: no pair is near its limit
        assert attempt(client, "staff", "wrong-password", address=address).status_code == 200
    assert attempt(client, "staff", "wrong-password", address=addresses[-1]).status_code == 429
    assert attempt(client, "staff", PASSWORD, address="10.0.2.1").status_code == 429


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


@pytest.mark.parametrize(
    "path", ["/accounts/password_reset/", "/accounts/password_reset/done/", "/accounts/reset/MQ/x-y/"]
)
def test_there_are_no_password_reset_pages(client, path):
    """The committee office resets passwords (README): Django's reset-by-mail pages, open to anyone
    and unthrottled, are not served."""
    assert client.get(path).status_code == 404
    assert client.post(path, {"email": "a@example.org"}).status_code == 404


def test_check_deploy_warns_when_the_proxies_are_not_counted(settings):
    from django.core import checks

    from config.logins import check_proxy_count

    assert check_proxy_count in checks.registry.registry.get_checks(include_deployment_checks=True)
    settings.DEBUG, settings.HTTPS = False, True
    if hasattr(settings, "AXES_IPWARE_PROXY_COUNT"):
        del settings.AXES_IPWARE_PROXY_COUNT
    assert [warning.id for warning in check_proxy_count(None)] == ["registry.W001"]
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert check_proxy_count(None) == []
    settings.HTTPS = False  # `DEBUG=false make run` on plain http://127.0.0.1: no proxy in front
    del settings.AXES_IPWARE_PROXY_COUNT
    assert check_proxy_count(None) == []
