"""Remembered figures (branches/remembered.py): counted once, shown again while nothing they read has
changed, counted afresh as soon as a commit touched a table they read — never an old figure.

Transactional tests: the figures are kept only when counted outside a transaction that has written,
and what tells them of a change is a commit."""

import threading
import time
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from branches import changes
from branches import remembered as remembering
from branches.models import Organization
from registry.models import Member
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    caches["figures"].clear()
    yield
    caches["figures"].clear()


def members_in(organization_id):
    calls.append(organization_id)
    return Member.objects.filter(organization_id=organization_id).count()


calls: list = []


def counted(user, organization):
    return remembering.remembered("test-members", user, lambda: members_in(organization.pk), organization.pk)


def test_a_figure_is_counted_once_while_nothing_changes_and_afresh_after_a_commit(tree, staff):
    calls.clear()
    branch = tree["fuzhou_1"]
    factories.make_member(branch)
    assert counted(staff, branch) == 1
    assert counted(staff, branch) == 1
    assert calls == [branch.pk], "the second time is the remembered figure"

    factories.make_member(branch)  # committed (no transaction around the test)
    assert counted(staff, branch) == 2
    assert len(calls) == 2

    # A change to a table the figure did not read leaves it remembered.
    Organization.objects.filter(pk=tree["putian"].pk).update(secretary_name="某书记")
    factories.make_enterprise()
    assert counted(staff, branch) == 2
    assert len(calls) == 2, "organizations were not read by the count (it filters members by an id)"


def test_a_change_committed_by_another_connection_is_seen(tree, staff):
    calls.clear()
    branch = tree["fuzhou_1"]
    assert counted(staff, branch) == 0

    def elsewhere():
        try:
            factories.make_member(branch)
        finally:
            connection.close()

    worker = threading.Thread(target=elsewhere)
    worker.start()
    worker.join()
    assert counted(staff, branch) == 1
    assert len(calls) == 2


def test_a_figure_asked_for_by_two_workers_at_once_is_counted_by_one(tree, staff, monkeypatch):
    """The moment after an import every worker finds the same figure out of date: one counts it, the
    other waits for it (an advisory lock on its key) and is given what the first counted. One
    that waits longer than WAIT_FOR_ANOTHER counts it itself."""
    branch = tree["fuzhou_1"]
    factories.make_member(branch)
    counting, go_on, counts, firsts, seconds = threading.Event(), threading.Event(), [], [], []

    def slow():
        counts.append("slow")
        counting.set()
        go_on.wait()
        return members_in(branch.pk)

    def fast():
        counts.append("fast")
        return members_in(branch.pk)

    def asking(compute, given):
        def ask():
            try:
                given.append(remembering.remembered("test-together", staff, compute, alone=True))
            finally:
                connection.close()

        thread = threading.Thread(target=ask)
        thread.start()
        return thread

    first = asking(slow, firsts)
    counting.wait()
    second = asking(fast, seconds)
    time.sleep(0.3)  # (no timed wait on a thread: libfaketime, with the clock moved, never ends one)
    assert second.is_alive(), "the second waits while the first counts"
    go_on.set()
    first.join()
    second.join()
    assert firsts == seconds == [1] and counts == ["slow"]

    # A first that takes too long: the second counts it itself.
    monkeypatch.setattr(remembering, "WAIT_FOR_ANOTHER", 0.2)
    factories.make_member(branch)
    counting.clear()
    go_on.clear()
    firsts.clear(), seconds.clear(), counts.clear()
    first = asking(slow, firsts)
    counting.wait()
    second = asking(fast, seconds)
    second.join()
    assert seconds == [2] and counts == ["slow", "fast"]
    go_on.set()
    first.join()
    assert firsts == [2]


def test_nothing_is_kept_from_a_transaction_that_has_written(tree, staff):
    calls.clear()
    branch = tree["fuzhou_1"]
    with transaction.atomic():
        factories.make_member(branch)
        assert counted(staff, branch) == 1
        assert counted(staff, branch) == 1
        assert len(calls) == 2, "counted afresh: its own uncommitted rows are in it"
        transaction.set_rollback(True)
    # The rolled-back member is in no figure given afterwards.
    assert counted(staff, branch) == 0
    assert len(calls) == 3


def test_each_scope_and_language_has_its_own_figure(tree, staff, secretary_a, secretary_b):
    calls.clear()
    branch = tree["fuzhou_1"]
    for user in (staff, secretary_a, secretary_b, staff, secretary_a, secretary_b):
        counted(user, branch)
    assert len(calls) == 3
    from django.utils import translation

    with translation.override("en"):
        counted(staff, branch)
    assert len(calls) == 4


def test_compacting_keeps_every_version_and_every_figure(tree, staff):
    calls.clear()
    branch = tree["fuzhou_1"]
    for _ in range(3):
        factories.make_member(branch)
    assert counted(staff, branch) == 3
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT table_name, SUM(weight) FROM {changes.TABLE} GROUP BY table_name")
        before = dict(cursor.fetchall())
        changes.compact()
        cursor.execute(f"SELECT table_name, SUM(weight), COUNT(*) FROM {changes.TABLE} GROUP BY table_name")
        after = cursor.fetchall()
    assert {table: total for table, total, _rows in after} == before
    assert all(rows == 1 for _table, _total, rows in after), "one row per table"
    assert counted(staff, branch) == 3
    assert len(calls) == 1, "the versions did not move: the figure is still the one counted"
    factories.make_member(branch)
    assert counted(staff, branch) == 4
    assert len(calls) == 2


def test_every_table_of_the_registry_tells_of_its_changes():
    """A table without the trigger would leave a figure read from it unchanged after a change: every
    model's table carries it but the few that reading pages write and no figure reads."""
    tables = set(connection.introspection.django_table_names(only_existing=True, include_views=False))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
            [changes.TRIGGER],
        )
        carrying = {name for (name,) in cursor.fetchall()}
    untracked = {table for table in tables if not changes.tracked(table)}
    assert tables - untracked <= carrying
    assert "registry_member" in carrying and "branches_organization" in carrying
    assert untracked == {"django_session", "registry_requestcount"} | {t for t in tables if t.startswith("axes_")}


def test_the_home_page_shows_a_member_added_since_it_was_last_shown(
    tree, staff, monkeypatch, django_assert_max_num_queries
):
    from registry.figures import dashboard

    client = Client()
    client.force_login(staff)
    counted_totals = []
    original = dashboard.dashboard_for

    def spy(user, as_of=None):
        result = original(user, as_of)
        counted_totals.append(result["stats"]["members"]["total"])
        return result

    monkeypatch.setattr(dashboard, "dashboard_for", spy)
    changes.tracked_tables()  # read once per worker process, as a worker that has served a page has
    shown = []
    for add, most in ((False, 19), (False, 8), (True, 19)):
        if add:
            factories.make_member(tree["fuzhou_1"])
        with django_assert_max_num_queries(most):  # the versions ride on the query of the roles
            response = client.get("/")
        assert response.status_code == 200
        shown.append(response.wsgi_request._home_figures["stats"]["members"]["total"])
    assert len(counted_totals) == 2, "the second visit showed the remembered figures, the third counted afresh"
    assert shown == [counted_totals[0], counted_totals[0], counted_totals[0] + 1]


def test_a_figure_counted_under_other_settings_or_code_is_not_given(tree, staff, settings, monkeypatch):
    """The figures' files outlive the workers: a new version deployed, or a setting changed in the
    environment, counts afresh (remembered._build)."""
    calls.clear()
    branch = tree["fuzhou_1"]
    counted(staff, branch)
    counted(staff, branch)
    assert len(calls) == 1
    settings.REGISTRY_COMMITTEE_MIN_FULL_MEMBERS = settings.REGISTRY_COMMITTEE_MIN_FULL_MEMBERS + 1
    monkeypatch.setattr(remembering, "_built", None)  # a worker started under the new setting
    counted(staff, branch)
    assert len(calls) == 2


def test_a_figure_given_inside_another_count_hands_it_what_it_read(tree, staff):
    """The outer count reads no member itself: the inner figure, given from memory, did. A member
    added counts both afresh."""
    calls.clear()
    branch = tree["fuzhou_1"]
    counted(staff, branch)  # the inner figure, remembered before the outer is first counted

    def outer():
        calls.append("outer")
        return {"members": counted(staff, branch), "name": Organization.objects.get(pk=branch.pk).name}

    assert remembering.remembered("test-outer", staff, outer)["members"] == 0
    assert remembering.remembered("test-outer", staff, outer)["members"] == 0
    assert calls == [branch.pk, "outer"]
    factories.make_member(branch)
    assert remembering.remembered("test-outer", staff, outer)["members"] == 1
    assert calls == [branch.pk, "outer", "outer", branch.pk]


def test_a_page_part_is_written_once_for_each_role_and_afresh_after_a_commit(tree, staff, reviewer, monkeypatch):
    """The organization list's part ({% remember %}): given again as written while nothing it read
    has changed; the reviewer, who shares the committee's figures, gets a part of their own (no
    link to add an organization); an organization added is on the next page shown."""
    from django.urls import reverse

    from registry.organizations import selectors

    written = []
    original = selectors.organization_list

    def spy(user, params):
        written.append(user.username)
        return original(user, params)

    monkeypatch.setattr(selectors, "organization_list", spy)
    staff_client, reviewer_client = Client(), Client()
    staff_client.force_login(staff)
    reviewer_client.force_login(reviewer)
    add = reverse("registry:organization_create")
    assert add in staff_client.get("/organizations/").content.decode()
    assert add in staff_client.get("/organizations/").content.decode()
    assert written == [staff.username], "the second page was the part remembered"
    assert add not in reviewer_client.get("/organizations/").content.decode()
    assert written == [staff.username, reviewer.username]
    factories.make_organization("新设立的党支部", parent=tree["committee"])
    assert "新设立的党支部" in staff_client.get("/organizations/").content.decode()
    assert "新设立的党支部" in staff_client.get("/organizations/?sort=name").content.decode()
    assert written == [staff.username, reviewer.username, staff.username, staff.username]


def test_the_rosters_filter_fields_are_one_part_for_every_search_and_page(tree, staff):
    """`any_query`: the filter fields (every organization and enterprise of the committee as options)
    are written once for the searches and pages of the roster, and again for other filter values."""
    from django.db.models import Q

    from branches.models import Enterprise

    factories.make_enterprise(name="选项企业")
    client = Client()
    client.force_login(staff)

    def options_read(query):
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/members/", query).content.decode()
        assert "选项企业" in page
        return [sql for sql in (q["sql"] for q in queries) if 'FROM "branches_enterprise"' in sql]

    assert options_read({"q": "甲"})
    assert not options_read({"q": "乙", "page": 2}), "the part written for the first search"
    assert not options_read({"sort": "name"})
    chosen = Enterprise.objects.filter(Q(name="选项企业")).get()
    filtered = options_read({"enterprise": chosen.pk})
    assert filtered, "other filter values: the fields written for them"
    again = client.get("/members/", {"enterprise": chosen.pk, "q": "丙"}).content.decode()
    assert f'<option value="{chosen.pk}" selected>选项企业</option>' in again, "the value chosen, shown chosen"


def test_no_form_token_is_written_into_a_remembered_part(staff, rf):
    from django.middleware.csrf import get_token
    from django.template import RequestContext, Template

    request = rf.get("/")
    request.user = staff
    token = get_token(request)
    part = Template("{% load remembering %}{% remember 'test-form' %}[{% csrf_token %}]{% endremember %}")
    assert part.render(RequestContext(request)) == "[]"
    assert token


def test_a_list_is_counted_once_for_every_page_and_afresh_after_a_commit(tree, staff):
    from django.test.utils import CaptureQueriesContext

    branch = tree["fuzhou_1"]
    factories.make_member(branch)
    rows = Member.objects.filter(organization__in=[branch.pk, tree["putian"].pk]).order_by("pk")
    with CaptureQueriesContext(connection) as queries:
        assert remembering.remembered_count(staff, rows) == 1
        assert remembering.remembered_count(staff, rows.all()) == 1
    assert sum("registry_member" in query["sql"] for query in queries.captured_queries) == 1, queries.captured_queries
    factories.make_member(tree["putian"])
    assert remembering.remembered_count(staff, rows) == 2
    assert remembering.remembered_count(staff, rows.filter(organization=branch)) == 1
    assert remembering.remembered_count(staff, rows.none()) == 0


def _workbook_cells(response) -> set[str]:
    import io

    from openpyxl import load_workbook

    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return {str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None}


def test_what_staff_were_given_is_never_given_to_a_secretary_or_unmasked_to_a_reviewer(
    tree, members, staff, reviewer, secretary_b
):
    """Staff open the remembered pages and downloads first; a secretary of another branch then opens
    the same ones and finds only their own, and a reviewer's workbook is masked."""
    staff_client, other = Client(), Client()
    staff_client.force_login(staff)
    pages = ["/", "/organizations/", "/six-knowns/", "/summary/", "/dues/", "/balance/", "/members/"]
    fuzhou_member = members["fuzhou_1"][0]
    for path in [*pages, "/members/export/", "/organizations/export/"]:
        assert staff_client.get(path).status_code == 200
    other.force_login(secretary_b)
    for path in pages:
        page = other.get(path).content.decode()
        assert tree["fuzhou_1"].name not in page and tree["fuzhou"].name not in page, path
    response = other.get("/members/export/")
    assert fuzhou_member.name not in _workbook_cells(response)
    assert members["putian"][0].name in _workbook_cells(other.get("/members/export/"))
    assert tree["fuzhou"].name not in _workbook_cells(other.get("/organizations/export/"))
    other.force_login(reviewer)
    shown = _workbook_cells(other.get("/members/export/"))
    assert fuzhou_member.name in shown
    assert fuzhou_member.id_number not in shown and fuzhou_member.phone not in shown
    assert not any(fuzhou_member.id_number in cell or fuzhou_member.phone in cell for cell in shown)


def test_a_figure_out_of_date_is_counted_again_without_being_unpickled(tree, staff, monkeypatch):
    """What is kept is the figure's own pickled bytes beside the versions it was counted at: the first
    visit after a change reads the versions only (a thousand organizations' tree took 50 ms to unpickle,
    for nothing)."""
    calls.clear()
    branch = tree["fuzhou_1"]
    assert counted(staff, branch) == 0
    factories.make_member(branch)  # the figure is out of date
    unpickled = []
    real = remembering.pickle
    spy = SimpleNamespace(dumps=real.dumps, HIGHEST_PROTOCOL=real.HIGHEST_PROTOCOL)
    spy.loads = lambda data: unpickled.append(data) or real.loads(data)
    monkeypatch.setattr(remembering, "pickle", spy)
    assert counted(staff, branch) == 1
    assert unpickled == [] and len(calls) == 2
    assert counted(staff, branch) == 1  # given: unpickled once, not counted
    assert len(unpickled) == 1 and len(calls) == 2
