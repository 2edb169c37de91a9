"""A small upload must not exhaust memory (issue 20 §2): reading a sheet stops at a number of rows
and cells (REGISTRY_IMPORT_MAX_ROWS, REGISTRY_IMPORT_MAX_CELLS), whatever the file's bytes, before
any reader fills the sheet's rectangle in memory — as every kind and on every upload form."""

import io
import random
import resource
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from registry.imports import ImportRefused, run_import
from registry.imports.kinds import uploadable_kinds
from registry.models import ImportRun, Reconciliation
from spreadsheets.reading import MAX_COMPRESSION_RATIO, load_source, open_sheets

pytestmark = pytest.mark.django_db

ATTACK_ROWS = 8_360_000
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships"><sheets><sheet name="签到表" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def workbook(rows: bytes | None = None, *, blocks: int = 1, level: int = 9) -> bytes:
    """An .xlsx built by hand: `rows` (the sheetData's XML) written `blocks` times."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for _ in range(blocks):
                sheet.write(rows or b"")
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def attack() -> bytes:
    """The file of the issue: 8.36 million one-cell rows, 8.8 MB zipped, its sheet 414 MB, a
    compression ratio near 48 — under every limit on bytes (the file's size, what it expands to,
    the ratio of a zip bomb)."""
    draw = random.Random(20)
    values = [b"x" if draw.random() < 0.9 else b"%d" % draw.randrange(10**6) for _ in range(20_000)]
    block = b"".join(b'<row><c t="inlineStr"><is><t>%s</t></is></c></row>' % value for value in values)
    return workbook(block, blocks=ATTACK_ROWS // len(values), level=1)


def test_the_attack_file_passes_every_limit_on_bytes(attack, settings):
    sheet = zipfile.ZipFile(io.BytesIO(attack)).getinfo("xl/worksheets/sheet1.xml")
    assert len(attack) < settings.REGISTRY_IMPORT_MAX_BYTES
    assert sheet.file_size < 400 * 1024 * 1024
    assert 20 < sheet.file_size / sheet.compress_size < MAX_COMPRESSION_RATIO


def test_eight_million_rows_are_refused_in_chinese_with_memory_bounded(attack):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes
    tracemalloc.start()
    started = time.process_time()
    try:
        with translation.override("zh-hans"), pytest.raises(ImportRefused) as caught:
            run_import("members", attack, filename="名册.xlsx", dry_run=True)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    seconds = time.process_time() - started
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert caught.value.code == "too_many_cells"
    assert "签到表" in caught.value.message  # the sheet, by its name
    assert "超过 250,000 行" in caught.value.message
    # Reading stops at the limit: a few chunks of the sheet in memory, never its rows.
    assert peak < 48 * 1024 * 1024, f"{peak / 1048576:.1f} MB"
    assert grown < 150 * 1024, f"{grown / 1024:.0f} MB more resident"
    print(f"refused in {seconds:.2f} s CPU, Python peak {peak / 1048576:.1f} MB, RSS +{grown / 1024:.0f} MB")


@pytest.fixture
def low_limit(settings):
    """The sweeps read the same file with a lower limit: the same refusal, a twentieth of the work."""
    settings.REGISTRY_IMPORT_MAX_ROWS = 10_000


def test_every_kind_refuses_it(attack, low_limit):
    for kind in uploadable_kinds():
        with pytest.raises(ImportRefused) as caught:
            run_import(kind, attack, filename="roster.xlsx", dry_run=True)
        assert caught.value.code == "too_many_cells", kind


def test_every_upload_form_refuses_it(attack, low_limit, client_for, staff, tree):
    from outreach.activities import services as activities
    from registry.orglife import services as orglife
    from registry.surveys import services as surveys
    from tests.outreach.helpers import today

    activity = activities.activity_create(
        data={"topic": "主题党日", "date": today(), "organization": tree["fuzhou"]}, kind="party_day", actor=None
    )
    meeting = orglife.gathering_create(
        data={"organization": tree["fuzhou_1"], "date": today(), "topic": "学习"},
        kinds=("general_meeting", "party_day"),
        actor=None,
    )
    survey = surveys.survey_round_create(data={"name": "摸底", "started": today()}, actor=None)
    client = client_for(staff)
    forms = [
        (reverse("registry:import_new"), {"kind": "members"}),
        (reverse("outreach:attendance_import", args=[activity.pk]), {}),
        (reverse("registry:meeting_attendance_import", args=[meeting.pk]), {}),
        (reverse("registry:survey_import", args=[survey.pk]), {}),
    ]
    for url, data in forms:
        client.post(url, {**data, "file": SimpleUploadedFile("签到表.xlsx", attack)})
        run = ImportRun.objects.latest("pk")
        assert run.state == ImportRun.State.REFUSED and "超过 10,000 行" in run.message, url
    page = client.post(
        reverse("registry:reconciliation_list"), {"file": SimpleUploadedFile("名单.xlsx", attack), "mode": "home"}
    )
    assert page.status_code == 200 and not Reconciliation.objects.exists()
    assert "10,000" in page.content.decode()


def test_one_far_cell_is_refused_before_the_reader_fills_the_rectangle():
    # 1.5 KB: two cells, A1 and XFD1048576, are 17 billion cells to a reader that fills the range
    # between them (python-calamine aborted the whole process asking for 512 GB).
    far = workbook(b'<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    with pytest.raises(ImportRefused) as caught:
        open_sheets(load_source(far, "far.xlsx"))
    assert caught.value.code == "too_many_cells"


def test_a_sheet_at_the_limit_is_read_and_one_row_more_is_not(settings):
    settings.REGISTRY_IMPORT_MAX_ROWS, settings.REGISTRY_IMPORT_MAX_CELLS = 300, 300 * 3
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c><c r="B%d"><v>2</v></c><c r="C%d"><v>3</v></c></row>' % ((n,) * 4)
        for n in range(1, 301)
    )
    _format, sheets = open_sheets(load_source(workbook(rows), "ok.xlsx"))
    assert sum(1 for _row in sheets[0].rows()) == 300
    # Cells without a reference are where the previous one ended, as a reader places them.
    wider = rows + b"<row><c><v>1</v></c><c><v>1</v></c><c><v>1</v></c><c><v>1</v></c></row>"
    for content in (rows + b'<row r="301"><c r="A301"><v>1</v></c></row>', wider):
        with pytest.raises(ImportRefused):
            open_sheets(load_source(workbook(content), "over.xlsx"))


def test_a_csv_stops_at_the_limit(settings):
    settings.REGISTRY_IMPORT_MAX_ROWS = 1_000
    _format, sheets = open_sheets(load_source(b"a,b\n" * 1_000, "ok.csv"))
    assert sum(1 for _row in sheets[0].rows()) == 1_000
    _format, sheets = open_sheets(load_source(b"a,b\n" * 1_001, "over.csv"))
    with pytest.raises(ImportRefused):
        list(sheets[0].rows())


def test_an_ods_row_repeated_a_million_times_is_refused():
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office}" '
        f'xmlns:table="{table}"><office:body><office:spreadsheet><table:table table:name="S">'
        '<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
        'table:number-columns-repeated="1024" office:value-type="float" office:value="1"/></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    with pytest.raises(ImportRefused) as caught:
        open_sheets(load_source(buffer.getvalue(), "bomb.ods"))
    assert caught.value.code == "too_many_cells"


@pytest.mark.parametrize("separator", [" ", "\t", "\n"])
def test_a_far_cell_is_found_however_its_attributes_are_spaced(separator):
    far = f'<row{separator}r="200000"><c{separator}r="xfd200000"><v>1</v></c></row>'
    rows = '<row r="1"><c r="A1"><v>1</v></c></row>' + far
    with pytest.raises(ImportRefused):
        open_sheets(load_source(workbook(rows.encode()), "far.xlsx"))


@pytest.mark.parametrize("far_cell", ['<c\tr="XFD2000">', "<c r='XFD2000'>", '<c\nr="XFD2000">'])
def test_one_far_cell_written_unlike_the_others_is_found(far_cell):
    """Where every r= is written r="…" after a space the scan takes a faster search; one cell
    written otherwise among three hundred ordinary rows still counts."""
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c><c r="B{n}"><v>2</v></c></row>' for n in range(1, 300))
    far = f'<row r="2000"><c r="A2000"><v>1</v></c>{far_cell}<v>1</v></c></row>'
    with pytest.raises(ImportRefused) as caught:
        open_sheets(load_source(workbook((rows + far).encode()), "far.xlsx"))
    assert caught.value.code == "too_many_cells"


def test_a_far_cell_is_found_among_prefixed_tags():
    rows = "".join(f'<x:row r="{n}"><x:c r="A{n}"><x:v>1</x:v></x:c></x:row>' for n in range(1, 300))
    far = '<x:row r="2000"><x:c r="XFD2000"><x:v>1</x:v></x:c></x:row>'
    with pytest.raises(ImportRefused) as caught:
        open_sheets(load_source(workbook((rows + far).encode()), "far.xlsx"))
    assert caught.value.code == "too_many_cells"


def test_text_that_reads_like_a_reference_does_not_hide_a_wide_row(settings):
    """A cell without a reference sits after the one before it. Strings that read like references
    ( r="A2" in a cell's text) used to be counted as references, one for each such cell, so that a
    row of many unreferenced cells measured one column wide; a reader would then have filled its
    real width times every row."""
    settings.REGISTRY_IMPORT_MAX_CELLS = 5_000
    wide = '<row r="1"><c r="A1"><v>1</v></c>' + '<c t="inlineStr"><is><t> r="A1</t></is></c>' * 40 + "</row>"
    rows = wide + "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(2, 200))
    with pytest.raises(ImportRefused) as caught:  # 199 rows × 41 columns: more than 5,000 cells
        open_sheets(load_source(workbook(rows.encode()), "wide.xlsx"))
    assert caught.value.code == "too_many_cells"
    settings.REGISTRY_IMPORT_MAX_CELLS = 199 * 41
    _format, sheets = open_sheets(load_source(workbook(rows.encode()), "wide.xlsx"))
    assert max(len(cells) for _number, cells in sheets[0].rows()) == 41
