"""The crawler the sweeps stand on reaches every route of the app, with arguments that resolve."""

import pytest
from django.urls import resolve

from tests import crawling


@pytest.fixture
def crawled(demo_db, django_user_model, settings, tmp_path):
    staff = django_user_model.objects.get(username="staff")
    settings.MEDIA_ROOT = tmp_path
    crawling.plant_checkin(staff)
    crawling.plant_attachment(staff)
    run = crawling.plant_import_run(staff)
    run.refresh_from_db()
    assert run.state == run.State.PREVIEW
    assert run.counts == {"rows": 3, "new": 1, "updated": 1, "unchanged": 0, "invalid": 1}
    crawling.plant_letter_batch(staff)
    crawling.plant_send_back(staff)
    assert crawling.plant_export_job(staff).state == "done"
    return {route: crawling.urls(route) for route in crawling.routes()}


def test_every_route_with_arguments_is_filled_from_the_demo(crawled):
    unfilled = [route.name for route, urls in crawled.items() if not urls]
    assert unfilled == []


def test_every_url_resolves_to_its_own_route(crawled):
    wrong = [
        (route.name, url)
        for route, urls in crawled.items()
        for url in urls
        if f"{resolve(url.split('?')[0]).namespace}:{resolve(url.split('?')[0]).url_name}".lstrip(":") != route.name
    ]
    assert wrong == []


def test_string_arguments_take_every_choice(crawled):
    by_name = {route.name: urls for route, urls in crawled.items()}
    from registry.imports.kinds import uploadable_kinds

    assert len(by_name["registry:import_template"]) == len(uploadable_kinds())
    assert len(by_name["registry:event_record"]) > 1


def test_a_chooser_that_finds_nothing_leaves_the_route_out(demo_db):
    route = next(route for route in crawling.routes() if route.name == "registry:member_detail")
    assert crawling.urls(route, pick=lambda rows: rows.none().first()) == []
    assert crawling.urls(route) != []


def test_admin_urls_cover_every_registered_model(demo_db):
    from django.contrib import admin

    found = crawling.admin_urls()
    assert len(found) >= 2 * len(admin.site._registry)
    assert all(url.startswith("/admin/") for url in found)


def test_an_unknown_argument_is_refused_loudly():
    route = crawling.Route("nowhere", "nowhere/<str:mystery>/", lambda request: None, ("mystery",))
    with pytest.raises(LookupError):
        crawling.urls(route)


def test_the_open_pages_are_known_as_such():
    open_routes = {route.name for route in crawling.routes() if route.is_open}
    assert open_routes and all(
        not route.is_open for route in crawling.routes() if route.name.startswith("registry:member")
    )
