"""Reading a spreadsheet as secretaries send it: .xlsx, .xls, .ods, or .csv in UTF-8 or GBK.

The file is refused as a whole (ImportRefused, one sentence that says why) when it is not a
spreadsheet at all, is empty, too large, password-protected, or a zip bomb. Everything else is
handed on as rows of raw cell values, with the row numbers Excel shows.

python-calamine reads the workbooks: it is ten times faster than openpyxl on large files. It
returns the cached value of a formula cell, never the formula, so formula cells are found
separately in the file's XML (for .xlsx and .ods) and reported as errors by the pipeline.
"""

import csv
import datetime
import hashlib
import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum

from spreadsheets.dates import MonthDate
from spreadsheets.errors import ImportRefused

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# What the XML inside an .xlsx/.ods may expand to. A real 20 MB workbook expands about tenfold;
# a zip bomb expands a thousandfold.
DEFAULT_MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
TEXT_EXTENSIONS = {".csv", ".txt", ".tsv"}

# Cheap byte searches that find every formula cell (and, rarely, something else): only a sheet
# where one matches is parsed to find which cells hold formulas.
_FORMULA_MARKS = (b"<f", b":f")  # <f>, <f t="shared" …>, <x:f>
_ODS_FORMULA_MARKS = (b"table:formula=",)


def max_bytes() -> int:
    return int(getattr(settings, "REGISTRY_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_uncompressed_bytes() -> int:
    return int(getattr(settings, "REGISTRY_IMPORT_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES))


@dataclass
class Sheet:
    """One sheet's rows. `rows()` yields (excel_row_number, [cell, ...]) with empty cells as ''."""

    name: str
    _rows: object
    formula_cells: set = field(default_factory=set)  # {(excel_row, column_index)}

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
    if extension in TEXT_EXTENSIONS or (not extension and _looks_like_text(data)):
        return "csv"
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


def check_archive(data: bytes, fmt: str) -> dict[str, set]:
    """Refuses zip bombs from the archive's directory and, since a directory can lie, by
    decompressing the XML with a cap. Returns the formula cells per sheet name."""
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
            return _xlsx_formulas(archive, limit)
        return _ods_formulas(archive, limit)
    except (zipfile.BadZipFile, zlib.error, EOFError, ElementTree.ParseError, NotImplementedError):
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


def _xlsx_formulas(archive: zipfile.ZipFile, limit: int) -> dict[str, set]:
    budget = [limit]
    names = set(archive.namelist())
    formulas = {}
    sheet_parts = _xlsx_sheet_parts(archive)
    for sheet_name, part in sheet_parts.items():
        if part in names and _has_marks(archive, part, _FORMULA_MARKS, budget):
            formulas[sheet_name] = _xlsx_formula_cells(archive, part)
    _drain_others(archive, set(sheet_parts.values()), budget)
    return formulas


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
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    month_formats = BUILTIN_MONTH_FORMATS | {
        element.get("numFmtId")
        for element in styles.iter(f"{ns}numFmt")
        if _MONTH_FORMAT.match(re.sub(r'"[^"]*"|\\.|\[[^]]*\]', "", element.get("formatCode", "")))
    }
    cell_formats = styles.find(f"{ns}cellXfs")
    month_styles = {
        str(index)
        for index, xf in enumerate(cell_formats if cell_formats is not None else [])
        if xf.get("numFmtId") in month_formats
    }
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


def _ods_formulas(archive: zipfile.ZipFile, limit: int) -> dict[str, set]:
    budget = [limit]
    if "content.xml" not in archive.namelist():
        raise _not_a_spreadsheet()
    has_formulas = _has_marks(archive, "content.xml", _ODS_FORMULA_MARKS, budget)
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


# --- sheets -------------------------------------------------------------------------------------


def open_sheets(source: SourceFile) -> tuple[str, list[Sheet]]:
    """The file's format and its sheets, in workbook order (a CSV file has one)."""
    fmt = sniff_format(source)
    if fmt == "csv":
        return fmt, [_csv_sheet(source)]
    formulas = check_archive(source.data, fmt) if fmt in ("xlsx", "ods") else {}
    months = _xlsx_month_cells(source.data) if fmt == "xlsx" else {}
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(source.data))
    except PasswordError:
        raise _password_refusal() from None
    except (CalamineError, ValueError, OSError, RuntimeError):
        raise _not_a_spreadsheet() from None
    except BaseException as error:  # the Rust side may raise PanicException, a BaseException
        if type(error).__name__ == "PanicException":
            raise _not_a_spreadsheet() from None
        raise
    sheets = []
    for metadata in workbook.sheets_metadata:
        if metadata.typ != SheetTypeEnum.WorkSheet:
            continue
        sheets.append(
            Sheet(
                metadata.name,
                _calamine_rows(workbook, metadata.name, months.get(metadata.name)),
                formulas.get(metadata.name, set()),
            )
        )
    return fmt, sheets


def _calamine_rows(workbook, name, month_cells: set | None = None):
    """The sheet's rows; a date cell shown as a month (`month_cells`) is a MonthDate."""

    def rows():
        try:
            sheet = workbook.get_sheet_by_name(name)
        except PasswordError:
            raise _password_refusal() from None
        except (CalamineError, ValueError, RuntimeError):
            raise _not_a_spreadsheet() from None
        start = sheet.start
        if start is None:
            return
        # iter_rows counts rows from the top of the sheet, columns from the first used one.
        padding = [""] * start[1]
        for index, cells in enumerate(sheet.iter_rows()):
            cells = (padding + cells) if padding else cells
            if month_cells:
                for column, value in enumerate(cells):
                    if isinstance(value, datetime.date) and (index + 1, column) in month_cells:
                        cells[column] = MonthDate.of(value)
            yield index + 1, cells

    return rows


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
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


def _csv_sheet(source: SourceFile) -> Sheet:
    if b"\x00" in source.data[:65536]:
        raise _not_a_spreadsheet()
    text = _decode(source.data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel

    def rows():
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        try:
            yield from enumerate(reader, 1)  # the row Excel shows, whatever the line breaks
        except csv.Error:
            raise _not_a_spreadsheet() from None

    return Sheet(Path(source.name).stem or "CSV", rows, set())
