"""Spreadsheets made on the spot, as secretaries send them: openpyxl workbooks, CSV in UTF-8 or
GBK, a hand-written .ods. Tests never read the shared sample files."""

import csv
import datetime
import io
import zipfile
from xml.sax.saxutils import escape

from openpyxl import Workbook

from tests import factories

MEMBER_HEADERS = ["姓名", "公民身份号码", "所在党组织", "入党时间", "管理类别", "党员身份", "联系电话"]


def xlsx(rows, *, title_rows=(), sheet="党员", extra_sheets=(), text_columns=()) -> bytes:
    """An .xlsx of `rows` (the first is the header row), below optional title rows."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for name, sheet_rows in extra_sheets:
        other = workbook.create_sheet(name, 0)
        for row in sheet_rows:
            other.append(row)
    for row in title_rows:
        worksheet.append(row)
    for row in rows:
        worksheet.append(row)
    for column in text_columns:
        for cell in worksheet[column]:
            cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def ods(rows, sheet="党员") -> bytes:
    """A minimal OpenDocument spreadsheet; a cell whose text starts with '=' is written as a formula."""
    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    cells_xml = []
    for row in rows:
        cells = []
        for value in row:
            if value is None or value == "":
                cells.append("<table:table-cell/>")
            elif isinstance(value, str) and value.startswith("="):
                cells.append(
                    f'<table:table-cell table:formula="of:{escape(value)}" office:value-type="float" '
                    'office:value="3"><text:p>3</text:p></table:table-cell>'
                )
            elif isinstance(value, datetime.date):
                cells.append(
                    '<table:table-cell office:value-type="date" '
                    f'office:date-value="{value.isoformat()}"><text:p>{value.isoformat()}</text:p></table:table-cell>'
                )
            else:
                cells.append(
                    "<table:table-cell "
                    f'office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'
                )
        cells_xml.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        f'xmlns:table="{table_ns}" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">'
        + "".join(cells_xml)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def member_row(
    organization,
    *,
    name=None,
    id_number=None,
    joined="2005-07-01",
    category="在册流动党员",
    status="正式党员",
    phone="13912345678",
):
    return [name or "张三", id_number or factories.make_id_number(), organization.name, joined, category, status, phone]
