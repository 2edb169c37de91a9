"""Nothing a user can send answers 500: every route of the URLconf (tests/crawling.py), for every
role and for someone not logged in, is sent hostile query strings and form bodies.

Query strings. The names sent are those the code reads (tests/query_names.py: the filters of every
FilterSet, the fields of every form bound to a query string, every `request.GET.get("x")` or
`params.get("x")`), not a list kept by hand. Each page is first opened with every one of them
given a harmless value while the names it reads are recorded (`names_read`); then each name it
read is sent alone with each of VALUES (shared out among the roles: `values_for`; a download, whose
filter is its list's, one value from each role). Alone, because a
filter form with one invalid field lists nothing and never uses the others: `?year=-1` sent next
to an invalid `?organization=` never reached the `date__year` lookup that failed on it (a 500 on
/movements/ for every role).

Form bodies. Every name a page's forms declare (found by opening each page as committee staff)
and every query-string name are posted at once: either each its own value of HOSTILE, rotated so
that across the sweep each name meets every value, or all the same "shock" (the values that broke
views before). Deterministic, and sampled: the full cross product would be hundreds of thousands
of requests. A field a form repeats for each row it lists (the dues sheet's amount of each member)
is posted in full to the page showing it, and two of its kind to every other route (ROW_SAMPLE).

A null character is refused by the middleware before any view reads it (400), so it has its own
sweep rather than spoiling every request it is mixed into. The heavy routes (crawling.HEAVY) read
nothing but their URL and are left to the other sweeps.
"""

import re
import sys
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import django_filters
import pytest
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldError
from django.http import QueryDict
from django.http import request as http_request
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import datastructures

from branches import access
from branches.filtering import PRESENTATION
from branches.models import Organization
from config import middleware as config_middleware
from tests import crawling, query_names

# What each name a page reads is sent, one at a time: numbers a year, an id or a page cannot be
# (0, -1, 1e9), digits int() reads but a database may not (full-width; `²`, which passes
# str.isdigit() and fails int()), a date that does not exist, markup in a value longer than any
# field, and a list where one value is expected — whose last value is a number beyond 64 bits, what
# `get()` reads (QueryDict gives the last), so it stands for that number alone too.
VALUES = [
    "0",
    "-1",
    "1e9",
    "２０２６",
    "²",
    "2026-02-30",
    "<script>alert(1)</script>" + "x" * 2000,
    ["1", "9" * 25],
]
# What every name is given while a page's reads are recorded: what a blank filter form sends, so
# that the form is valid and what is read after it (the column to sort by) is read too.
HARMLESS = ""
# The logged-in roles share VALUES out: on each page, each name a filter or a view reads meets
# every value across the four roles (each sends its share, turning from one page to the next), and
# every role meets every page. How a list is shown (page, per_page, sort: branches.filtering.
# PRESENTATION, read by one function whatever the list) gets one value from each role on each
# page, turning, so that across the lists each meets every value; the three go in one query string
# (`queries`). Someone not logged in reads few names (the login's `next`, the open pages) and sends
# them every value.
SHARING = ["staff", "secretary", "reviewer", "admin"]


def values_for(role, name: str, turn: int, download: bool = False) -> list:
    """What `role` sends as `name` on the `turn`th (page, name) of its sweep. A download (a list's
    workbook or PDF) gets one value a name from each role, turning: its filter is its list's, the
    same FilterSet, which meets every value on the list's page; what is the download's own (the
    empty workbook of a filter that refuses its value) needs no more."""
    if role not in SHARING:
        return VALUES
    shift = turn + SHARING.index(role)
    if name in PRESENTATION or download:
        return [VALUES[shift % len(VALUES)]]
    return [value for index, value in enumerate(VALUES) if (index + shift) % len(SHARING) == 0]


def queries(role, names, turn: int, download: bool = False) -> tuple[list[dict], int]:
    """The query strings `role` sends to a page that reads `names`, the page being the one after
    the `turn`th (page, name) of its sweep; and the turn after it. Each name alone, with each of its
    values (`values_for`), except the three of PRESENTATION: the column to sort by, the page size
    and the page are read by one function whatever the list, each whatever the others hold (an
    unknown column sorts nothing, a page size not offered is the registry's, the page is looked for
    in what they leave), so their values go together, the first of each in one query string, the
    second in the next. The sweep checks that the page read each of them (else sends it alone)."""
    alone, together = [], {}
    for name in names:
        values = values_for(role, name, turn, download)
        turn += 1
        if name in PRESENTATION:
            together[name] = values
        else:
            alone.extend({name: value} for value in values)
    rounds = max((len(values) for values in together.values()), default=0)
    return alone + [
        {name: values[number] for name, values in together.items() if number < len(values)} for number in range(rounds)
    ], turn


HOSTILE = [
    "²",  # passes str.isdigit(), fails int()
    "0",
    "-1",
    "1.5",
    "99999",
    "99999999999999999999999",
    "-99999999999999999999999",
    "1e309",
    "9999-99-99",
    "2026-13-45",
    "0000-00-00",
    "",
    " ",
    "%",
    "%%",
    "_",
    "'; drop table registry_member; --",
    "../../etc/passwd",
    "😀",
    "x" * 1000,
    "１２",
    "١٢",
    "<script>alert(1)</script>",
    "true",
    "null",
    ["1", "²"],  # a list where one value is expected
]
NULL = "a\x00b"

# The values that broke views before (a number beyond 64 bits, a digit int() refuses, a list where
# one value is expected): each staff post to a route gives one of them to every name at once.
SHOCKS = ["99999999999999999999999", "²", ["1", "99999999999999999999999"]]

ROLES = ["admin", "staff", "secretary", "reviewer", None]
ROLE_IDS = [role or "anonymous" for role in ROLES]
# Posts per URL: "mixed" gives every name a different value of HOSTILE; a shock gives every name
# the same one. Staff posts every shock (forms are where posted ids are read); the other roles
# reach the same views with one turn each; the admin, whose pages are the staff's, posts nothing.
POSTS = {"staff": ["mixed", *SHOCKS], "secretary": [SHOCKS[0]], "reviewer": ["mixed"], "admin": [], None: ["mixed"]}
# A route filled in many ways (every import kind, every step) is tried in two of them.
URLS_PER_ROUTE = 2
# Fields one per row (the dues sheet's `amount_17`, `note_17` for each of the committee's 414
# members) are posted in full to the page showing them; any other route gets this many of each
# family, the same kind of field with the same values: 800 fields more in every form body cost
# each post its parsing (a fifth of a second) and reach no other view.
ROW_SAMPLE = 2


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


def row_families(names) -> dict[str, int]:
    """The names of each family of more than ROW_SAMPLE names differing only in their numbers
    (`amount_3`, `amount_8`, ...: a field per row), each with its place in the family by number."""
    families: dict[str, list[str]] = {}
    for name in names:
        families.setdefault(re.sub(r"[0-9]+", "#", name), []).append(name)
    return {
        name: place
        for family in families.values()
        if len(family) > ROW_SAMPLE
        for place, name in enumerate(sorted(family, key=lambda each: [int(n) for n in re.findall(r"[0-9]+", each)]))
    }


def hostile(names: list[str], turn, seed: int) -> dict:
    """Every name with a value: the shock `turn` for all, or (turn "mixed") each name its own value
    of HOSTILE, shifted by `seed` so that across the routes each name meets every value."""
    if turn != "mixed":
        return dict.fromkeys(names, turn)
    return {name: HOSTILE[(seed + 7 * index) % len(HOSTILE)] for index, name in enumerate(names)}


# Where QueryDict looks its own keys up (building itself, copying itself): not a read.
QUERYDICT_MODULES = (str(Path(datastructures.__file__)), str(Path(http_request.__file__)))
# Where the project's middleware reads a name on every request, whatever the page (the search
# throttle's `q`): one code path, not a read of the page's. Recorded as the page's, it had every
# page read `q` and be sent each value of it (a quarter of the sweep's requests, 135 pages reading
# nothing else); the middleware still meets every value on each list that searches by `q`.
NOT_A_PAGES_READ = (*QUERYDICT_MODULES, str(Path(config_middleware.__file__)))


@contextmanager
def recording_reads():
    """The keys read from any query string (QueryDict: get, getlist, [], in) while inside."""
    read: set[str] = set()

    def recording(method):
        def record(self, key, *args, **kwargs):
            if sys._getframe(1).f_code.co_filename not in NOT_A_PAGES_READ:
                read.add(key)
            return method(self, key, *args, **kwargs)

        return record

    with pytest.MonkeyPatch.context() as patch:
        for name in ("get", "getlist", "__getitem__", "__contains__"):
            patch.setattr(QueryDict, name, recording(getattr(QueryDict, name)))
        yield read


def names_read(client: Client, url: str, names: list[str]):
    """(response, the names of `names` that the page at `url` reads) with every one of them given."""
    with recording_reads() as read:
        response = client.get(url, dict.fromkeys(names, HARMLESS))
    return response, sorted(read & set(names))


@dataclass
class Pages:
    """What the pages are, found once by opening each as committee staff (who may open every one)
    with every name of query_names given: they depend on the code, not on the role."""

    reads: dict[str, list[str]] = field(default_factory=dict)  # route name → the names its page reads
    fields: list[str] = field(default_factory=list)  # what a form body may hold: every form's fields, every query name
    declared: dict[str, set[str]] = field(default_factory=dict)  # route name → the fields of its own page's forms
    in_family: dict[str, int] = field(default_factory=dict)  # a row's field → its place among its like (row_families)
    failed: list[str] = field(default_factory=list)  # the pages that answered 500 meanwhile

    def posted(self, route: crawling.Route) -> list[str]:
        """The names a form body posted to `route` holds: every name, except that of a family of
        fields one per row (row_families) a route whose page does not show them gets ROW_SAMPLE.
        The page showing them gets them all."""
        own = self.declared.get(route.name, set())
        return [name for name in self.fields if name in own or self.in_family.get(name, 0) < ROW_SAMPLE]


_pages = Pages()


def pages(failures: list[str]) -> Pages:
    """The pages (Pages), crawled by the first test that asks. A role that may not open a page is
    refused before its view reads anything (`refused`), so staff's reads stand for every role's."""
    if not _pages.reads:
        client, names = client_as(user_named("staff")), query_names.names()
        fields = set(names)
        for route, url in crawled(None):
            response, read = names_read(client, url, names)
            _pages.reads[route.name] = sorted(set(_pages.reads.get(route.name, [])) | set(read))
            declared = _names_on(response)
            _pages.declared.setdefault(route.name, set()).update(declared)
            fields |= declared
            if response.status_code >= 500:
                _pages.failed.append(f"GET {url} (every name {HARMLESS!r}): {response.status_code}")
        fields.discard("csrfmiddlewaretoken")
        _pages.fields[:] = sorted(fields)
        _pages.in_family.update(row_families(fields))
        _pages.failed.extend(failures)
    return _pages


def refused(response) -> bool:
    """The page is not open to the role (forbidden, not a GET page, or the login asked for first)."""
    return response.status_code in (403, 405) or (
        response.status_code == 302 and response.url.startswith(resolve_url(settings.LOGIN_URL))
    )


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


def crawled(user) -> list[tuple[crawling.Route, str]]:
    """The URLs to sweep as `user` (None: as the committee): every route (two ways of filling one at
    most), heavy ones apart; a secretary's filled with what the secretary may see."""
    found = (
        crawling.all_urls(in_scope(user)) if user is not None and not access.is_committee(user) else crawling.all_urls()
    )
    found = [(route, url) for route, url in found if not route.heavy]  # heavy: no query to read
    return [
        (route, url)
        for number, (route, url) in enumerate(found)
        if [each for each, _url in found[:number]].count(route) < URLS_PER_ROUTE
    ]


def client_as(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def user_named(role):
    return get_user_model().objects.get(username=role) if role else None


@pytest.mark.parametrize("role", ROLES, ids=ROLE_IDS)
def test_no_hostile_query_string_answers_500(demo_db, role, failures, settings):
    # One user sends hundreds of searches here: past the limit (tests/registry/members/
    # test_masked_recovery.py tests it) the pages would answer 429 before their views read anything.
    settings.REGISTRY_SEARCH_LIMIT = 1_000_000
    crawling.plant_import_run(user_named("staff"))
    crawling.plant_export_job(user_named("staff"))
    found = pages(failures)
    reads, answered_500 = found.reads, list(found.failed)
    user = user_named(role)
    client = client_as(user)
    turn = 0
    for route, url in crawled(user):
        sent, turn = queries(role, reads.get(route.name, ()), turn, route.is_download)
        while sent:
            query = sent.pop(0)
            with recording_reads() if len(query) > 1 else nullcontext(set()) as read:
                response = client.get(url, query)
            if response.status_code >= 500:
                shown = "&".join(f"{name}={str(value)[:30]}" for name, value in query.items())
                answered_500.append(f"GET {url}?{shown}: {response.status_code}")
            if refused(response):
                break  # the role may not open the page: no other name reaches its view either
            if len(query) > 1:  # sent together: any the page did not read goes alone
                sent[:0] = [{name: value} for name, value in query.items() if name not in read]
    assert turn, "no page read any name: the sweep tried nothing"
    assert not answered_500 and not failures, "\n".join(answered_500 + failures)


POSTING = [role for role in ROLES if POSTS[role]]


@pytest.mark.parametrize("role", POSTING, ids=[role or "anonymous" for role in POSTING])
def test_no_hostile_form_answers_500(demo_db, role, failures):
    crawling.plant_import_run(user_named("staff"))
    crawling.plant_export_job(user_named("staff"))
    found = pages(failures)
    names, answered_500 = found.fields, list(found.failed)
    user = user_named(role)
    client = client_as(user)
    for number, (route, url) in enumerate(crawled(user)):
        turns = POSTS[role][:1] if route.is_download else POSTS[role]  # a file: its arguments are in the URL
        posted = found.posted(route)
        for turn in turns:
            body = hostile(names, turn, number)  # each name its value as in a body of every name
            response = client.post(url, {name: body[name] for name in posted})
            if response.status_code >= 500:
                answered_500.append(f"POST {url} {turn!r:.30}: {response.status_code}")
            if response.status_code == 405:
                break  # the route does not take posts: the other values would not reach it
            if route.name == "logout" and user is not None:
                client.force_login(user)
    assert not answered_500 and not failures, "\n".join(answered_500 + failures)


def test_sort_page_size_and_page_go_together_each_with_the_values_it_had_alone():
    names = ["organization", "page", "per_page", "sort", "year"]
    for role in ROLES:
        sent, turn = queries(role, names, 7)
        assert turn == 7 + len(names)
        alone = [query for query in sent if not set(query) & PRESENTATION]
        assert alone == [
            {name: value}
            for offset, name in enumerate(names)
            if name not in PRESENTATION
            for value in values_for(role, name, 7 + offset)
        ]
        together = [query for query in sent if set(query) & PRESENTATION]
        assert all(set(query) <= PRESENTATION for query in together)
        assert len(sent) == len(alone) + len(together) and set(together[0]) == PRESENTATION
        for offset, name in enumerate(names):
            if name in PRESENTATION:
                assert [query[name] for query in together if name in query] == values_for(role, name, 7 + offset)


def test_a_field_per_row_is_posted_whole_to_its_page_and_two_of_its_kind_elsewhere():
    """What the form sweep posts where: every name to every route, a family of fields one per row
    (the dues sheet's) whole to the page showing it only; two fields of a form that differ by a
    digit (new_password1, new_password2) are no such family."""
    rows = ["amount_3", "amount_12", "amount_40", "note_3", "note_12", "note_40"]
    names = sorted([*rows, "new_password1", "new_password2", "year", "q"])
    found = Pages(fields=names, declared={"registry:dues_sheet": set(rows)}, in_family=row_families(names))
    sheet = crawling.Route("registry:dues_sheet", "dues/sheet/<int:pk>/", callback=None, arguments=("pk",))
    other = crawling.Route("registry:member_edit", "members/<int:pk>/edit/", callback=None, arguments=("pk",))
    assert found.posted(sheet) == names
    assert found.posted(other) == sorted(set(names) - {"amount_40", "note_40"})
    assert hostile(names, "mixed", 5)["amount_3"] == HOSTILE[(5 + 7 * names.index("amount_3")) % len(HOSTILE)]


def test_the_sweep_knows_what_the_pages_read(demo_db):
    """The names come from the code, and a page's reads are recorded: were either to find nothing,
    the sweep would send nothing and pass. The names below are read by the pages named."""
    names = query_names.names()
    assert {
        "year",
        "dues_year",
        "month",
        "quarter",
        "days",
        "organization",
        "q",
        "page",
        "per_page",
        "sort",
        "next",
        "back",
        "level",
        "missing",
        "figure",
        "kind",
    } <= set(names)
    client = client_as(user_named("staff"))
    for route, expected in [
        ("registry:movement_list", {"year", "kind", "organization", "q", "page", "per_page", "sort"}),
        ("registry:movement_export", {"year", "kind", "organization", "q", "sort"}),
        ("registry:former_member_list", {"year", "left_as", "organization", "q", "page", "sort"}),
        ("registry:discipline_list", {"year", "kind", "breach", "organization", "q", "page", "sort"}),
        ("registry:lost_contact_list", {"outcome", "reason", "organization", "q", "page", "sort"}),
        ("registry:balance", {"year"}),
        ("registry:dues_overview", {"year"}),
        ("outreach:visit_overview", {"year", "quarter", "kind"}),
    ]:
        response, read = names_read(client, reverse(route), names)
        assert response.status_code == 200 and expected <= set(read), (route, read)
    # The search throttle reads `q` on every page (config/middleware.py): not a read of the page's.
    assert "q" not in names_read(client, reverse("registry:balance"), names)[1]


def test_a_year_that_is_no_year_is_said_on_the_page(demo_db):
    """The class of 500 the sweep missed (`date__year` given -1 or 25 digits): each list and page
    about a year says which years it takes, and the export is the empty list's."""
    client = client_as(user_named("staff"))
    for value in ["0", "-1", "1e9", "9" * 25, "²"]:
        for route in ("registry:movement_list", "registry:former_member_list"):
            response = client.get(reverse(route), {"year": value})
            assert response.status_code == 200 and response.context["filter"].errors["year"], (route, value)
            assert list(response.context["page"].object_list) == []
        assert client.get(reverse("registry:movement_export"), {"year": value}).status_code == 200
        response = client.get(reverse("registry:balance"), {"year": value})
        assert response.status_code == 200
        assert "不是1949至" in "".join(str(message) for message in response.context["messages"])
    listed = client.get(reverse("registry:movement_list"), {"year": "２０２５"}).context["page"].paginator.count
    assert listed == client.get(reverse("registry:movement_list"), {"year": "2025"}).context["page"].paginator.count


def test_a_null_character_anywhere_is_refused_in_words(demo_db, failures):
    client = client_as(user_named("staff"))
    answers = set()
    for route, url in crawling.all_urls():
        if route.heavy:
            continue
        answers.add(client.get(url, {"q": NULL, "organization": "1"}).status_code)
        answers.add(client.post(url, {"name": NULL}).status_code)
    page = client.get("/", {"q": NULL})
    assert answers == {400} and not failures
    assert "空字符" in page.content.decode()
