"""The fast writer (spreadsheets/fastwrite.py): values reach the table as the ORM would write them,
whatever the class of a date — a plain date goes through the driver's adapter, a subclass
(a month cell's MonthDate) is converted by the writer."""

import datetime

import pytest
from django.db import IntegrityError, connection, models, transaction
from django.test.utils import CaptureQueriesContext

from registry.models import DuesEntry
from spreadsheets import fastwrite
from spreadsheets.dates import MonthDate
from tests import factories

ATTNAMES = ["member_id", "month", "amount", "paid_on", "received_by_id", "note"]


def test_plain_dates_and_subclasses_of_date_are_written_as_their_day(tree):
    member = factories.make_member(tree["fuzhou_1"])
    fastwrite.insert(
        DuesEntry,
        ATTNAMES,
        [
            (member.pk, MonthDate(2024, 3, 1), None, datetime.date(2024, 3, 5), None, ""),
            (member.pk, datetime.date(2024, 4, 1), None, None, None, "四月"),
        ],
    )
    written = (
        DuesEntry.objects.filter(member=member, month__year=2024)
        .order_by("month")
        .values_list("month", "paid_on", "note")
    )
    assert list(written) == [
        (datetime.date(2024, 3, 1), datetime.date(2024, 3, 5), ""),
        (datetime.date(2024, 4, 1), None, "四月"),
    ]
    assert DuesEntry.objects.filter(member=member, month=datetime.date(2024, 3, 1)).exists()  # stored as ISO text


def test_the_history_rows_are_those_of_the_records_inserted_and_no_others(tree, staff):
    member = factories.make_member(tree["fuzhou_1"])
    before = DuesEntry.history.count()
    ids = fastwrite.insert_with_history(
        DuesEntry,
        ATTNAMES,
        [
            (member.pk, datetime.date(2024, 5, 1), None, None, None, "五月"),
            (member.pk, MonthDate(2024, 6, 1), None, None, None, ""),
        ],
        actor=staff,
        reason="表格导入：dues.xlsx",
    )
    assert DuesEntry.history.count() == before + 2
    history = DuesEntry.history.filter(id__in=ids).order_by("history_id")
    assert [(row.id, row.member_id, row.month, row.note) for row in history] == [
        (ids[0], member.pk, datetime.date(2024, 5, 1), "五月"),
        (ids[1], member.pk, datetime.date(2024, 6, 1), ""),
    ]
    assert {(row.history_type, row.history_user_id, row.history_change_reason) for row in history} == {
        ("+", staff.pk, "表格导入：dues.xlsx")
    }
    assert all(row.history_date is not None for row in history)


def test_history_rows_for_keys_that_are_not_one_run_are_those_of_the_keys_named(tree, staff):
    """PostgreSQL's sequence may be drawn from by another session while an import allocates its
    keys: the history is copied from the records named, not from those between them."""
    member = factories.make_member(tree["fuzhou_1"])
    ids = fastwrite.allocate_ids(DuesEntry, 3)
    rows = [(month, member.pk, datetime.date(2024, month, 1), None, None, None, "") for month in (7, 8, 9)]
    fastwrite.insert(DuesEntry, ["id", *ATTNAMES], [(pk, *row[1:]) for pk, row in zip(ids, rows, strict=True)])
    history = DuesEntry.history.model
    tracked = [field.attname for field in history.tracked_fields]
    fastwrite._history_of_inserted(DuesEntry, history, tracked, [ids[0], ids[2]], actor=staff, reason="表格导入")
    assert sorted(history.objects.filter(id__in=ids).values_list("id", "month")) == [
        (ids[0], datetime.date(2024, 7, 1)),
        (ids[2], datetime.date(2024, 9, 1)),
    ]


def _indexes(model) -> dict:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {name: (info["columns"], info["unique"]) for name, info in constraints.items() if info["index"]}


def test_a_bulk_load_builds_the_plain_indexes_again_after_it(tree, staff, monkeypatch):
    """A load that is most of the table (here any, with the threshold lowered) drops the indexes
    that enforce nothing and creates them again afterwards, as they were; the unique ones stay."""
    member = factories.make_member(tree["fuzhou_1"])
    monkeypatch.setattr(fastwrite, "BULK_LOAD_ROWS", 2)
    tables = (DuesEntry, DuesEntry.history.model)
    before = [_indexes(model) for model in tables]
    with CaptureQueriesContext(connection) as queries:
        ids = fastwrite.insert_with_history(
            DuesEntry,
            ATTNAMES,
            [(member.pk, datetime.date(2024, month, 1), None, None, None, "") for month in (1, 2, 3)],
            actor=staff,
            reason="表格导入",
        )
    dropped = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("DROP INDEX")]
    assert dropped and not any("dues_entry_one_per_member_and_month" in sql for sql in dropped)
    assert [_indexes(model) for model in tables] == before
    assert DuesEntry.objects.filter(pk__in=ids).count() == DuesEntry.history.filter(id__in=ids).count() == 3
    # The unique index was there all along: the same member and month again is refused.
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesEntry.objects.bulk_create([DuesEntry(member=member, month=datetime.date(2024, 1, 1))])


def test_the_indexes_come_back_with_the_rollback_of_a_load_that_failed(tree, monkeypatch):
    monkeypatch.setattr(fastwrite, "BULK_LOAD_ROWS", 1)
    before = _indexes(DuesEntry)
    with pytest.raises(RuntimeError), transaction.atomic(), fastwrite.indexes_built_after(DuesEntry, 5):
        assert _indexes(DuesEntry) != before
        raise RuntimeError("the load failed")
    assert _indexes(DuesEntry) == before


def test_a_load_smaller_than_the_table_leaves_its_indexes_alone(tree, monkeypatch):
    member = factories.make_member(tree["fuzhou_1"])
    fastwrite.insert(
        DuesEntry, ATTNAMES, [(member.pk, datetime.date(2023, m, 1), None, None, None, "") for m in (1, 2)]
    )
    monkeypatch.setattr(fastwrite, "BULK_LOAD_ROWS", 1)
    held = DuesEntry.objects.count()
    with CaptureQueriesContext(connection) as queries, fastwrite.indexes_built_after(DuesEntry, held - 1):
        pass
    assert not any(query["sql"].startswith("DROP INDEX") for query in queries.captured_queries)


@pytest.mark.parametrize(
    ("row", "constraint"),
    [
        ((datetime.date(2024, 5, 2), None), "dues_entry_month_is_first_day"),
        ((datetime.date(2024, 5, 1), -3), "dues_entry_amount_not_negative"),
    ],
)
def test_a_row_that_breaks_a_check_constraint_is_refused_and_nothing_of_the_load_stays(tree, row, constraint):
    """On SQLite the table's checks are made once over the rows inserted (fastwrite.checked_once),
    not row by row; a row that breaks one is refused all the same, naming the constraint, and the
    rows before it go with it. On PostgreSQL the database checks each row as it comes."""
    member = factories.make_member(tree["fuzhou_1"])
    before = DuesEntry.objects.filter(member=member).count()
    month, amount = row
    rows = [
        (member.pk, datetime.date(2024, 1, 1), None, None, None, "一月"),
        (member.pk, month, amount, None, None, ""),
    ]
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        fastwrite.insert_with_history(DuesEntry, ATTNAMES, rows, actor=None, reason="表格导入")
    assert DuesEntry.objects.filter(member=member).count() == before
    with connection.cursor() as cursor:  # the checks are back on for every later statement
        cursor.execute("PRAGMA ignore_check_constraints" if connection.vendor == "sqlite" else "SELECT 0")
        assert cursor.fetchone()[0] == 0
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesEntry.objects.create(member=member, month=datetime.date(2024, 5, 2))


def test_the_checks_made_once_are_every_check_of_the_table(tree):
    """The same constraints as the table's own: each CheckConstraint of the model and each field's
    check, with parameters, so that a load breaking any of them is refused."""
    names = {name for name, _sql, _params in fastwrite._check_conditions(DuesEntry)}
    declared = {each.name for each in DuesEntry._meta.constraints if isinstance(each, models.CheckConstraint)}
    assert declared <= names
    assert {"dues_entry_month_is_first_day", "dues_entry_amount_not_negative"} <= names
