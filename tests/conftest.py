"""Named users over a small tree, so every view is tried by the right and the wrong person.

福建商会党委 (committee)                      ← staff, reviewer, admin see all
├── 福州商会党总支 (general branch)
│   ├── 福州商会第一党支部 (branch)          ← secretary_a keeps 福州商会党总支 and below
│   └── 福州商会第二党支部 (branch)
└── 莆田商会党支部 (branch)                  ← secretary_b keeps this one
"""

import datetime
import io
import os
import shutil
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.signals import got_request_exception

from branches import services as branch_services
from branches.models import Chamber, Organization
from tests import factories

PASSWORD = "correct-horse-battery-9"

# The hasher the tests use: every named user above gets PASSWORD, and PBKDF2 (a million rounds on
# purpose) costs about half a second a user -- two minutes of a run. MD5 is fine for test data and
# still a real hasher: authenticate() and the login form (browser tests) check passwords as in
# production. Only the test session sees it; config/settings.py keeps Django's default hashers.
TEST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The day the whole suite runs on, whatever the wall clock says (docs/operations.md#time): a test
# that passes today passes on any day. Ten in the morning in Beijing, so that "today" is the same
# date in UTC and in the registry's time zone; the clock then runs on from there (tick), so that
# timestamps still advance. A test that needs another day travels there itself (`on_day`).
# REGISTRY_TEST_TODAY=YYYY-MM-DD runs the suite on another day, and REGISTRY_TEST_TODAY=wall on
# the wall clock's (.ci/run's calendar stage moves the wall clock ahead with libfaketime and runs
# the date-sensitive tests both ways).
_SUITE_DAY = os.environ.get("REGISTRY_TEST_TODAY") or "2026-11-18"
SUITE_MOMENT = (
    None
    if _SUITE_DAY == "wall"
    else datetime.datetime.combine(
        datetime.date.fromisoformat(_SUITE_DAY), datetime.time(10, 0), tzinfo=ZoneInfo("Asia/Shanghai")
    )
)
_TRAVEL_KEY = pytest.StashKey["time_machine.travel"]()
_MEDIA_KEY = pytest.StashKey[str]()
_FIGURES_KEY = pytest.StashKey[str]()


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = TEST_PASSWORD_HASHERS
    # Uploaded and generated files (attachments, annual reports, the demo's) go to a directory of
    # this process's own, removed at the end: not the project's media/, and not shared with the
    # other database's run going on beside this one (scripts/test.sh). Processes a test starts
    # inherit it through the environment.
    media = tempfile.mkdtemp(prefix="registry-test-media-")
    settings.MEDIA_ROOT = Path(media)
    os.environ["MEDIA_ROOT"] = media
    config.stash[_MEDIA_KEY] = media
    # The remembered figures' files too (branches/remembered.py): each test process its own, beside
    # the media (a cache inside MEDIA_ROOT is what `check --deploy` warns of).
    figures = tempfile.mkdtemp(prefix="registry-test-figures-")
    settings.CACHES["figures"]["LOCATION"] = os.environ["REGISTRY_FIGURES_DIR"] = figures
    config.stash[_FIGURES_KEY] = figures
    for database in settings.DATABASES.values():
        database.setdefault("TEST", {})["MIGRATE"] = False  # see django_db_setup
    _flush_only_tables_holding_rows()
    if SUITE_MOMENT is not None:
        traveller = time_machine.travel(SUITE_MOMENT, tick=True)
        traveller.start()
        config.stash[_TRAVEL_KEY] = traveller


def _flush_only_tables_holding_rows():
    """After each transactional test (`live_server`, `transactional_db`) Django empties every table
    (`flush`): on PostgreSQL one TRUNCATE of the 110 tables, which costs the server half a second
    however few rows they hold (a few dozen tests a run). There the flush deletes the rows of the
    tables that hold any instead, found in one query: the same empty tables, the sequences left as
    TRUNCATE leaves them; the foreign keys Django makes are deferred, checked when the flush's
    transaction commits. SQLite's flush (DELETE already) is left as it is."""
    from django.core.management.commands import flush

    truncate = flush.sql_flush

    def sql_flush(style, connection, reset_sequences=True, allow_cascade=False):
        if connection.vendor != "postgresql" or reset_sequences or allow_cascade:
            return truncate(style, connection, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(table)})" for table in tables), tables
            )
            holding = [table for (table,) in cursor.fetchall()]
        return [f"DELETE FROM {quote(table)};" for table in holding]

    flush.sql_flush = sql_flush


def pytest_unconfigure(config):
    for key in (_MEDIA_KEY, _FIGURES_KEY):
        folder = config.stash.get(key, None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
    traveller = config.stash.get(_TRAVEL_KEY, None)
    if traveller is not None:
        traveller.stop()


@pytest.fixture
def on_day():
    """on_day(date) moves the clock of this test to 10:00 in Beijing on that date (and keeps it
    running from there); back to the suite's day when the test ends."""
    travels = []

    def move(day: datetime.date):
        traveller = time_machine.travel(
            datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=ZoneInfo("Asia/Shanghai")), tick=True
        )
        traveller.start()
        travels.append(traveller)

    yield move
    for traveller in reversed(travels):
        traveller.stop()


# --- the test database ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Each test database (one per pytest-xdist worker) is made from the models (`TEST: MIGRATE
    False`, set in pytest_configure) in half a second, rather than by applying every migration,
    which costs Django 10-25 seconds of rendering model states in each worker. The migrations are
    applied from nothing once, on a database of their own, by tests/test_migrations.py, which holds
    the tables they build equal to these. Every migration is then recorded as applied, as
    `migrate --fake` would: a migration's own test may walk this database back and forth."""
    from django.db import connections
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    with django_db_blocker.unblock():
        for connection in connections.all():
            recorder = MigrationRecorder(connection)
            recorder.ensure_schema()
            nodes = MigrationLoader(connection, ignore_no_migrations=True).graph.nodes
            recorder.migration_qs.bulk_create([recorder.Migration(app=app, name=name) for app, name in nodes])
    return django_db_setup


# --- data written once and shared: the demo, the tree -------------------------------------------

_SHARED_KEY = pytest.StashKey["SharedData"]()
TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(TRANSACTIONAL_FIXTURES & set(item.fixturenames)) or bool(marker and marker.kwargs.get("transaction"))


def shared_data_for(item) -> str | None:
    """The shared data set `item` uses: "demo" for `demo_db`, else "members" for `members` (the
    tree and its members) or "tree" for `tree` (not in a transactional test, which makes its own),
    else none."""
    names = getattr(item, "fixturenames", ()) if item is not None else ()
    if "demo_db" in names:
        return "demo"
    if "tree" in names and not is_transactional(item):
        return "members" if "members" in names else "tree"
    return None


class SharedData:
    """Data written into the test database once and shared by consecutive tests that use it: the
    demo (`manage.py seed_demo --with-users`: 414 members, the outreach year, the four demo
    logins; 5-10 s to write) for `demo_db`, the tree of the module docstring (about 70
    queries, for 375 tests) for `tree`, and the tree with two members in each branch (each made
    by the member service: a tenth of a second the eight, for 200 tests) for `members`. One data
    set at a time.

    How it stays correct, on SQLite and on PostgreSQL alike (only transactions, no flush, no
    second database):

    - The data set is written inside a `transaction.atomic()` opened outside any test (`use`).
      Each test using it then takes `db` as usual, whose own atomic() becomes a savepoint inside
      it and is rolled back when the test ends: a test that deletes or changes shared rows
      leaves them intact for the next one. `tree` and `members` hand every test fresh instances
      read from the database, so nothing a test does to its objects in memory reaches another
      test either.
    - Before any test that does not use the open data set is set up (`pytest_runtest_setup`), and
      at the end of the session before the test database is dropped, its transaction is rolled
      back: tests that expect an empty database never see it, nothing of it is ever committed.
    - A data set cannot be opened once the test's own transaction is open (a `db` requested
      first, or @pytest.mark.django_db): `demo_db` then fails loudly, `tree` is built inside the
      test as before. Transactional tests (`live_server`, `transactional_db`, ...) cannot share:
      the live server's thread would not see uncommitted rows on PostgreSQL. `demo_db` refuses
      them; their `tree` is built for the test, as before.
    - `pytest_collection_modifyitems` groups the tests by data set (the demo's, the tree with its
      members, the tree, none), each group in collection order, so that each data set is written
      once a process — again only when a worker steals tests of a group it has left.
      Under pytest-xdist (`--dist worksteal`, scripts/test.sh) the first worker is given the first
      half of the session and a worker that runs out takes the second half of another's queue. On
      SQLite the demo's tests are few and come first: the first worker holds them all and only it
      seeds the demo; the other takes tests from the end of that half, not the demo's. On
      PostgreSQL they are most of the run (the sweeps) and come last: both workers seed it once and
      keep it to the end. (`--dist loadgroup`
      with an xdist_group mark would say this outright, but with pytest 9.2 it silently stops
      grouping: pytest-xdist issue #1386.)
    """

    def __init__(self, blocker):
        self.blocker = blocker
        self.stack = None  # the open transaction (and unblocked database) while a data set is there
        self.name = None
        self.value = None

    @property
    def active(self) -> bool:
        return self.stack is not None

    def use(self, name: str, write):
        """The value `write()` returned for data set `name`, writing it first if it is not open.
        None if it cannot be shared here: another data set is open, or the test's transaction is."""
        from django.db import connection, transaction

        if self.active:
            return self.value if self.name == name else None
        stack = ExitStack()
        stack.enter_context(self.blocker.unblock())
        if connection.in_atomic_block:
            stack.close()
            return None
        stack.enter_context(transaction.atomic())
        self.stack = stack
        try:
            self.value = write()
            _check_deferred_constraints(connection)
        except BaseException:
            self.rollback()
            raise
        self.name = name
        return self.value

    def rollback(self) -> None:
        if not self.active:
            return
        from django.db import transaction

        stack, self.stack, self.name, self.value = self.stack, None, None, None
        transaction.set_rollback(True)
        stack.close()


def _check_deferred_constraints(connection) -> None:
    """The foreign keys of a data set just written, checked once, in its own transaction. At the end
    of each test Django checks the deferred constraints (`SET CONSTRAINTS ALL IMMEDIATE`, then the
    test's savepoint is rolled back); on PostgreSQL the checks still pending from the data set's
    writes would fire there too, and a rolled-back savepoint leaves them pending again: every demo
    test re-checked every foreign key of the demo (33 ms a test for the small tree, seconds for the
    demo). Fired here, outside any test, they are done with."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture(scope="session")
def _shared_data(request, django_db_setup, django_db_blocker):
    shared = SharedData(django_db_blocker)
    request.config.stash[_SHARED_KEY] = shared
    yield shared
    shared.rollback()  # before django_db_setup's teardown drops the test database
    del request.config.stash[_SHARED_KEY]


def _write_demo():
    from django.core.management import call_command
    from django.db import connection

    call_command("seed_demo", "--with-users", verbosity=0, stdout=io.StringIO())
    if connection.vendor == "postgresql":
        # The demo is written inside the data set's transaction, which autovacuum never sees: ANALYZE
        # in that transaction counts its own rows, so the sweeps' queries are planned as on a
        # database holding the demo, not on tables the planner has never measured. The project's
        # tables only: a bare ANALYZE takes the cluster's shared catalogues too and holds them until
        # the demo's transaction ends, and another worker's ANALYZE waited minutes behind it.
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))
    return True


@pytest.fixture
def _demo_seeded(request, _shared_data):
    if is_transactional(request.node):
        pytest.fail("`demo_db` cannot be combined with a transactional database", pytrace=False)
    if _shared_data.use("demo", _write_demo) is None:
        pytest.fail(
            "`demo_db` must be set up before the test's own transaction: request it (or a fixture "
            "using it) before `db`, and do not combine it with @pytest.mark.django_db",
            pytrace=False,
        )


@pytest.fixture
def demo_db(_demo_seeded, db):
    """The database holding the demo (SharedData), with this test's writes rolled back after it.
    Reading is the point; writing is allowed and undone. `_demo_seeded` comes before `db`, so the
    test's own transaction opens inside the demo's."""


# The tests that run on one of the two databases only (docs/operations.md#two-databases). The rest of
# the suite, all that reads and writes through the ORM, runs on both. Each entry says why once is
# enough and which database is the one: the sweeps over every page and download of the demo look
# for errors of the production database (PostgreSQL's "integer out of range" answered 500 where
# SQLite answered 200), what a person does in the browser is the same pages on either database and
# runs where a live server's flushes are cheap, and reading the source needs no database at all.
# REGISTRY_TEST_EVERY_DATABASE=1 runs everything on whichever database the run is on.
ONE_DATABASE = {
    "tests/browser/": ("sqlite", "the same pages whatever the database; a live server's flush is cheap on SQLite"),
    "tests/test_architecture.py": ("sqlite", "reads the source"),
    "tests/config/test_middleware.py::test_no_page_or_download_may_be_stored": (
        "sqlite",
        "reads every answer's headers",
    ),
    "tests/test_translations.py": ("sqlite", "reads the source and the catalogues"),
    "tests/test_migrations.py::test_every_model_change_has_its_migration": ("sqlite", "compares files with models"),
    "tests/registry/management/test_demo_calendar.py::test_the_demo_seeded_on_an_awkward_day_shows_what_it_means_to": (
        "sqlite",
        "the demo's dates on an awkward day; scripts/calendar.sh seeds all six",
    ),
    "tests/outreach/letters/test_batches.py": ("sqlite", "renders PDFs; the letters' reads run on PostgreSQL"),
    "tests/test_every_page.py": (
        "sqlite",
        "every page and download on the database `make run` serves; on PostgreSQL the sweeps open them all",
    ),
    "tests/test_hostile_input.py": ("postgresql", "the production database's errors on hostile values"),
    "tests/registry/members/test_search_index.py": ("postgresql", "PostgreSQL's trigram index"),
    "tests/test_wording.py": ("postgresql", "reads every page's headings"),
    "tests/test_personal_data.py": ("postgresql", "reads every page and download for full numbers"),
    "tests/test_committees.py": ("postgresql", "reads every page and download of two committees"),
    "tests/test_workbook_formulas.py": ("postgresql", "opens every download"),
    "tests/registry/dues/test_migration.py": ("postgresql", "a data migration, run where the data lives"),
    "tests/outreach/activities/test_migration.py": ("postgresql", "a data migration, run where the data lives"),
    "tests/registry/checkin/test_throttle_parallel.py": (
        "postgresql",
        "web workers on one database; the tests' SQLite is one connection the live server's threads share",
    ),
    "tests/registry/imports/test_interrupted.py": ("postgresql", "a worker process killed mid-import"),
    "tests/branches/test_remembered.py": ("postgresql", "the triggers that tell remembered figures of a change"),
    "tests/registry/imports/test_two_workers.py": (
        "postgresql",
        "two worker processes claim tasks at once: production's database (SQLite has one writer)",
    ),
}


# The tests that run once when a run covers both databases (`make test`: scripts/test.sh sets
# REGISTRY_TEST_BOTH_DATABASES=1), on PostgreSQL, the production database; a run on one database
# (`make test-sqlite`, scripts/calendar.sh) runs them on it. These are the capabilities' pages, forms,
# rules and papers, whose queries are the ORM's plain filters, joins and counts: what SQLite would
# prove of them a second time, it proves through the sweep that opens every page and download of the
# demo on it (tests/test_every_page.py) and through the browser tests. The rest runs
# on both: where the two databases answer differently — the imports' bulk writers and their
# database-specific paths, searching and sorting (pinyin, parts of numbers), sums of money, figures,
# counts and statistics, date periods (dues months, movements, organizational life), locks and
# concurrent saves, scope, the demo that `make run` seeds on SQLite, the migrations.
# docs/operations.md#two-databases.
ONCE_WHEN_BOTH = (
    "tests/outreach/",
    "tests/printing/",
    "tests/registry/appraisal/",
    "tests/registry/assessment/",
    "tests/registry/bulk/",
    "tests/registry/committees/",
    "tests/registry/development/",
    "tests/registry/discipline/",
    "tests/registry/exports/",
    "tests/registry/honours/",
    "tests/registry/lostcontact/",
    "tests/registry/organizations/",
    "tests/registry/reconcile/",
    "tests/registry/sendbacks/",
    "tests/registry/surveys/",
    "tests/branches/inbox/",
    "tests/branches/test_accounts.py",
    "tests/branches/test_admin.py",
    "tests/branches/test_admin_delete.py",
    "tests/branches/test_form_views.py",
    "tests/branches/test_formation.py",
    "tests/branches/test_grant_role.py",
    "tests/branches/test_historical_records.py",
    "tests/branches/test_redirects.py",
    "tests/branches/test_role_history.py",
    "tests/branches/test_rooms.py",
    "tests/branches/test_several_roles.py",
    "tests/config/test_chinese_everywhere.py",
    "tests/config/test_deploy_settings.py",
    "tests/config/test_help_pages.py",
    "tests/config/test_logins.py",
    "tests/config/test_navigation.py",
    "tests/config/test_rendering.py",
    "tests/test_read_only.py",
)


def _matches(item, prefix: str) -> bool:
    if prefix.endswith("/"):
        return item.nodeid.startswith(prefix)
    return item.nodeid == prefix or item.nodeid.startswith((prefix + "::", prefix + "["))


def _one_database_vendor(item) -> str | None:
    """The database `item` runs on alone (ONE_DATABASE; ONCE_WHEN_BOTH in a run of both), or None
    if it runs on both."""
    for prefix, (vendor, _why) in ONE_DATABASE.items():
        if _matches(item, prefix):
            return vendor
    if os.environ.get("REGISTRY_TEST_BOTH_DATABASES") and any(_matches(item, prefix) for prefix in ONCE_WHEN_BOTH):
        return "postgresql"
    return None


def _this_run_vendor() -> str:
    return "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"


def pytest_collection_modifyitems(config, items):
    """The tests of the other database left out (ONE_DATABASE); then the tests grouped by the shared
    data set they use, each group in collection order: the demo's (first on SQLite, last on
    PostgreSQL: see below), the tree with its members, the tree, and the tests using none. Each data
    set is then written once a process, not again after every run of tests without it (133 writes a
    run in collection order).
    tests/browser/conftest.py keeps the browser tests last."""
    if not os.environ.get("REGISTRY_TEST_EVERY_DATABASE"):
        vendor = _this_run_vendor()
        elsewhere = [item for item in items if _one_database_vendor(item) not in (None, vendor)]
        if elsewhere:
            config.hook.pytest_deselected(items=elsewhere)
            left_out = set(map(id, elsewhere))
            items[:] = [item for item in items if id(item) not in left_out]
    # The demo's group first where its tests are few (SQLite: the first worker seeds it, the other
    # never does), last where they are most of the run (PostgreSQL, where the sweeps over the demo
    # run): both workers need it there, and with it last each seeds it once and stays with it, where
    # a worker that stole a mixed batch from the front left it and came back (three seeds a run).
    demo_rank = 3 if _this_run_vendor() == "postgresql" and not os.environ.get("REGISTRY_TEST_EVERY_DATABASE") else -1
    rank = {"demo": demo_rank, "members": 0, "tree": 1}
    # Within a group, the sweeps over every route (the modules at the top of tests/: a minute or
    # more each, the hostile-input sweep's five) first: a worker steals from the end of another's
    # queue, and one left running a long sweep alone at the end of the run keeps the other idle.
    items.sort(
        key=lambda item: (rank.get(shared_data_for(item), 2), "/" in item.nodeid.split("::")[0][len("tests/") :])
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """No test sees a shared data set it does not use."""
    shared = item.config.stash.get(_SHARED_KEY, None)
    if shared is not None and shared.active and shared.name != shared_data_for(item):
        shared.rollback()


@pytest.fixture
def failures():
    """The exceptions the views raised, for a sweep whose client is told not to re-raise them
    (`Client(raise_request_exception=False)`): each as its request and the exception."""
    raised = []

    def record(sender, request, **kwargs):
        raised.append(f"{request.method} {request.get_full_path()[:120]}: {sys.exc_info()[1]!r}"[:400])

    got_request_exception.connect(record)
    yield raised
    got_request_exception.disconnect(record)


# --- every test ---------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def tasks_run_immediately(settings):
    """Background tasks run in the request that enqueues them (one test runs the real worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _write_tree() -> dict:
    general = factories.make_chamber("福建企业总商会", kind=Chamber.Kind.GENERAL)
    fuzhou_chamber = factories.make_chamber("福州商会", kind=Chamber.Kind.CITY, parent=general)
    putian_chamber = factories.make_chamber("莆田商会", kind=Chamber.Kind.CITY, parent=general)
    committee = factories.make_organization("福建商会党委", level=Organization.Level.COMMITTEE, chamber=general)
    fuzhou = factories.make_organization(
        "福州商会党总支", level=Organization.Level.GENERAL_BRANCH, parent=committee, chamber=fuzhou_chamber
    )
    fuzhou_1 = factories.make_organization("福州商会第一党支部", parent=fuzhou, chamber=fuzhou_chamber)
    fuzhou_2 = factories.make_organization("福州商会第二党支部", parent=fuzhou, chamber=fuzhou_chamber)
    putian = factories.make_organization("莆田商会党支部", parent=committee, chamber=putian_chamber)
    return {
        "committee": committee,
        "fuzhou": fuzhou,
        "fuzhou_1": fuzhou_1,
        "fuzhou_2": fuzhou_2,
        "putian": putian,
        "general_chamber": general,
        "fuzhou_chamber": fuzhou_chamber,
        "putian_chamber": putian_chamber,
    }


def _write_members(tree: dict) -> dict:
    return {
        key: [factories.make_member(tree[key]) for _ in range(2)]
        for key in ("fuzhou_1", "fuzhou_2", "putian", "committee")
    }


def _keys(tree: dict) -> list:
    """The tree's (key, model, primary key), to read it back."""
    return [(key, type(obj), obj.pk) for key, obj in tree.items()]


def _tree_keys() -> dict:
    return {"tree": _keys(_write_tree())}


def _tree_and_members_keys() -> dict:
    tree = _write_tree()
    members = _write_members(tree)
    return {"tree": _keys(tree), "members": {key: [member.pk for member in rows] for key, rows in members.items()}}


@pytest.fixture
def _tree_shared(request, _shared_data):
    if is_transactional(request.node):
        return None
    if shared_data_for(request.node) == "members":
        return _shared_data.use("members", _tree_and_members_keys)
    return _shared_data.use("tree", _tree_keys)


@pytest.fixture
def tree(_tree_shared, db):
    """The tree of the module docstring: written once and shared (SharedData), each test getting
    fresh instances; written for the test itself where it cannot be shared."""
    if _tree_shared is None:
        return _write_tree()
    keys = _tree_shared["tree"]
    objects = {
        model: model.objects.in_bulk([pk for _key, each, pk in keys if each is model])
        for model in {model for _key, model, _pk in keys}
    }
    return {key: objects[model][pk] for key, model, pk in keys}


def _user(username, role, organization=None):
    user, _ = branch_services.role_grant(username=username, role=role, organization=organization, password=PASSWORD)
    return user


@pytest.fixture
def admin(tree):
    return _user("admin", "admin")


@pytest.fixture
def staff(tree):
    return _user("staff", "staff")


@pytest.fixture
def reviewer(tree):
    return _user("reviewer", "reviewer")


@pytest.fixture
def secretary_a(tree):
    """Keeps 福州商会党总支 and its two branches."""
    return _user("secretary_a", "secretary", tree["fuzhou"])


@pytest.fixture
def secretary_b(tree):
    """Keeps 莆田商会党支部 only."""
    return _user("secretary_b", "secretary", tree["putian"])


@pytest.fixture
def members(tree, _tree_shared):
    """Two members in each branch of the tree: written with it once and shared (SharedData, the
    "members" data set), each test getting fresh instances; written for the test where the tree is."""
    if _tree_shared is None or "members" not in _tree_shared:
        return _write_members(tree)
    from registry.models import Member

    keys = _tree_shared["members"]
    found = Member.objects.in_bulk([pk for pks in keys.values() for pk in pks])
    return {key: [found[pk] for pk in pks] for key, pks in keys.items()}


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
