"""Every check-in, arrival and reconciliation route, crawled as each demo role and as a visitor
without an account: never a 500."""

import pytest

from tests import crawling

OURS = ("checkin", "arrival", "reconciliation")


@pytest.fixture
def planted(demo_db, django_user_model):
    crawling.plant_checkin(django_user_model.objects.get(username="staff"))


def test_no_route_of_ours_answers_a_500(planted, client, django_user_model):
    urls = [
        url for route in crawling.routes() if any(word in route.name for word in OURS) for url in crawling.urls(route)
    ]
    assert len(urls) >= 14
    for username in (None, "staff", "secretary", "reviewer"):
        client.logout()
        if username:
            client.force_login(django_user_model.objects.get(username=username))
        for url in urls:
            status = client.get(url, REMOTE_ADDR=f"192.0.2.{len(url) % 200}").status_code
            assert status < 500, (username, url, status)
            if username is None and not url.startswith(("/c/", "/a/")):
                assert status == 302, url  # to the login page
