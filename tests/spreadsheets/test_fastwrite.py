"""The fast writer (spreadsheets/fastwrite.py): values reach the table as the ORM would write them,
whatever the class of a date — a plain date goes through the driver's adapter, a subclass
(a month cell's MonthDate) is converted by the writer."""

import datetime

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
