"""Named users over a small tree, so every view is tried by the right and the wrong person.

    福建商会党委 (committee)                      ← staff, reviewer, admin see all
    ├── 福州商会党总支 (general branch)
    │   ├── 福州商会第一党支部 (branch)          ← secretary_a keeps 福州商会党总支 and below
    │   └── 福州商会第二党支部 (branch)
    └── 莆田商会党支部 (branch)                  ← secretary_b keeps this one
"""

import io
from contextlib import ExitStack

import pytest

from branches import services as branch_services
from branches.models import Chamber, Organization
from tests import factories

PASSWORD = "correct-horse-battery-9"

# The hasher the tests use: every named user above gets PASSWORD, and PBKDF2 (a million rounds on
# purpose) costs about half a second a user -- two minutes of a run. MD5 is fine for test data and
# still a real hasher: authenticate() and the login form (browser tests) check passwords as in
# production. Only the test session sees it; config/settings.py keeps Django's default hashers.
TEST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = TEST_PASSWORD_HASHERS


# --- the demo, seeded once and shared by the tests that read it --------------------------------

DEMO_FIXTURE = "demo_db"
_DEMO_KEY = pytest.StashKey["SharedDemo"]()


def uses_demo(item) -> bool:
    return item is not None and DEMO_FIXTURE in getattr(item, "fixturenames", ())


class SharedDemo:
    """`manage.py seed_demo --with-users` (414 members, the outreach year, the four demo logins),
    seeded into the test database once and shared by every test that asks for `demo_db`.

    How it stays correct, on SQLite and on PostgreSQL alike (only transactions, no flush, no
    second database):

    - The demo is written inside a `transaction.atomic()` opened outside any test (`seed`). Each
      demo test then takes `db` as usual, whose own atomic() becomes a savepoint inside it and is
      rolled back when the test ends: a test that deletes or changes demo rows leaves the demo
      intact for the next one.
    - Before any test that did not ask for the demo is set up (and at the end of the session, before
      the test database is dropped), the demo's transaction is rolled back (`rollback`): tests
      that expect an empty database never see it, and nothing of it is ever committed.
    - `pytest_collection_modifyitems` moves the demo tests together, to the front of the session,
      so the demo is seeded once per process; were they interleaved with other tests (some other
      plugin's ordering), it would be seeded again for each run of them: slower, still correct.
      Under pytest-xdist (`--dist load`, scripts/test.sh) the first worker's first batch of tests
      is the first eighth of the session, so it holds all of them and only that worker seeds; were
      they split, each worker would seed its own database once. (`--dist loadgroup` with an
      xdist_group mark would say this outright, but with pytest 9.2 it silently stops grouping:
      pytest-xdist issue #1386.)
    - A demo test cannot also be transactional (`transactional_db`, `live_server`,
      `django_db(transaction=True)`): the live server's thread would not see an uncommitted demo
      on PostgreSQL, and a flush would have to be undone by the rollback. `demo_db` refuses them.
    """

    def __init__(self, blocker):
        self.blocker = blocker
        self.stack = None  # the open transaction (and unblocked database) while the demo is there

    @property
    def active(self) -> bool:
        return self.stack is not None

    def seed(self) -> None:
        if self.active:
            return
        from django.core.management import call_command
        from django.db import connection, transaction

        stack = ExitStack()
        stack.enter_context(self.blocker.unblock())
        if connection.in_atomic_block:
            stack.close()
            pytest.fail(
                f"`{DEMO_FIXTURE}` must be set up before the test's own transaction: request it (or a "
                "fixture using it) before `db`, and do not combine it with @pytest.mark.django_db",
                pytrace=False,
            )
        stack.enter_context(transaction.atomic())
        self.stack = stack
        try:
            call_command("seed_demo", "--with-users", verbosity=0, stdout=io.StringIO())
        except BaseException:
            self.rollback()
            raise

    def rollback(self) -> None:
        if not self.active:
            return
        from django.db import transaction

        stack, self.stack = self.stack, None
        transaction.set_rollback(True)
        stack.close()


@pytest.fixture(scope="session")
def _shared_demo(request, django_db_setup, django_db_blocker):
    demo = SharedDemo(django_db_blocker)
    request.config.stash[_DEMO_KEY] = demo
    yield demo
    demo.rollback()  # before django_db_setup's teardown drops the test database
    del request.config.stash[_DEMO_KEY]


@pytest.fixture
def _demo_seeded(request, _shared_demo):
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}
    if transactional & set(request.fixturenames) or (marker and marker.kwargs.get("transaction")):
        pytest.fail(f"`{DEMO_FIXTURE}` cannot be combined with a transactional database", pytrace=False)
    _shared_demo.seed()


@pytest.fixture
def demo_db(_demo_seeded, db):
    """The database holding the seeded demo (SharedDemo), with this test's writes rolled back after
    it. Reading is the point; writing is allowed and undone. `_demo_seeded` comes before `db`, so
    the test's own transaction opens inside the demo's."""


def pytest_collection_modifyitems(config, items):
    """The demo tests first and together (see SharedDemo); tests/browser/conftest.py keeps the browser
    tests last."""
    demo_items = [item for item in items if uses_demo(item)]
    others = [item for item in items if not uses_demo(item)]
    items[:] = demo_items + others


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """No test that did not ask for the demo ever sees it."""
    demo = item.config.stash.get(_DEMO_KEY, None)
    if demo is not None and demo.active and not uses_demo(item):
        demo.rollback()


# --- every test ---------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def tasks_run_immediately(settings):
    """Background tasks run in the request that enqueues them (one test runs the real worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def tree(db):
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
        "committee": committee, "fuzhou": fuzhou, "fuzhou_1": fuzhou_1, "fuzhou_2": fuzhou_2, "putian": putian,
        "general_chamber": general, "fuzhou_chamber": fuzhou_chamber, "putian_chamber": putian_chamber,
    }


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
def members(tree):
    """Two members in each branch of the tree."""
    return {
        key: [factories.make_member(tree[key]) for _ in range(2)]
        for key in ("fuzhou_1", "fuzhou_2", "putian", "committee")
    }


@pytest.fixture
def client_for(client):
    """client_for(user) → a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
