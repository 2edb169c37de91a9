"""The data tests/conftest.py writes once and shares (SharedData): the demo (`demo_db`), the tree
(`tree`) and the tree with its members (`members`). A test's writes to them are undone before the
next test, a test's changes to its objects in memory stay its own, and a test that uses none finds
an empty database. In a
run of this file alone, or of the whole suite in one process, the tests run in the order below
(the demo ones first); under pytest-xdist they may land on different workers, and still pass."""

import pytest

from branches.models import Chamber, Organization
from registry.models import Member

DEMO_MEMBERS = 414
TREE_ORGANIZATIONS = {"福建商会党委", "福州商会党总支", "福州商会第一党支部", "福州商会第二党支部", "莆田商会党支部"}


def test_a_demo_test_may_change_the_demo(demo_db):
    assert Member.objects.count() == DEMO_MEMBERS
    Member.objects.filter(pk__in=Member.objects.values_list("pk", flat=True)[:3]).delete()
    Member.objects.update(name="改掉")
    assert Member.objects.exclude(name="改掉").count() == 0


def test_the_next_demo_test_still_has_all_of_it(demo_db):
    assert Member.objects.count() == DEMO_MEMBERS
    assert not Member.objects.filter(name="改掉").exists()


def test_a_tree_test_may_change_the_tree(tree):
    tree["putian"].delete()
    Organization.objects.filter(pk=tree["fuzhou"].pk).update(name="改掉")
    tree["committee"].secretary_name = "只在内存里"
    assert set(Organization.objects.values_list("name", flat=True)) == (
        TREE_ORGANIZATIONS - {"莆田商会党支部", "福州商会党总支"}
    ) | {"改掉"}


def test_the_next_tree_test_gets_it_whole_and_fresh(tree):
    assert set(Organization.objects.values_list("name", flat=True)) == TREE_ORGANIZATIONS
    assert tree["fuzhou"].name == "福州商会党总支" and tree["putian"].pk is not None
    assert tree["committee"].secretary_name != "只在内存里"
    assert tree["fuzhou_1"].parent == tree["fuzhou"] and tree["fuzhou_chamber"].parent == tree["general_chamber"]
    assert Chamber.objects.count() == 3


def test_a_members_test_may_change_its_members(tree, members):
    first = members["putian"][0]
    Member.objects.filter(pk=members["fuzhou_1"][0].pk).delete()
    Member.objects.filter(pk=first.pk).update(name="改掉")
    members["committee"][0].phone = "只在内存里"
    assert Member.objects.count() == 7 and Member.objects.get(pk=first.pk).name == "改掉"


def test_the_next_members_test_gets_them_whole_and_fresh(tree, members):
    assert Member.objects.count() == 8 and not Member.objects.filter(name="改掉").exists()
    assert {key: len(rows) for key, rows in members.items()} == dict.fromkeys(
        ("fuzhou_1", "fuzhou_2", "putian", "committee"), 2
    )
    assert all(member.organization == tree[key] for key, rows in members.items() for member in rows)
    assert members["committee"][0].phone != "只在内存里"
    assert set(Organization.objects.values_list("name", flat=True)) == TREE_ORGANIZATIONS


def test_a_tree_test_after_them_finds_no_member(tree):
    assert not Member.objects.exists()
    assert set(Organization.objects.values_list("name", flat=True)) == TREE_ORGANIZATIONS


def test_a_test_with_neither_finds_an_empty_database(db):
    assert not Member.objects.exists()
    assert not Organization.objects.exists()
    assert not Chamber.objects.exists()


def test_the_demo_cannot_be_asked_for_after_the_tests_own_transaction(request, db):
    with pytest.raises(pytest.fail.Exception, match="before `db`"):
        request.getfixturevalue("demo_db")
    assert not Member.objects.exists()


def test_the_tree_asked_for_after_the_tests_own_transaction_is_written_for_the_test(request, db):
    tree = request.getfixturevalue("tree")
    assert set(Organization.objects.values_list("name", flat=True)) == TREE_ORGANIZATIONS
    assert tree["fuzhou_1"].parent == tree["fuzhou"]
