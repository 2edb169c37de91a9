"""The roster's name search on PostgreSQL reads a trigram index (registry/members/search_index.py):
put in after `migrate`, used by the search's own query, and never in the way of what is found."""

import pytest
from django.db import connection, transaction

from registry.members import search_index
from registry.members.filters import search_members
from registry.models import Member
from tests import factories


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # A table of a few rows is read whole otherwise, or the few names found probed one by one.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_nestloop = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_name_search_is_read_from_the_trigram_index(tree, staff):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [search_index.INDEX])
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition and "registry_member" in definition
    found = search_members(Member.objects.all(), "林秀英", user=staff)
    assert search_index.INDEX in _plan(found)


def test_what_the_search_finds_is_the_same_with_and_without_the_index(tree, staff):
    branch = tree["fuzhou_1"]
    wanted = factories.make_member(branch, name="林 秀英")
    factories.make_member(branch, name="林秀")
    factories.make_member(branch, name="王秀英")

    def names(text):
        return sorted(search_members(Member.objects.all(), text, user=staff).values_list("name", flat=True))

    with_index = {text: names(text) for text in ("林秀英", "秀英", "林", "林 秀 英")}
    assert with_index["林秀英"] == with_index["林 秀 英"] == [wanted.name]
    assert with_index["秀英"] == sorted([wanted.name, "王秀英"])
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {search_index.INDEX}")
    try:
        assert {text: names(text) for text in with_index} == with_index
    finally:
        with connection.cursor() as cursor:  # no index is made on a table with checks waiting for the commit
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        search_index.install(connection.alias)
    with connection.cursor() as cursor:  # made again (used from the next transaction: indcheckxmin)
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname = %s", [search_index.INDEX])
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db(transaction=True)
def test_installing_it_again_changes_nothing(tree):
    search_index.install(connection.alias)
    search_index.install(connection.alias)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname = %s", [search_index.INDEX])
        assert cursor.fetchone()[0] == 1
