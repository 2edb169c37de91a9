"""Nothing a user can send answers 500: every route of the URLconf (tests/crawling.py), for every
role and for someone not logged in, is sent hostile query strings and form bodies.

The names sent are every field that a form or FilterSet on any page declares (found by opening
each page as committee staff) plus the names the views read themselves (`page`, `next`, ...).
A request gives every name a value: either each its own from HOSTILE, rotated so that across the
sweep each name meets every value, or all the same "shock" (the values that broke views before).
Deterministic, and sampled: the full cross product would be hundreds of thousands of requests.
A null character is refused by the middleware before any view reads it (400), so it has its own
sweep rather than spoiling every request it is mixed into. The heavy routes (crawling.HEAVY) read
nothing but their URL and are left to the other sweeps.
"""

import sys


import django_filters
import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldError
from django.core.signals import got_request_exception
from django.test import Client

from branches import access
from branches.models import Organization
from tests import crawling

HOSTILE = [
    "²",  # passes str.isdigit(), fails int()
    "0", "-1", "1.5", "99999", "99999999999999999999999", "-99999999999999999999999", "1e309",
    "9999-99-99", "2026-13-45", "0000-00-00", "", " ", "%", "%%", "_", "'; drop table registry_member; --",
    "../../etc/passwd", "😀", "x" * 1000, "１２", "١٢", "<script>alert(1)</script>", "true", "null",
    ["1", "²"],  # a list where one value is expected
]
NULL = "a\x00b"

# Names that views read without a form, or that a list takes besides its FilterSet's.
GENERIC = [
    "page", "per_page", "back", "below", "gap_page", "q", "next", "organization", "chamber", "enterprise", "member",
    "parent", "organizer",
    "year", "issued_year", "dues_year", "month", "half", "quarter", "days", "kind", "state", "status", "category",
    "level", "figure", "six_knowns", "missing", "covered", "coverage", "occasion", "step", "sort", "skip_invalid",
    "lost", "active", "id", "pk",
]

# The values that broke views before (a number beyond 64 bits, a digit int() refuses, a list where
# one value is expected): each staff request to a route gives one of them to every name at once.
SHOCKS = ["99999999999999999999999", "²", ["1", "99999999999999999999999"]]

ROLES = ["admin", "staff", "secretary", "reviewer", None]
# Turns per URL and method: "mixed" gives every name a different value of HOSTILE; a shock gives
# every name the same one. Staff posts every shock (forms are where posted ids are read); the other
# roles reach the same views with one turn each, the shocks spread among them, and the admin, whose
# pages are the staff's, only reads. About 2,000 requests per database, most of them cheap (405,
# 403, a redirect to the login), within the suite's time budget.
TURNS = {
    "staff": {"get": ["mixed"], "post": ["mixed", *SHOCKS]},
    "secretary": {"get": [SHOCKS[0]], "post": [SHOCKS[0]]},
    "reviewer": {"get": [SHOCKS[1]], "post": ["mixed"]},
    "admin": {"get": [SHOCKS[2]], "post": []},
    None: {"get": ["mixed"], "post": ["mixed"]},
}
# A route filled in many ways (every import kind, every step) is tried in two of them.
URLS_PER_ROUTE = 2

_names: list[str] = []  # the form fields of every page: they depend on the code only, found once


def _form_names(value) -> set[str]:
    if isinstance(value, django_filters.FilterSet):
        value = value.form
    if isinstance(value, forms.BaseFormSet):
        return {name for form in [value.management_form, *value.forms] for name in _form_names(form)}
    if isinstance(value, forms.BaseForm):
        return {value.add_prefix(name) for name in value.fields}
    return set()


def _names_on(response) -> set[str]:
    found = set()
    for context in response.context or []:
        for value in (context.flatten() if hasattr(context, "flatten") else dict(context)).values():
            items = value if isinstance(value, (list, tuple)) else [value]
            for item in items:
                found |= _form_names(item)
                found |= _form_names(getattr(item, "form", None))
    return found


def field_names(client: Client, urls) -> list[str]:
    if not _names:
        found = set(GENERIC)
        for route, url in urls:
            if not route.is_download:
                found |= _names_on(client.get(url))
        found.discard("csrfmiddlewaretoken")
        _names.extend(sorted(found))
    return _names


def hostile(names: list[str], turn, seed: int) -> dict:
    """Every name with a value: the shock `turn` for all, or (turn "mixed") each name its own value
    of HOSTILE, shifted by `seed` so that across the routes each name meets every value."""
    if turn != "mixed":
        return dict.fromkeys(names, turn)
    return {name: HOSTILE[(seed + 7 * index) % len(HOSTILE)] for index, name in enumerate(names)}


def in_scope(user):
    """A chooser for crawling.urls: the first row the user may see, so a secretary's requests reach
    the views rather than their 404."""
    visible = access.visible_organizations(user)

    def pick(rows):
        if rows.model is Organization:
            return rows.filter(pk__in=visible).order_by("pk").first()
        for lookup in ("organization", "member__organization", "organizer", "candidate__organization"):
            try:
                row = rows.filter(**{f"{lookup}__in": visible}).order_by("pk").first()
            except FieldError:
                continue
            if row is not None:
                return row
        return rows.order_by("pk").first()

    return pick


@pytest.fixture
def failures():
    """The exceptions the views raised (the test client is told not to re-raise them)."""
    raised = []

    def record(sender, request, **kwargs):
        raised.append(f"{request.method} {request.get_full_path()[:120]}: {sys.exc_info()[1]!r}"[:400])

    got_request_exception.connect(record)
    yield raised
    got_request_exception.disconnect(record)


@pytest.mark.parametrize("role", ROLES, ids=[role or "anonymous" for role in ROLES])
def test_no_hostile_request_answers_500(demo_db, role, failures):
    staff = get_user_model().objects.get(username="staff")
    crawling.plant_import_run(staff)
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    names = field_names(client, crawling.all_urls())
    user = get_user_model().objects.get(username=role) if role else None
    crawled = crawling.all_urls(in_scope(user)) if role == "secretary" else crawling.all_urls()
    urls = [(route, url) for route, url in crawled if not route.heavy]  # heavy: no query to read
    urls = [(route, url) for number, (route, url) in enumerate(urls)
            if [each for each, _url in urls[:number]].count(route) < URLS_PER_ROUTE]
    if user is not None:
        client.force_login(user)
    else:
        client.logout()
    answered_500 = []
    for method in ("get", "post"):  # every GET before any POST changes things
        for number, (route, url) in enumerate(urls):
            turns = TURNS[role][method]
            if route.is_download:
                turns = turns[:1]  # a file: its arguments are in the URL, once is enough
            for turn in turns:
                response = getattr(client, method)(url, hostile(names, turn, number))
                if response.status_code >= 500:
                    answered_500.append(f"{method.upper()} {url} {turn!r:.30}: {response.status_code}")
                if response.status_code == 405:
                    break  # the route does not take this method: the other values would not reach it
                if route.name == "logout" and user is not None:
                    client.force_login(user)
    assert not answered_500 and not failures, "\n".join(answered_500 + failures)


def test_a_null_character_anywhere_is_refused_in_words(demo_db, failures):
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="staff"))
    answers = set()
    for route, url in crawling.all_urls():
        if route.heavy:
            continue
        answers.add(client.get(url, {"q": NULL, "organization": "1"}).status_code)
        answers.add(client.post(url, {"name": NULL}).status_code)
    page = client.get("/", {"q": NULL})
    assert answers == {400} and not failures
    assert "空字符" in page.content.decode()
