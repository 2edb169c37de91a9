"""Named users over a small tree, so every view is tried by the right and the wrong person.

    福建商会党委 (committee)                      ← staff, reviewer, admin see all
    ├── 福州商会党总支 (general branch)
    │   ├── 福州商会第一党支部 (branch)          ← secretary_a keeps 福州商会党总支 and below
    │   └── 福州商会第二党支部 (branch)
    └── 莆田商会党支部 (branch)                  ← secretary_b keeps this one
"""

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
