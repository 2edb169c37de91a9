"""Read-only roles write nothing (issue 20 §7, branches/readonly.py): the reviewer POSTs to every
route of the app (tests/crawling.py) and each is refused with 403 before its view runs; no row of
any table is created, changed or deleted (a reviewer could start a print batch by POSTing to a
letters PDF)."""

from django.apps import apps
from django.urls import reverse

from tests import crawling

# What a read-only login may still post: its own session, password, language and role in force
# (one of its own roles: tests/branches/test_several_roles.py).
OWN = {"logout", "password_change", "set_language", "branches:role_choose"}
# Rows a request may write whoever sends it: sessions, the log of logins, the open pages' counter.
BOOKKEEPING = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def row_counts() -> dict:
    return {
        model._meta.label_lower: model.objects.count()
        for model in apps.get_models()
        if model._meta.label_lower not in BOOKKEEPING and not model._meta.proxy
    }


def test_the_reviewer_posts_to_every_route_and_nothing_is_written(
    demo_db, client, django_user_model, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    staff = django_user_model.objects.get(username="staff")
    crawling.plant_letter_batch(staff)
    client.force_login(django_user_model.objects.get(username="reviewer"))
    targets = [url for route, url in crawling.all_urls() if not route.is_open and route.name not in OWN]
    before = row_counts()  # after the crawler's own rows (a live check-in link to fill /c/<token>/)
    answered = {url: client.post(url, {"confirm": "1", "note": "x"}).status_code for url in targets}
    assert answered and {url: code for url, code in answered.items() if code != 403} == {}
    assert row_counts() == before
    # Theirs remain: choosing the language, and the pages they read.
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302
    assert client.get(reverse("registry:member_list")).status_code == 200


def test_a_secretary_still_posts(demo_db, client, django_user_model):
    client.force_login(django_user_model.objects.get(username="secretary"))
    response = client.post(reverse("registry:import_new"), {"kind": "members"})
    assert response.status_code == 200  # the form again, saying what is missing: not refused
