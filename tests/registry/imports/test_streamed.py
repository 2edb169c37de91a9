"""The roster is checked and written chunk after chunk (issue 27 §6): a file's rows are never held at
once, yet the import is the same — duplicates found across chunks, all or nothing, counts of every
row. Chunks of three rows here, so that a dozen rows make four."""

import datetime
import io

import pytest
from django.db import IntegrityError, connection, transaction
from openpyxl import Workbook, load_workbook

from registry.imports import ERROR_COLUMN, ImportRefused, run_import
from registry.members.imports import MemberImporter
from registry.models import Member
from spreadsheets import fastwrite
from spreadsheets import result as results
from spreadsheets.result import INVALID, NEW
from tests import factories
from tests.registry.imports import workbooks
from tests.registry.imports.workbooks import MEMBER_HEADERS, member_row

pytestmark = pytest.mark.django_db

ID_COLUMN = MEMBER_HEADERS.index("公民身份号码")


@pytest.fixture
def chunks_of_three(monkeypatch):
    monkeypatch.setattr(MemberImporter, "chunk_rows", 3)


def roster(branch, count: int) -> list[list]:
    return [
        member_row(branch, id_number=factories.make_id_number(datetime.date(1980, 1, 1) + datetime.timedelta(days=n)))
        for n in range(count)
    ]


def broken(number: str) -> str:
    """The same ID number with a wrong check digit."""
    return number[:17] + ("0" if number[17] != "0" else "1")


def import_rows(rows, **options):
    return run_import("members", workbooks.xlsx([MEMBER_HEADERS, *rows]), filename="roster.xlsx", **options)


def test_a_duplicate_in_a_later_chunk_names_the_row_of_an_earlier_one(tree, chunks_of_three):
    rows = roster(tree["fuzhou_1"], 12)
    rows[10][ID_COLUMN] = rows[1][ID_COLUMN]  # row 12 (the fourth chunk) repeats row 3 (the first)
    result = import_rows(rows, skip_invalid=True)
    assert result.counts == {"rows": 12, NEW: 11, "updated": 0, "unchanged": 0, INVALID: 1}
    (error,) = result.errors
    assert (error.row, error.code) == (12, "duplicate") and "3" in error.message
    assert Member.objects.count() == 11


def test_an_invalid_row_in_the_last_chunk_undoes_what_the_chunks_before_wrote(tree, chunks_of_three):
    rows = roster(tree["fuzhou_1"], 12)
    rows[11][ID_COLUMN] = broken(rows[11][ID_COLUMN])  # in the last chunk
    written = []
    original = MemberImporter.write

    def write(self, rows, *, reason):
        written.append(len(rows))
        original(self, rows, reason=reason)

    MemberImporter.write = write
    try:
        result = import_rows(rows)
    finally:
        MemberImporter.write = original
    assert written == [3, 3, 3]  # the three chunks before the bad row were written…
    assert not result.written and result.invalid == 1
    assert Member.objects.count() == 0  # …and undone with the import's transaction


def test_skipping_invalid_rows_writes_the_valid_rows_of_every_chunk(tree, chunks_of_three):
    rows = roster(tree["fuzhou_1"], 10)
    rows[0][ID_COLUMN] = broken(rows[0][ID_COLUMN])
    rows[7][ID_COLUMN] = ""
    result = import_rows(rows, skip_invalid=True)
    assert result.written and (result.new, result.invalid) == (8, 2)
    assert Member.objects.count() == 8
    again = import_rows(rows, skip_invalid=True)  # compared chunk by chunk with what the first wrote
    assert (again.new, again.unchanged, again.invalid) == (0, 8, 2)


def test_a_dry_run_checks_every_chunk_and_writes_nothing(tree, chunks_of_three):
    result = import_rows(roster(tree["fuzhou_1"], 7), dry_run=True)
    assert (result.rows, result.new, result.written) == (7, 7, False)
    assert Member.objects.count() == 0


def test_the_rows_are_read_as_they_are_written_not_all_first(tree, chunks_of_three):
    """When a chunk is written, the reader has not gone past the next one: the file is streamed
    through, not held. (On PostgreSQL a chunk is written while the next is read: pipeline._Writer.)"""
    read, seen_at_writes = [], []
    original_parse, original_write = MemberImporter.iter_parsed, MemberImporter.write

    def iter_parsed(self, table, skipped):
        for row in original_parse(self, table, skipped):
            read.append(row.number)
            yield row

    def write(self, rows, *, reason):
        seen_at_writes.append((rows[-1].number, read[-1]))
        original_write(self, rows, reason=reason)

    MemberImporter.iter_parsed, MemberImporter.write = iter_parsed, write
    try:
        result = import_rows(roster(tree["fuzhou_1"], 12))
    finally:
        MemberImporter.iter_parsed, MemberImporter.write = original_parse, original_write
    assert result.new == 12
    assert [last for last, _read in seen_at_writes] == [4, 7, 10, 13]
    # each chunk written before the one after the next is read
    assert all(last <= read_by_then <= last + 3 for last, read_by_then in seen_at_writes), seen_at_writes


def test_on_postgresql_each_chunk_is_written_by_a_thread_of_its_own_in_the_same_transaction(
    tree, chunks_of_three, monkeypatch
):
    """pipeline._Writer: on PostgreSQL the chunks are written by the writing thread, on the import's
    own connection (what it wrote is there for the reading thread's comparisons and is undone with
    the import); on SQLite by the import's thread, as before. The interpreter's switch interval is
    given back after."""
    import sys
    import threading

    original = MemberImporter.write
    writers = []

    def write(self, rows, *, reason):
        writers.append(threading.current_thread().name)
        original(self, rows, reason=reason)

    monkeypatch.setattr(MemberImporter, "write", write)
    interval = sys.getswitchinterval()
    result = import_rows(roster(tree["fuzhou_1"], 7))
    expected = "import-writer" if connection.vendor == "postgresql" else threading.main_thread().name
    assert writers == [expected] * 3 and result.new == 7
    assert Member.objects.filter(organization=tree["fuzhou_1"]).count() == 7  # seen by the test's connection
    assert sys.getswitchinterval() == interval


def test_counts_are_of_every_row_and_the_outcomes_kept_are_bounded(tree, chunks_of_three, monkeypatch):
    monkeypatch.setattr(results, "KEPT_OUTCOMES", 4)
    rows = roster(tree["fuzhou_1"], 11)
    for index in (2, 5, 9):
        rows[index][ID_COLUMN] = broken(rows[index][ID_COLUMN])
    result = import_rows(rows, skip_invalid=True)
    assert result.counts == {"rows": 11, NEW: 8, "updated": 0, "unchanged": 0, INVALID: 3}
    # The first four new rows (the preview's) and every invalid one: nothing else is held.
    assert [(outcome.row, outcome.status) for outcome in result.outcomes] == [
        (2, NEW),
        (3, NEW),
        (4, INVALID),
        (5, NEW),
        (6, NEW),
        (7, INVALID),
        (11, INVALID),
    ]
    workbook = load_workbook(io.BytesIO(result.error_workbook()))
    sheet = workbook.active
    assert [row[-1] for row in sheet.iter_rows(min_row=1, values_only=True)][0] == ERROR_COLUMN
    assert sheet.max_row == 4  # the header and the three invalid rows, fixable and importable again


def test_the_progress_counts_towards_the_rows_the_sheet_holds(tree, chunks_of_three):
    """The sheet's size is known before its rows are read (measured in the .xlsx, counted in a
    .csv), so that the progress bar has its end from the start."""
    calls = []
    rows = roster(tree["fuzhou_1"], 7)
    run_import(
        "members",
        workbooks.xlsx([MEMBER_HEADERS, *rows]),
        filename="roster.xlsx",
        dry_run=True,
        progress=lambda phase, done, total: calls.append((phase, done, total)),
    )
    assert [call for call in calls if call[0] == "validate"] == [
        ("validate", 3, 7),
        ("validate", 6, 7),
        ("validate", 7, 7),
    ]
    text = "\n".join(",".join(str(cell) for cell in row) for row in [MEMBER_HEADERS, *rows])
    calls.clear()
    run_import(
        "members",
        text.encode(),
        filename="roster.csv",
        dry_run=True,
        progress=lambda phase, done, total: calls.append((phase, done, total)),
    )
    assert ("validate", 3, 7) in calls


def test_a_first_roster_is_loaded_with_the_indexes_built_once_after_the_last_chunk(tree, chunks_of_three, monkeypatch):
    """The sheet's measured size says the load is most of the table: the plain indexes of the
    members are gone while every chunk is written and back, the same, after the last."""
    monkeypatch.setattr(fastwrite, "BULK_LOAD_ROWS", 5)

    def plain_indexes():
        with connection.cursor() as cursor:
            return sorted(fastwrite._plain_indexes(cursor, Member._meta.db_table))

    before = plain_indexes()
    during = []
    original = MemberImporter.write

    def write(self, rows, *, reason):
        during.append(len(plain_indexes()))
        original(self, rows, reason=reason)

    monkeypatch.setattr(MemberImporter, "write", write)
    with transaction.atomic():  # as the import's worker runs it (fastwrite leaves indexes alone outside one)
        result = import_rows(roster(tree["fuzhou_1"], 8))
    assert result.new == 8 and during == [0, 0, 0]
    assert before and plain_indexes() == before
    assert Member.objects.filter(name_initials="zs").count() == 8  # found through the rebuilt indexes


def test_a_number_too_large_for_a_date_is_that_cells_error_and_the_rest_is_read(tree):
    """python-calamine raises OverflowError on 1E+20 shown as a duration: the sheet is read on by
    the streamed reader from that row, and the cell is an error of its row like any other."""
    rows = roster(tree["fuzhou_1"], 3)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "党员"
    for row in [MEMBER_HEADERS, *rows]:
        sheet.append(row)
    joined = f"{chr(ord('A') + MEMBER_HEADERS.index('入党时间'))}3"
    sheet[joined] = 1e20
    sheet[joined].number_format = "[h]:mm:ss"
    content = io.BytesIO()
    workbook.save(content)
    result = run_import("members", content.getvalue(), filename="roster.xlsx", skip_invalid=True)
    assert (result.new, result.invalid) == (2, 1)
    (error,) = result.errors
    assert (error.row, error.column) == (3, "入党时间")
    assert sorted(Member.objects.values_list("id_number", flat=True)) == sorted(
        [rows[0][ID_COLUMN], rows[2][ID_COLUMN]]
    )


def test_a_refusal_by_the_database_in_a_later_chunk_undoes_the_chunks_before(tree, chunks_of_three, monkeypatch):
    original = MemberImporter.write
    calls = []

    def write(self, rows, *, reason):
        calls.append(len(rows))
        if len(calls) == 2:
            raise IntegrityError("someone wrote the same ID number meanwhile")
        original(self, rows, reason=reason)

    monkeypatch.setattr(MemberImporter, "write", write)
    with pytest.raises(ImportRefused) as refusal:
        import_rows(roster(tree["fuzhou_1"], 9))
    assert refusal.value.code == "write_failed" and "未写入任何数据" in str(refusal.value)
    assert calls == [3, 3] and Member.objects.count() == 0  # the first chunk's three rows undone


def test_a_sheet_read_streamed_reports_its_reading_before_its_first_row_is_checked(
    tree, chunks_of_three, settings, monkeypatch
):
    """A sheet above REGISTRY_IMPORT_STREAMED_CELLS is read through before its first row is handed
    on (minutes at a million rows): how far the reading has got is reported as it goes, of the
    rows the sheet holds, and the import's progress bar (tasks._Progress) makes it the first half
    of the bar, rising to the end without going back."""
    from registry.imports.tasks import _Progress
    from spreadsheets import reading

    settings.REGISTRY_IMPORT_STREAMED_CELLS = 0
    monkeypatch.setattr(reading, "_SPOOL_BATCH", 2)
    calls, bar = [], _Progress()
    percents = []

    def progress(phase, done, total):
        calls.append((phase, done, total))
        bar(phase, done, total)
        percents.append(100 * bar.done // bar.total if bar.total else 0)

    result = import_rows(roster(tree["fuzhou_1"], 7), progress=progress)
    assert result.counts[NEW] == 7
    reads = [call for call in calls if call[0] == "read" and call[2]]
    assert reads == [("read", 2, 8), ("read", 4, 8), ("read", 6, 8), ("read", 8, 8)]  # the header row too
    first_check = next(index for index, call in enumerate(calls) if call[0] == "validate")
    assert calls.index(reads[-1]) < first_check
    assert percents == sorted(percents) and percents[-1] == 100
    assert 0 < percents[calls.index(reads[0])] < 50 <= percents[first_check]


@pytest.mark.parametrize(
    ("calls", "expected"),
    [
        # A roster checked chunk after chunk: the chunks written count as checked, never as a bar of their own.
        (
            [("read", 0, 0), ("validate", 5, 10), ("write", 5, 5), ("validate", 10, 10), ("write", 5, 5)],
            [50, 50, 100, 100],
        ),
        # Another kind: every row checked at once, then written in batches.
        ([("read", 0, 0), ("validate", 0, 10), ("write", 4, 10), ("write", 10, 10)], [0, 40, 100]),
    ],
)
def test_the_import_progress_bar_never_goes_back(calls, expected):
    from registry.imports.tasks import _Progress

    bar, percents = _Progress(), []
    for call in calls:
        bar(*call)
        percents.append(100 * bar.done // bar.total if bar.total else 0)
    assert percents[1:] == expected
