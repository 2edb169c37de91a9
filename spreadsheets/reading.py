"""Reading a spreadsheet as secretaries send it: .xlsx, .xls, .ods, or .csv in UTF-8 or GBK.

The file is refused as a whole (ImportRefused, one sentence that says why) when it is not a
spreadsheet at all, is empty, too large, password-protected, or a zip bomb. Everything else is
handed on as rows of raw cell values, with the row numbers Excel shows.

python-calamine reads the workbooks: it is ten times faster than openpyxl on large files. It
returns the cached value of a formula cell, never the formula, so formula cells are found
separately in the file's XML (for .xlsx and .ods) and reported as errors by the pipeline.

python-calamine holds a whole sheet in memory, though (about 1.2 KB a row of 20 columns): an .xlsx
sheet larger than REGISTRY_IMPORT_STREAMED_CELLS is read row by row instead, by openpyxl's
read-only reader, and its cells given the values python-calamine gives (_streamed_rows).
"""

import array
import contextlib
import csv
import ctypes
import datetime
import hashlib
import io
import itertools
import math
import os
import pickle
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.worksheet._reader import WorkSheetParser
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum

from spreadsheets.dates import MonthDate
from spreadsheets.errors import ImportRefused

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# What the XML inside an .xlsx/.ods may expand to. A real 20 MB workbook expands about tenfold;
# a zip bomb expands a thousandfold.
DEFAULT_MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
# How much of a sheet is read at most: its rows, and its cells (the rectangle from the first used
# cell to the last, which is what the reader holds in memory). Well above a real roster (100,000
# rows of 60 columns); far below what a small file can declare (one cell at XFD1048576 is 17
# billion cells to a reader that fills the rectangle).
DEFAULT_MAX_ROWS = 250_000
DEFAULT_MAX_CELLS = 20_000_000
# An .xlsx sheet whose rectangle holds more cells than this is read streamed, in memory that does not
# grow with its rows, rather than by python-calamine (six to seven times faster, and 120 MB for 100,000
# rows of 20 columns): a roster of 100,000 rows of 20 columns (2 million cells) is still read at once.
DEFAULT_STREAMED_CELLS = 3_000_000
# A row whose XML is larger than this without ending is a row no roster holds.
_MAX_ROW_BYTES = 16 * 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
TEXT_EXTENSIONS = {".csv", ".txt", ".tsv"}
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Cheap byte searches that find every formula cell (and, rarely, something else): only a sheet
# where one matches is parsed to find which cells hold formulas.
_FORMULA_MARKS = (b"<f", b":f")  # <f>, <f t="shared" …>, <x:f>
_ODS_FORMULA_MARKS = (b"table:formula=",)


def max_bytes() -> int:
    return int(getattr(settings, "REGISTRY_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_uncompressed_bytes() -> int:
    return int(getattr(settings, "REGISTRY_IMPORT_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES))


def max_rows() -> int:
    return int(getattr(settings, "REGISTRY_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_cells() -> int:
    return int(getattr(settings, "REGISTRY_IMPORT_MAX_CELLS", DEFAULT_MAX_CELLS))


def streamed_cells() -> int:
    return int(getattr(settings, "REGISTRY_IMPORT_STREAMED_CELLS", DEFAULT_STREAMED_CELLS))


def _too_many_cells(sheet_name: str) -> ImportRefused:
    return ImportRefused(
        _(
            "The sheet “%(sheet)s” holds more than %(rows)s rows or %(cells)s cells, more than can be imported at "
            "once. Split it into several files, or delete the empty rows and columns below and to the right of the "
            "table."
        )
        % {"sheet": sheet_name, "rows": f"{max_rows():,}", "cells": f"{max_cells():,}"},
        code="too_many_cells",
    )


class _Extent:
    """Counts a sheet's rows and the rectangle of its cells as they are read, and refuses the
    sheet (ImportRefused) the moment either passes the limit: the work is bounded, not only the
    bytes."""

    def __init__(self, sheet_name: str):
        self.sheet_name = sheet_name
        self.row_limit, self.cell_limit = max_rows(), max_cells()
        self.rows = self.cells = self.columns = 0
        self.first_row = self.last_row = None

    def fits(self, *, first_row: int, last_row: int, columns: int) -> bool:
        """Whether the rectangle, with these rows and this many columns, stays within the limit."""
        first = first_row if self.first_row is None else min(self.first_row, first_row)
        last = last_row if self.last_row is None else max(self.last_row, last_row)
        return (last - first + 1) * max(self.columns, columns) <= self.cell_limit

    def add(self, *, rows: int, first_row: int | None, last_row: int, columns: int, cells: int) -> None:
        """Rows read (`rows` of them, numbered first_row to last_row in the sheet; None when they
        hold nothing), reaching `columns` columns and holding `cells` cells."""
        self.rows += rows
        self.cells += cells
        if first_row is not None:
            self.first_row = first_row if self.first_row is None else min(self.first_row, first_row)
            self.last_row = last_row if self.last_row is None else max(self.last_row, last_row)
            self.columns = max(self.columns, columns)
        height = self.height
        if (
            self.rows > self.row_limit
            or height > self.row_limit
            or self.cells > self.cell_limit
            or height * self.columns > self.cell_limit
        ):
            raise _too_many_cells(self.sheet_name)

    @property
    def height(self) -> int:
        return 0 if self.first_row is None else self.last_row - self.first_row + 1

    @property
    def rectangle(self) -> int:
        """The cells from the first used row to the last, as wide as the widest row."""
        return self.height * self.columns


@dataclass
class Sheet:
    """One sheet's rows. `rows()` yields (excel_row_number, [cell, ...]) with empty cells as ''."""

    name: str
    _rows: object
    formula_cells: set = field(default_factory=set)  # {(excel_row, column_index)}
    # How many rows the sheet holds, about (a progress bar's total; whether a load is most of a
    # table): measured before reading an .xlsx, known once an .xls or .ods sheet is loaded, counted
    # lines of a CSV; None when not known.
    rows_hint: int | None = None

    def rows(self) -> Iterator[tuple[int, list]]:
        return self._rows()


@dataclass
class SourceFile:
    """The bytes of an upload, with what the import record needs: name, size, checksum."""

    name: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def load_source(source, filename: str | None = None) -> SourceFile:
    """Reads a path, bytes or a file-like object (a Django upload), refusing what is too large
    before reading it all."""
    limit = max_bytes()
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError:
            raise ImportRefused(
                _("The file %(name)s cannot be opened.") % {"name": path.name}, code="unreadable"
            ) from None
        _refuse_if_too_large(size, limit)
        return SourceFile(filename or path.name, path.read_bytes())
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:  # a file-like object: read one byte past the limit to know whether it is over
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(limit + 1)
        filename = filename or getattr(source, "name", None)
    _refuse_if_too_large(len(data), limit)
    return SourceFile(os.path.basename(filename or ""), data)


def _refuse_if_too_large(size: int, limit: int) -> None:
    if size > limit:
        raise ImportRefused(
            _(
                "The file is too large (%(size)s MB); at most %(limit)s MB can be imported at once. Split it "
                "into several files."
            )
            % {"size": f"{size / 1048576:.1f}", "limit": f"{limit / 1048576:g}"},
            code="too_large",
        )


def sniff_format(source: SourceFile) -> str:
    """'xlsx', 'ods', 'xls' or 'csv' from the bytes themselves; the name only tells CSV apart."""
    data = source.data
    extension = Path(source.name).suffix.lower()
    if not data.strip():
        raise ImportRefused(_("The file is empty."), code="empty")
    if data.startswith(ZIP_MAGIC):
        return _zip_format(data)
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in data:
            raise _password_refusal()
        return "xls"
    if data.startswith(UTF16_BOMS) or extension in TEXT_EXTENSIONS or (not extension and _looks_like_text(data)):
        return "csv"  # Excel's "Unicode text" is UTF-16 with a byte order mark, whatever its name
    raise _not_a_spreadsheet()


def _looks_like_text(data: bytes) -> bool:
    return b"\x00" not in data[:65536]


def _zip_format(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise _not_a_spreadsheet() from None
    if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
        return "ods"
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    raise _not_a_spreadsheet()


def _not_a_spreadsheet() -> ImportRefused:
    return ImportRefused(
        _(
            "This file is not a spreadsheet. Save it from Excel or WPS as .xlsx (or .xls, .ods, .csv) and "
            "upload that file."
        ),
        code="not_a_spreadsheet",
    )


def _password_refusal() -> ImportRefused:
    return ImportRefused(
        _(
            "The workbook is protected with a password. Open it in Excel, remove the password (File → Info → "
            "Protect Workbook), save it and upload it again."
        ),
        code="password",
    )


# --- zip archives: bombs and formulas ---------------------------------------------------------


def check_archive(data: bytes, fmt: str) -> tuple[dict[str, set], dict[str, "_Extent"]]:
    """Refuses zip bombs from the archive's directory and, since a directory can lie, by
    decompressing the XML with a cap. Returns the formula cells per sheet name, and for an .xlsx
    each sheet's size as measured (_Extent: open_sheets streams the large ones, and tells the
    import how many rows to expect)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    limit = max_uncompressed_bytes()
    declared = sum(info.file_size for info in infos)
    for info in infos:
        if info.file_size > 10 * 1024 * 1024 and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise _bomb_refusal()
    if declared > limit:
        raise _bomb_refusal()
    try:
        if fmt == "xlsx":
            sizes = {}
            return _xlsx_formulas(archive, limit, sizes), sizes
        return _ods_formulas(archive, limit), {}
    except (zipfile.BadZipFile, zlib.error, EOFError, ElementTree.ParseError, NotImplementedError, ValueError):
        # A damaged archive, a CRC that does not match what the directory says, an unknown
        # compression: not something the reader should be let loose on.
        raise _not_a_spreadsheet() from None


def _bomb_refusal() -> ImportRefused:
    return ImportRefused(
        _(
            "The file expands to far more data than a roster can hold (it may be a damaged or malicious file). "
            "Open it in Excel, check it, and save it again."
        ),
        code="zip_bomb",
    )


def _stream(archive: zipfile.ZipFile, name: str, budget: list[int]) -> Iterator[bytes]:
    """Decompresses one member in chunks, counting against the shared budget."""
    with archive.open(name) as handle:
        while True:
            chunk = handle.read(4 << 20)
            if not chunk:
                return
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise _bomb_refusal()
            yield chunk


def _has_marks(archive, name, marks, budget) -> bool:
    tail = b""
    found = False
    for chunk in _stream(archive, name, budget):
        if not found:
            window = tail + chunk[:32]
            found = any(mark in chunk or mark in window for mark in marks)
        tail = chunk[-32:]  # keep reading when found: the whole member must be within the budget
    return found


def _xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the path of its XML inside the archive."""
    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts = {}
    for sheet in workbook.iter(f"{ns_main}sheet"):
        target = targets.get(sheet.get(f"{ns_rel}id"), "")
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        parts[sheet.get("name")] = os.path.normpath(target).replace(os.sep, "/")
    return parts


def _xlsx_formulas(archive: zipfile.ZipFile, limit: int, sizes: dict[str, "_Extent"]) -> dict[str, set]:
    """The formula cells per sheet; `sizes` gets each sheet's measurement (_Extent)."""
    budget = [limit]
    names = set(archive.namelist())
    formulas = {}
    sheet_parts = _xlsx_sheet_parts(archive)
    for sheet_name, part in sheet_parts.items():
        if part not in names:
            continue
        extent = _Extent(sheet_name)
        if _scan_xlsx_sheet(archive, part, extent, budget):
            formulas[sheet_name] = _xlsx_formula_cells(archive, part)
        sizes[sheet_name] = extent
    _drain_others(archive, set(sheet_parts.values()), budget)
    return formulas


_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_ROW_TAG = re.compile(rb"<" + _PREFIX + rb"row\b([^>]*)>")
_UNPREFIXED_ROW_TAG = re.compile(rb"<row\b([^>]*)>")  # the same where no tag has a prefix: ten times faster
_ROW_NUMBER = re.compile(rb"""\sr=["'](\d{1,9})["']""")
_ROW = re.compile(rb"<" + _PREFIX + rb"row\b[^>]*?(?:/>|>(.*?)</" + _PREFIX + rb"row>)", re.S)
_CELL = re.compile(rb"<" + _PREFIX + rb"c\b")
_ROW_WITH_CELL = re.compile(rb"<" + _PREFIX + rb"row\b[^>]*>\s*<" + _PREFIX + rb"c\b()")  # (): no copies
# Only a cell's reference has letters in an r="…" inside sheetData (a row's is digits alone).
_CELL_COLUMN = re.compile(rb"""\sr=["']([A-Za-z]{1,3})\d""")
# A cell tag whose first attribute is its reference (<c r="C5" …>), as Excel and WPS write every cell:
# found by a search that starts with a fixed text, seven times faster than one that starts with any
# white space; with a namespace prefix (<x:c r="C5">), by the slower one.
_TAG_CELL_COLUMN = re.compile(rb"""<c r="([A-Za-z]{1,3})\d""")
_PREFIXED_TAG_CELL_COLUMN = re.compile(rb"<" + _PREFIX + rb"""c\s+r=["']([A-Za-z]{1,3})\d""")


def _scan_xlsx_sheet(archive, part: str, extent: _Extent, budget: list[int]) -> bool:
    """Reads one sheet's XML as it is decompressed, measuring it into `extent`, which refuses it as
    soon as it holds more rows or cells than may be read, before any reader fills its rectangle in
    memory. Returns whether the XML may hold formula cells (_FORMULA_MARKS)."""
    sheet_name = extent.sheet_name
    pending, tail, found, last_row = b"", b"", False, 0
    chunks = _stream(archive, part, budget)
    for chunk in itertools.chain(chunks, [None]):
        if chunk is None:  # the end: whatever is pending is complete
            complete, pending = pending, b""
        else:
            if not found:
                # (A mark's first byte is looked for first: missing, as a colon mostly is, at memchr's speed.)
                found = any(
                    (mark[:1] in chunk and mark in chunk) or mark in tail + chunk[:32] for mark in _FORMULA_MARKS
                )
                tail = chunk[-32:]
            pending += chunk
            # Rows do not nest: everything before the last row's start tag is whole rows.
            cut = pending.rfind(b"<row")
            cut = max(cut, pending.rfind(b":row", max(cut, 0)))  # a prefixed row after it (searched back to it only)
            if cut < 0:
                cut = max(len(pending) - 32, 0)
            complete, pending = pending[:cut], pending[cut:]
            if len(pending) > _MAX_ROW_BYTES:
                raise _too_many_cells(sheet_name)
        last_row = _measure_rows(complete, extent, last_row)
    return found


def _count_tags(xml: bytes, name: bytes) -> int:
    """How many elements `name` start in `xml`, without a namespace prefix. When every `<name` is
    followed by a space, as Excel and WPS write cells and rows, two searches tell it instead of six."""
    spaced = xml.count(b"<" + name + b" ")
    if spaced == xml.count(b"<" + name):
        return spaced
    return sum(xml.count(b"<" + name + end) for end in (b" ", b"\t", b"\n", b"\r", b">", b"/"))


def _count_cells(xml: bytes, colons: bool = True) -> int:
    """`colons`: whether `xml` may hold a colon at all (when it holds none, no tag has a prefix)."""
    if colons and b":c" in xml:  # a namespace prefix somewhere (<x:c>): a regular expression finds every cell
        return len(_CELL.findall(xml))
    return _count_tags(xml, b"c")  # as Excel and WPS write


def _cell_columns(xml: bytes, colons: bool) -> list[bytes]:
    """The letters of the references that cell tags begin with. Each is found in a cell's start tag
    (a "<" is never text in XML), so there are never more than the cells _count_cells counts, and as
    many only when every cell is referenced so: text that reads like a reference ( r="C5" in a
    string) cannot stand in for a cell that has none, whose place is after the cell before it."""
    if colons and b":c" in xml:
        return _PREFIXED_TAG_CELL_COLUMN.findall(xml)
    return _TAG_CELL_COLUMN.findall(xml)


def _measure_rows(xml: bytes, extent: _Extent, last_row: int) -> int:
    """Adds the whole rows in `xml` to the extent; returns the number of the last one. Excel and
    WPS number every row and cell (r="5", r="C5"); for those, the regular expressions count in
    bulk; a row or cell without a number is where the previous one ended. Rows without any
    attribute or prefix (<row>) are counted without a regular expression."""
    colons = b":" in xml  # none (no prefix anywhere) spares looking for each prefixed tag
    prefixed_rows = colons and b":row" in xml
    plain = (
        not prefixed_rows
        and b"<row " not in xml  # found at once where rows have attributes, as Excel writes them
        and _count_tags(xml, b"row") == xml.count(b"<row>") + xml.count(b"<row/>")
    )
    if plain:
        count, tags = xml.count(b"<row>") + xml.count(b"<row/>"), None
    else:
        tags = (_ROW_TAG if prefixed_rows else _UNPREFIXED_ROW_TAG).findall(xml)
        count = len(tags)
    if not count:
        return last_row
    if extent.rows + count > extent.row_limit:
        raise _too_many_cells(extent.sheet_name)
    named = [] if plain else [int(number) for number in _ROW_NUMBER.findall(b"\0".join(tags))]
    if len(named) == count:
        numbers = named
    elif not named:
        numbers = [last_row + 1, last_row + count]
    else:
        numbers = []
        for attributes in tags:
            number = _ROW_NUMBER.search(attributes)
            numbers.append(int(number[1]) if number else (numbers[-1] if numbers else last_row) + 1)
    last_row = numbers[-1]
    letters = _cell_columns(xml, colons) if b"r=" in xml else None  # None: no reference at all
    # Every tag that begins "<c" a cell referenced as Excel writes it: they are the cells, counted.
    if letters is not None and not (colons and b":c" in xml) and len(letters) == xml.count(b"<c"):
        cells = len(letters)
    else:
        cells = _count_cells(xml, colons)
    if letters is not None and len(letters) == cells:
        columns = max((_column_index(text.decode().upper()) + 1 for text in set(letters)), default=0)
    elif letters is None and extent.fits(
        first_row=min(numbers), last_row=max(numbers), columns=(widest := _widest(xml, plain, cells))
    ):
        columns = widest
    else:
        columns = 0
        for row in _ROW.finditer(xml):
            body = row[1]
            if body:
                columns = max(columns, _count_cells(body))
                if b"r=" in body:
                    named = {_column_index(text.decode().upper()) + 1 for text in _CELL_COLUMN.findall(body)}
                    columns = max(columns, *named) if named else columns
    extent.add(rows=count, first_row=min(numbers), last_row=max(numbers), columns=columns, cells=cells)
    return last_row


def _widest(xml: bytes, plain: bool, cells: int) -> int:
    """With no reference at all, no row is wider than the cells left when every other row that
    has any holds one: enough for a sheet of one-cell rows, without looking at each."""
    return cells - (xml.count(b"<row><c") if plain else len(_ROW_WITH_CELL.findall(xml))) + 1


def _drain_others(archive: zipfile.ZipFile, done: set, budget: list[int]) -> None:
    """Every other member is decompressed too, against the same budget: a directory that lies
    about one of them must not let it expand inside the reader."""
    for info in archive.infolist():
        if info.filename not in done and not info.is_dir():
            for _chunk in _stream(archive, info.filename, budget):
                pass


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + (ord(char) - 64)
    return index - 1


def _xlsx_formula_cells(archive, part) -> set:
    cells = set()
    with archive.open(part) as handle:
        for _event, element in ElementTree.iterparse(handle):
            if element.tag.endswith("}c") or element.tag == "c":
                if any(child.tag.endswith("}f") or child.tag == "f" for child in element):
                    match = re.match(r"([A-Z]+)(\d+)", element.get("r", ""))
                    if match:
                        cells.add((int(match[2]), _column_index(match[1])))
                element.clear()
    return cells


# A number format that shows a date to the month only: years and months, no day, no time.
_MONTH_FORMAT = re.compile(r"^(?=.*y)(?=.*m)[^dhs]*$", re.IGNORECASE)
# Excel's own month formats: mmm-yy, and yyyy"年"m"月" in a Chinese Excel.
BUILTIN_MONTH_FORMATS = {"17", "57"}


def _xlsx_month_cells(data: bytes) -> dict[str, set]:
    """Sheet name → {(excel_row, column_index)} of the cells whose number format shows a month
    only (yyyy-mm, yyyy"年"m"月"): dates known to the month, as the registry's exports write them.
    Nothing to scan when the styles hold no such format. (The archive's sizes were checked.)"""
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return {}
    month_styles = {str(index) for index in _xlsx_month_styles(archive)}
    if not month_styles:
        return {}
    found = {}
    names = set(archive.namelist())
    for sheet_name, part in _xlsx_sheet_parts(archive).items():
        if part not in names:
            continue
        cells = set()
        with archive.open(part) as handle:
            for _event, element in ElementTree.iterparse(handle):
                if element.tag == f"{ns}c":
                    if element.get("s") in month_styles:
                        match = re.match(r"([A-Z]+)(\d+)", element.get("r", ""))
                        if match:
                            cells.add((int(match[2]), _column_index(match[1])))
                    element.clear()
                elif element.tag == f"{ns}row":
                    element.clear()
        found[sheet_name] = cells
    return found


def _xlsx_styles(archive: zipfile.ZipFile):
    try:
        return ElementTree.fromstring(archive.read("xl/styles.xml"))
    except (KeyError, ElementTree.ParseError):
        return None


def _xlsx_month_styles(archive: zipfile.ZipFile) -> set[int]:
    """The indexes of the cell formats (a cell's s="…") that show a month only."""
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    styles = _xlsx_styles(archive)
    if styles is None:
        return set()
    month_formats = BUILTIN_MONTH_FORMATS | {
        element.get("numFmtId")
        for element in styles.iter(f"{ns}numFmt")
        if _MONTH_FORMAT.match(re.sub(r'"[^"]*"|\\.|\[[^]]*\]', "", element.get("formatCode", "")))
    }
    cell_formats = styles.find(f"{ns}cellXfs")
    return {
        index
        for index, xf in enumerate(cell_formats if cell_formats is not None else [])
        if xf.get("numFmtId") in month_formats
    }


def _ods_formulas(archive: zipfile.ZipFile, limit: int) -> dict[str, set]:
    budget = [limit]
    if "content.xml" not in archive.namelist():
        raise _not_a_spreadsheet()
    has_formulas = _has_marks(archive, "content.xml", _ODS_FORMULA_MARKS, budget)
    _scan_ods(archive)
    _drain_others(archive, {"content.xml"}, budget)
    if not has_formulas:
        return {}
    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    cell_tags = (f"{{{table_ns}}}table-cell", f"{{{table_ns}}}covered-table-cell")
    formulas: dict[str, set] = {}
    sheet, row, column = None, 0, 0
    with archive.open("content.xml") as handle:
        for event, element in ElementTree.iterparse(handle, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == f"{{{table_ns}}}table":
                    sheet, row = element.get(f"{{{table_ns}}}name"), 0
                elif tag == f"{{{table_ns}}}table-row":
                    column = 0
                elif tag in cell_tags and element.get(f"{{{table_ns}}}formula"):
                    formulas.setdefault(sheet, set()).add((row + 1, column))
            else:
                if tag == f"{{{table_ns}}}table-row":
                    row += int(element.get(f"{{{table_ns}}}number-rows-repeated", "1"))
                    element.clear()
                elif tag in cell_tags:
                    column += int(element.get(f"{{{table_ns}}}number-columns-repeated", "1"))
    return formulas


def _scan_ods(archive: zipfile.ZipFile) -> None:
    """Refuses an .ods sheet that holds more rows or cells than may be read (_Extent), counting a
    row or cell repeated (number-rows-repeated, number-columns-repeated) as often as it is
    repeated when it holds a value: a reader fills them all in. Empty repeated rows and columns,
    which LibreOffice writes to the end of every sheet, are one row each."""
    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    cell_tags = (f"{table}table-cell", f"{table}covered-table-cell")
    extent, row, column, last_column, row_cells = None, 0, 0, 0, 0
    with archive.open("content.xml") as handle:
        for event, element in ElementTree.iterparse(handle, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == f"{table}table":
                    extent, row = _Extent(element.get(f"{table}name") or ""), 0
                elif tag == f"{table}table-row":
                    column = last_column = row_cells = 0
            elif tag in cell_tags:
                repeat = min(int(element.get(f"{table}number-columns-repeated", "1")), 1 << 20)
                if element.get(f"{office}value-type") or len(element):
                    last_column, row_cells = column + repeat, row_cells + repeat
                column += repeat
                element.clear()
            elif tag == f"{table}table-row" and extent is not None:
                repeat = min(int(element.get(f"{table}number-rows-repeated", "1")), 1 << 20)
                first = row + 1 if row_cells else None
                extent.add(
                    rows=1, first_row=first, last_row=row + repeat, columns=last_column, cells=row_cells * repeat
                )
                row += repeat
                element.clear()


# --- sheets -------------------------------------------------------------------------------------


def open_sheets(source: SourceFile) -> tuple[str, list[Sheet]]:
    """The file's format and its sheets, in workbook order (a CSV file has one)."""
    fmt = sniff_format(source)
    if fmt == "csv":
        return fmt, [_csv_sheet(source)]
    formulas, sizes = check_archive(source.data, fmt) if fmt in ("xlsx", "ods") else ({}, {})
    # A workbook with a sheet larger than REGISTRY_IMPORT_STREAMED_CELLS is read streamed, every sheet
    # of it: python-calamine, opening it for a small sheet, would copy the large file into memory.
    # Only an .xlsx: an .xls holds at most 65,536 rows, and an .ods keeps all its sheets in one
    # content.xml, which python-calamine reads whatever its size (openpyxl does not read .ods).
    threshold = streamed_cells()
    if any(extent.rectangle > threshold for extent in sizes.values()):
        return fmt, [
            Sheet(
                name,
                _streamed_rows(source.data, name, _rows_of(sizes.get(name))),
                formulas.get(name, set()),
                _rows_of(sizes.get(name)),
            )
            for name in _xlsx_worksheets(source.data)
        ]
    months = _xlsx_month_cells(source.data) if fmt == "xlsx" else {}
    sheets = []
    for name in _worksheet_names(source.data):
        sheet = Sheet(name, None, formulas.get(name, set()), _rows_of(sizes.get(name)))
        sheet._rows = _calamine_rows(source.data, name, months.get(name), described=sheet)
        sheets.append(sheet)
    return fmt, sheets


def _rows_of(extent) -> int | None:
    return extent.rows if extent is not None else None


def _worksheet_names(data: bytes) -> list[str]:
    """The workbook's worksheets, in order, as python-calamine lists them."""
    workbook = _open_workbook(data)
    names = [metadata.name for metadata in workbook.sheets_metadata if metadata.typ == SheetTypeEnum.WorkSheet]
    workbook.close()
    return names


def _xlsx_worksheets(data: bytes) -> list[str]:
    """The worksheets of an .xlsx, in order, read as python-calamine reads them (by the type of each
    sheet's relationship: a type it does not know makes the file unreadable) but without it: opening
    a workbook, python-calamine copies the file into memory, 2.7 times its size at the peak (390 MB
    for the 141 MB of 1,000,000 rows), and reads all its shared strings (76 MB more)."""
    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relationships = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        raise _not_a_spreadsheet() from None
    kinds = {rel.get("Id"): (rel.get("Type") or "").rpartition("/")[2] for rel in relationships}
    names = []
    for sheet in workbook.iter(f"{ns_main}sheet"):
        kind = kinds.get(sheet.get(f"{ns_rel}id"))
        if kind not in ("worksheet", "chartsheet", "dialogsheet"):
            raise _not_a_spreadsheet()
        if kind == "worksheet":
            names.append(sheet.get("name"))
    return names


def _open_workbook(data: bytes) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise _password_refusal() from None
    except (CalamineError, ValueError, OSError, RuntimeError):
        raise _not_a_spreadsheet() from None
    except BaseException as error:  # the Rust side may raise PanicException, a BaseException
        if type(error).__name__ == "PanicException":
            raise _not_a_spreadsheet() from None
        raise


def _calamine_rows(data: bytes, name, month_cells: set | None = None, described: Sheet | None = None):
    """The sheet's rows; a date cell shown as a month (`month_cells`) is a MonthDate. The workbook
    is opened for the sheet (40 ms for 100,000 rows) and closed once the sheet is loaded: its copy
    of the file (14 MB) does not stay beside the sheet's cells while they are read. `described`
    learns the sheet's height then, if it was not measured before.

    python-calamine cannot make a date or a duration of a number too large for one (1E+20 shown as
    [h]:mm:ss): it raises OverflowError. An .xlsx sheet is then read on from the next row by the
    streamed reader, which hands such a number on as it is, for its column to say what is wrong
    with it; another format is refused, with the sentence that says so."""
    read = [0]  # the rows handed on

    def rows():
        try:
            for number, cells in _calamine_sheet_rows(data, name, month_cells, described):
                read[0] = number
                yield number, cells
        except OverflowError:
            if sniff_format(SourceFile("", data)) != "xlsx":
                raise ImportRefused(
                    _(
                        "The sheet “%(sheet)s” holds a number too large to be a date or a duration. Find the "
                        "cell shown as ##### in Excel, correct it, and upload the file again."
                    )
                    % {"sheet": name},
                    code="overflow",
                ) from None
            for number, cells in _streamed_rows(data, name)():
                if number > read[0]:
                    yield number, cells

    return rows


def _calamine_sheet_rows(data: bytes, name, month_cells, described):
    """The rows of one sheet as python-calamine reads it (_calamine_rows)."""
    workbook = _open_workbook(data)
    try:
        sheet = workbook.get_sheet_by_name(name)
    except PasswordError:
        raise _password_refusal() from None
    except (CalamineError, ValueError, RuntimeError):
        raise _not_a_spreadsheet() from None
    finally:
        workbook.close()
    start = sheet.start
    if start is None:
        return
    # An .xlsx or .ods sheet was measured before it was read (check_archive); an .xls one,
    # whose format holds at most 65,536 rows of 256 columns, is measured here.
    if sheet.height > max_rows() or sheet.height * sheet.width > max_cells():
        raise _too_many_cells(name)
    if described is not None and described.rows_hint is None:
        described.rows_hint = sheet.height
    # iter_rows counts rows from the top of the sheet, columns from the first used one.
    padding = [""] * start[1]
    for index, cells in enumerate(sheet.iter_rows()):
        cells = (padding + cells) if padding else cells
        if month_cells:
            for column, value in enumerate(cells):
                if isinstance(value, datetime.date) and (index + 1, column) in month_cells:
                    cells[column] = MonthDate.of(value)
        yield index + 1, cells
    # Read to the end: the reader's copy of the cells (120 MB for 100,000 rows of 20 columns)
    # goes now, not when the import is over, and what it held goes back to the system.
    del sheet
    give_back_memory()


# --- streamed reading of a large .xlsx sheet -----------------------------------------------------

# A cell's number format as python-calamine classes it (calamine's formats.rs): a date and time, or
# a duration ([h]:mm).
_DATE, _DURATION = "date", "duration"
# Built-in formats, by id (as python-calamine 0.9 reads them: the Chinese, Japanese and Korean ones too).
_BUILTIN_DATE_FORMATS = {
    str(number_id): _DATE for number_id in (*range(14, 23), *range(27, 37), 45, 47, *range(50, 59))
} | {"46": _DURATION}
_MS_PER_DAY = 86_400_000
_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
# python-calamine's datetimes stay within chrono's years (±262,143) or they are the float.
_CHRONO_DAYS = 95_000_000
_ESCAPED_CHARACTER = re.compile(r"_x00([0-9A-Fa-f]{2})_")
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_XLSX_SHEET_DATA, _XLSX_ROW, _XLSX_INLINE_STRING = f"{_MAIN_NS}sheetData", f"{_MAIN_NS}row", f"{_MAIN_NS}is"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Rows written to the spool at once.
_SPOOL_BATCH = 2_000
# Who hears how far a sheet read streamed has got before its first row is handed on: progress(phase,
# done, total), as an import's (reading_progress).
_READING_PROGRESS: ContextVar = ContextVar("reading_progress", default=None)


@contextlib.contextmanager
def reading_progress(report):
    """While inside, a sheet read streamed reports ("read", rows read, rows in the sheet) to `report`
    as it reads the sheet through, before its first row is handed on."""
    token = _READING_PROGRESS.set(report)
    try:
        yield
    finally:
        _READING_PROGRESS.reset(token)


# A cell python-calamine does not count as used (no value): it neither widens the sheet nor lengthens it.
_EMPTY = object()


def _streamed_rows(data: bytes, name, rows_hint: int | None = None):
    """The sheet's rows as _calamine_rows gives them, read in memory that does not grow with the
    rows. openpyxl's read-only reader parses each row's cells (types, shared and inline strings,
    rows and cells without a reference) as the XML is decompressed, handing on each number as
    written with its style; the number becomes the date, time, duration or float python-calamine
    makes of it, under calamine's rules for date formats, which are not openpyxl's (_calamine_cell).
    The text is calamine's too (_calamine_text). The rows are padded as python-calamine pads them,
    from the top of the sheet and to the width of its widest used cell, known only at its end: the
    rows go to a temporary file as they are read and are handed on from it."""

    def rows():
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            part = _xlsx_sheet_parts(archive)[name]
            formats, month_styles = _calamine_formats(archive), _xlsx_month_styles(archive)
            is_1904 = _xlsx_1904(archive)
        except (KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
            raise _not_a_spreadsheet() from None
        with tempfile.TemporaryFile(prefix="registry-import-") as spool:
            with tempfile.TemporaryFile(prefix="registry-import-strings-") as strings_file:
                try:
                    strings = _SharedStrings(archive, strings_file)
                    with archive.open(part) as source:
                        parsed = _parsed_rows(source, strings)
                        batches, width = _spool_rows(parsed, formats, month_styles, is_1904, spool, rows_hint)
                except (KeyError, ValueError, TypeError, IndexError, zlib.error, ElementTree.ParseError):
                    raise _not_a_spreadsheet() from None
            give_back_memory()
            spool.seek(0)
            yield from _replay(spool, batches, width)

    return rows


def _parsed_rows(source, strings: "_SharedStrings") -> Iterator[tuple[object, list[dict]]]:
    """(row element, its cells as openpyxl's read-only reader parses them) for each row of the
    sheet's XML, with no date formats: numbers as written. Each row is let go once parsed, from
    the tree too (openpyxl's own loop keeps every parsed row's emptied element: 80 bytes a row)."""
    parser = WorkSheetParser(source, strings, data_only=True, date_formats=set(), timedelta_formats=set())
    sheet_data = None
    for event, element in ElementTree.iterparse(source, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == _XLSX_SHEET_DATA:
                sheet_data = element
        elif tag == _XLSX_ROW:
            yield element, parser.parse_row(element)[1]
            element.clear()
            if sheet_data is not None:
                sheet_data.clear()
            parser.row_dimensions.clear()  # a row's height and style, kept by openpyxl for each row


def _spool_rows(parsed, formats: list, month_styles: set, is_1904: bool, spool, rows_hint=None) -> tuple[int, int]:
    """Writes the sheet's used rows to `spool` in batches of (row_number, first_column, cells);
    returns how many batches, and the width of the rows (the last used column + 1). Whoever
    listens (reading_progress) hears how many rows are read, of about `rows_hint`, after each batch:
    a million rows take minutes before the first is handed on."""
    width = batches = spooled = 0
    batch = []
    report = _READING_PROGRESS.get()
    for row, parsed_cells in parsed:
        first = last = number = None
        cells = []
        for element, cell in zip(row, parsed_cells, strict=True):
            number = cell["row"]
            value = _calamine_cell(cell, formats, is_1904)
            if value is _EMPTY:
                continue
            if cell["data_type"] == "s" and element.get("t") == "inlineStr":
                value = _calamine_text(element.find(_XLSX_INLINE_STRING))
            elif month_styles and isinstance(value, datetime.date) and cell["style_id"] in month_styles:
                value = MonthDate.of(value)
            column = cell["column"] - 1
            if first is None:
                first = column
            elif column > last + 1:
                cells.extend([""] * (column - last - 1))
            cells.append(value)
            last = column
        if first is None:
            continue
        width = max(width, last + 1)
        batch.append((number, first, cells))
        if len(batch) >= _SPOOL_BATCH:
            pickle.dump(batch, spool, pickle.HIGHEST_PROTOCOL)
            spooled += len(batch)
            batch, batches = [], batches + 1
            if report is not None and rows_hint:
                report("read", min(spooled, rows_hint), rows_hint)
    if batch:
        pickle.dump(batch, spool, pickle.HIGHEST_PROTOCOL)
        batches += 1
    return batches, width


def _replay(spool, batches: int, width: int) -> Iterator[tuple[int, list]]:
    """Every row from the first of the sheet to its last used one, `width` wide, as python-calamine
    pads them."""
    number = 0
    for _batch in range(batches):
        for row_number, first, cells in pickle.load(spool):
            while number + 1 < row_number:
                number += 1
                yield number, [""] * width
            row = [""] * width
            row[first : first + len(cells)] = cells
            number = row_number
            yield number, row


def _calamine_cell(cell: dict, formats: list, is_1904: bool):
    """The value python-calamine gives for a cell as openpyxl parses it with no date formats (its
    numbers as written), or _EMPTY where python-calamine holds no value: every number a float, or a
    date, time or duration where calamine's rules find a date format; '' for an error (a value all
    the same) and for a formula's empty text (t="str")."""
    value, kind = cell["value"], cell["data_type"]
    if value is None:
        return "" if kind == "str" else _EMPTY
    if kind == "n":
        style = cell["style_id"]
        number_format = formats[style] if isinstance(style, int) and style < len(formats) else None
        if number_format is None:
            return float(value)
        return _calamine_date(float(value), number_format, is_1904)
    if kind == "e":
        return ""
    return value


def _calamine_date(value: float, number_format: str, is_1904: bool):
    """A serial number in a date or duration format as python-calamine gives it (calamine's
    ExcelDateTime): a duration is a timedelta; a value below 1 a time; a whole one a date; any other
    a datetime; rounded to the millisecond, with Excel's 1900-02-29 below 60. A date outside the
    years 1-9999 stays the float."""
    if number_format == _DURATION:
        try:
            return datetime.timedelta(milliseconds=_round_half_away(value * _MS_PER_DAY))
        except OverflowError:
            return value
    days = value + 1462 if is_1904 else value
    if days < 60:
        days += 1
    milliseconds = _round_half_away(days * _MS_PER_DAY)
    day, milliseconds = divmod(milliseconds, _MS_PER_DAY)
    if abs(day) > _CHRONO_DAYS:
        return value
    if value < 1.0:
        seconds, milliseconds = divmod(milliseconds, 1000)
        return datetime.time(seconds // 3600, seconds // 60 % 60, seconds % 60, milliseconds * 1000)
    ordinal = _EXCEL_EPOCH.toordinal() + day
    if not 1 <= ordinal <= datetime.date.max.toordinal():
        return value
    if value == math.trunc(value):
        return datetime.date.fromordinal(ordinal)
    return datetime.datetime.fromordinal(ordinal) + datetime.timedelta(milliseconds=milliseconds)


def _round_half_away(value: float) -> int:
    """Rounds as Rust's f64::round: a half away from zero (Python's round() goes to the even)."""
    whole = math.floor(abs(value))
    if abs(value) - whole >= 0.5:
        whole += 1
    return whole if value >= 0 else -whole


class _SharedStrings:
    """The workbook's shared strings as calamine reads them (_calamine_text), kept in a temporary
    file and read back by their offsets: 8 bytes of memory a string, where a list would hold them
    all (a roster's ID numbers, phones and addresses: a few a row, 75 bytes each)."""

    def __init__(self, archive: zipfile.ZipFile, file):
        self._file = file  # a temporary file, the caller's to close
        self._offsets = array.array("q", [0])
        path = "xl/sharedStrings.xml"
        names = {name.lower(): name for name in archive.namelist()}
        if path.lower() not in names:
            return
        with archive.open(names[path.lower()]) as handle:
            root = None
            for event, element in ElementTree.iterparse(handle, events=("start", "end")):
                if root is None:
                    root = element
                elif event == "end" and _local(element.tag) == "si":
                    encoded = _calamine_text(element).encode()
                    file.write(encoded)
                    self._offsets.append(self._offsets[-1] + len(encoded))
                    root.clear()
        file.flush()

    def __getitem__(self, index: int) -> str:
        if not 0 <= index < len(self._offsets) - 1:
            raise IndexError(index)
        start = self._offsets[index]
        return os.pread(self._file.fileno(), self._offsets[index + 1] - start, start).decode()


def _calamine_text(element) -> str:
    """calamine's text of a shared or inline string (<si>, <is>): its <t>, or its runs' <t> (not
    the phonetic runs', <rPh>), each trimmed of spaces, tabs and line breaks unless
    xml:space="preserve", with Excel's escapes of control characters (_x000D_) undone. openpyxl
    neither trims nor undoes them."""
    if element is None:
        return ""
    texts = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            texts.append(child)
        elif tag == "r":
            texts.extend(text for text in child if _local(text.tag) == "t")
    parts = []
    for text in texts:
        value = text.text or ""
        if text.get(_XML_SPACE) != "preserve":
            value = value.strip(" \t\r\n")
        if "_x00" in value:
            value = _ESCAPED_CHARACTER.sub(lambda match: chr(int(match[1], 16)), value)
        parts.append(value)
    return "".join(parts)


def _xlsx_1904(archive: zipfile.ZipFile) -> bool:
    """Whether the workbook counts its dates from 1904 (a Mac's Excel of old), as calamine reads it."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    for element in workbook.iter():
        if _local(element.tag) == "workbookPr":
            return element.get("date1904") in ("1", "true")
    return False


def _calamine_formats(archive: zipfile.ZipFile) -> list:
    """For each cell format (cellXfs, as a cell's s="…" counts them): _DATE, _DURATION or None, as
    calamine decides it: a custom number format by its code, any other by its built-in id."""
    styles = _xlsx_styles(archive)
    if styles is None:
        return []
    custom, formats = {}, []
    for element in styles.iter():
        if _local(element.tag) == "numFmts":
            for number_format in element:
                if _local(number_format.tag) == "numFmt":
                    number_id, code = number_format.get("numFmtId"), number_format.get("formatCode")
                    if number_id is not None and code is not None:
                        custom[number_id] = code
        elif _local(element.tag) == "cellXfs":
            for xf in element:
                if _local(xf.tag) == "xf":
                    number_id = xf.get("numFmtId")
                    if number_id is None:
                        formats.append(None)
                    elif number_id in custom:
                        formats.append(_custom_format_kind(custom[number_id]))
                    else:
                        formats.append(_BUILTIN_DATE_FORMATS.get(number_id))
    return formats


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _custom_format_kind(code: str):
    """calamine's detect_custom_number_format: the first section of the code shows a date or time
    (d, m, h, y, s, or AM/PM outside brackets, quotes and escapes) or a duration ([h], [mm], [s])."""
    escaped = quoted = am_pm = hms = False
    brackets, previous = 0, " "
    for char in code:
        if escaped:
            escaped = False
        elif char in "_\\*":  # the next character is a literal, even within quotes
            escaped = True
        elif quoted:
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif char == ";":
            return None
        elif char == "[":
            brackets += 1
        elif char == "]" and brackets == 1 and hms:
            return _DURATION
        elif char == "]":
            brackets = max(brackets - 1, 0)
        elif char in "aA" and not am_pm and not brackets:
            am_pm = True
        elif not brackets and char in ("pm/PM" if am_pm else "dmhysDMHYS"):
            return _DATE
        elif not (hms and char.lower() == previous.lower()):
            hms = previous == "[" and char in "mhsMHS"
        previous = char
    return None


def give_back_memory() -> None:
    """Returns the C heap's free memory to the system (glibc's malloc_trim): the reader frees its
    many small allocations, but glibc keeps them for reuse, and Python's objects do not reuse
    them. Elsewhere (another C library) nothing is done."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):
        return
    trim(0)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith(UTF16_BOMS) or _looks_like_utf16(data):
        try:
            return data.decode("utf-16" if data.startswith(UTF16_BOMS) else "utf-16-le")
        except UnicodeDecodeError:
            pass  # said below, as for any other text in an unknown encoding
    for encoding in ("utf-8", "gbk", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefused(
        _(
            "This text file is neither UTF-8 nor GBK. Save it from Excel as “CSV UTF-8” or as .xlsx and upload "
            "it again."
        ),
        code="encoding",
    )


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a byte order mark (little-endian, as Windows writes it): a text whose every
    other byte is 0 where it is plain ASCII, as a CSV's commas, digits and line breaks are."""
    sample = data[:4096]
    return len(sample) >= 4 and sample[1::2].count(0) > 0.5 * len(sample[1::2]) and not sample[0::2].count(0)


def _csv_sheet(source: SourceFile) -> Sheet:
    if b"\x00" in source.data[:65536] and not (source.data.startswith(UTF16_BOMS) or _looks_like_utf16(source.data)):
        raise _not_a_spreadsheet()
    text = _decode(source.data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel

    def rows():
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        row_limit, cell_limit, cells = max_rows(), max_cells(), 0
        try:
            for number, row in enumerate(reader, 1):  # the row Excel shows, whatever the line breaks
                cells += len(row)
                if number > row_limit or cells > cell_limit:
                    raise _too_many_cells(name)
                yield number, row
        except csv.Error:
            raise _not_a_spreadsheet() from None

    name = Path(source.name).stem or "CSV"
    return Sheet(name, rows, set(), text.count("\n") + 1)
