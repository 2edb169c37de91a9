"""The shared demo of tests/conftest.py (`demo_db`, SharedDemo): a test's writes to it are undone
before the next test, and a test that did not ask for it finds an empty database. In a run of this
file alone (or of the whole suite in one process) the tests run in the order below, the demo ones
first; under pytest-xdist they may land on different workers, and still pass."""

import pytest

from branches.models import Organization
from registry.models import Member

DEMO_MEMBERS = 414


def test_a_demo_test_may_change_the_demo(demo_db):
    assert Member.objects.count() == DEMO_MEMBERS
    Member.objects.filter(pk__in=Member.objects.values_list("pk", flat=True)[:3]).delete()
    Member.objects.update(name="改掉")
    assert Member.objects.exclude(name="改掉").count() == 0


def test_the_next_demo_test_still_has_all_of_it(demo_db):
    assert Member.objects.count() == DEMO_MEMBERS
    assert not Member.objects.filter(name="改掉").exists()


def test_a_test_without_the_demo_finds_an_empty_database(db):
    assert not Member.objects.exists()
    assert not Organization.objects.exists()


def test_the_demo_cannot_be_asked_for_after_the_tests_own_transaction(request, db):
    with pytest.raises(pytest.fail.Exception, match="before `db`"):
        request.getfixturevalue("demo_db")
    assert not Member.objects.exists()
