"""The spreadsheet pipeline on its own: a kind that knows nothing of the registry (a price list
kept in a dict) is read, checked, compared and written through the package's public API — the
proof that `spreadsheets` is a leaf any app can build a kind on."""

import gc
import io

import pytest
from openpyxl import Workbook, load_workbook

from spreadsheets.errors import ImportRefused
from spreadsheets.importer import NEW, UNCHANGED, UPDATED, Importer, ParsedRow
from spreadsheets.pipeline import run_importer
from spreadsheets.result import ERROR_COLUMN
from spreadsheets.table import Column
from spreadsheets.values import count_parser, date_parser, text_parser
from spreadsheets.writing import table_workbook


class PriceImporter(Importer):
    """Rows of 品名 / 数量 / 日期 into a dict: new names are added, known names updated."""

    kind = "prices"
    kind_label = "prices"
    sheet_name = "价目"
    columns = (
        Column("name", "品名", ("名称",), text_parser(20), required=True),
        Column("quantity", "数量", (), count_parser, required=True),
        Column("day", "日期", (), date_parser),
    )

    def __init__(self, store: dict, **kwargs):
        super().__init__(**kwargs)
        self.store = store

    def resolve(self, rows: list[ParsedRow]) -> None:
        for row in rows:
            self.check_required(row, ("name", "quantity"))
            if row.errors:
                continue
            given = {"quantity": self.value(row, "quantity")}
            row.data = given
            before = self.store.get(self.value(row, "name"))
            if before is None:
                row.status = NEW
            else:
                self.compare(row, before, given)

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        for row in rows:
            self.store[self.value(row, "name")] = row.data


def workbook(*rows, title=("某商会价目表",)) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(title))  # a title line above the header, as offices write them
    sheet.append(["序号", "名称", "数量", "日期"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_kind_outside_the_registry_is_read_checked_and_written():
    store = {"茶叶": {"quantity": 3}, "瓷器": {"quantity": 1}}
    source = workbook((1, "茶叶", "3人", "2026.1.5"), (2, "瓷器", 4, None), (3, " 丝绸 ", "２", "2026年2月"))
    result = run_importer(PriceImporter(store), source, filename="价目.xlsx")
    assert result.header_row == 2 and "序号" in result.ignored_columns
    assert [o.status for o in result.outcomes] == [UNCHANGED, UPDATED, NEW]
    assert result.written
    assert store == {"茶叶": {"quantity": 3}, "瓷器": {"quantity": 4}, "丝绸": {"quantity": 2}}


@pytest.mark.django_db
def test_one_bad_row_writes_nothing_and_the_error_workbook_says_why():
    store = {}
    result = run_importer(
        PriceImporter(store), workbook((1, "茶叶", "三", None), (2, "瓷器", 2, None)), filename="价目.xlsx"
    )
    assert result.invalid == 1 and not result.written and store == {}
    errors = load_workbook(io.BytesIO(result.error_workbook())).active
    header = [cell.value for cell in errors[1]]
    assert header[-1] == ERROR_COLUMN
    last_row = [cell.value for cell in errors[errors.max_row]]
    assert "茶叶" in last_row and "3人" in last_row[-1]  # the message says what to write instead


@pytest.mark.django_db
def test_skip_invalid_writes_the_good_rows_and_a_dry_run_writes_nothing():
    store = {}
    source = workbook((1, "茶叶", "三", None), (2, "瓷器", 2, None))
    dry = run_importer(PriceImporter(store), source, filename="x.xlsx", dry_run=True, skip_invalid=True)
    assert dry.counts["new"] == 1 and not dry.written and store == {}
    run_importer(PriceImporter(store), source, filename="x.xlsx", skip_invalid=True)
    assert store == {"瓷器": {"quantity": 2}}


def test_a_file_without_the_kinds_header_is_refused_in_words():
    book = Workbook()
    book.active.append(["姓名", "电话"])
    book.active.append(["王芳", "13800000000"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ImportRefused) as refusal:
        run_importer(PriceImporter({}), buffer.getvalue(), filename="x.xlsx")
    assert "品名" in refusal.value.message  # it names the columns it looked for


def test_the_writer_keeps_texts_as_texts_and_never_writes_a_formula():
    content, rows = table_workbook("表", ["号码", "备注"], [["350124198903221654", "=1+1"]], text_columns=[True, False])
    sheet = load_workbook(io.BytesIO(content)).active
    assert rows == 1
    number, note = sheet["A2"], sheet["B2"]
    assert number.value == "350124198903221654" and number.number_format == "@"
    assert note.value == "'=1+1" and note.data_type == "s"


@pytest.mark.django_db
def test_the_cyclic_collector_rests_while_the_rows_are_read_and_checked():
    """A run makes millions of objects in no cycle: the collector, which would walk them again and
    again, is paused while they are read and checked, and works again for the writing (without
    them) and after the run (with them), whether the file was written or refused."""
    seen = []

    class Watched(PriceImporter):
        def resolve(self, rows):
            seen.append(("resolve", gc.isenabled()))
            super().resolve(rows)

        def write(self, rows, *, reason):
            seen.append(("write", gc.isenabled(), gc.get_freeze_count() > 0))
            super().write(rows, reason=reason)

    run_importer(Watched({}), workbook((1, "茶叶", 3, None)), filename="价目.xlsx")
    # While it writes, what the reading made is frozen out of its passes; after the run, nothing is.
    assert seen == [("resolve", False), ("write", True, True)]
    assert gc.isenabled() and gc.get_freeze_count() == 0
    with pytest.raises(ImportRefused):
        run_importer(Watched({}), workbook(), filename="价目.xlsx")  # no rows below the header
    assert gc.isenabled() and gc.get_freeze_count() == 0
