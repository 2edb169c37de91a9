"""Issue 25's pages (docs/statistics.md): /statistics/ shows each table as the form lays it out, every
non-zero figure a link to exactly its records (with their logged export), scoped (a secretary reports on
their subtree and reaches no other branch's cell by URL), masked for a reviewer; filing freezes a report,
next year's T1 row 1 reads it, staff re-open it with a reason; the workbook holds the form's layout and no
formula."""

import datetime
import html
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import ExportLog, FiledReport, Member
from registry.statistics import checks, layouts, selectors, tables
from registry.statistics.rules import Period
from tests import factories
from tests.registry.statistics.test_tables import OWN, record, year_2024  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = Period(2024)


def page(client, **query):
    response = client.get(reverse("registry:statistics"), {"year": 2024, **query})
    assert response.status_code == 200
    return response.content.decode()


def cell_links(content: str) -> list[tuple[str, int]]:
    return [
        (html.unescape(url), int(count))
        for url, count in re.findall(r'<td><a href="(/statistics/[^"]+/cell/\?[^"]+)">(\d+)</a></td>', content)
    ]


def test_every_figure_of_the_report_lists_exactly_its_records(client_for, staff, year_2024):  # noqa: F811
    client = client_for(staff)
    links = cell_links(page(client))
    assert len(links) > 40
    built = tables.build(YEAR)
    followed = set()
    for url, count in links:
        query = parse_qs(urlsplit(url).query)
        table = query["table"][0]
        cell = built.tables[table][query["row"][0]][query["column"][0]]
        assert len(set(cell.ids)) == count, url  # every figure: its records, each once
        if table in followed:
            continue
        followed.add(table)  # one figure a table followed as a person clicks it
        response = client.get(url + "&per_page=100")
        assert response.status_code == 200, url
        shown = re.search(r'<span class="count">(\d+)</span>', response.content.decode())
        assert int(shown.group(1)) == count, url
        assert response.content.decode().count("<tr>") - 1 == count, url
    assert len(followed) >= 10


def test_a_cells_export_is_logged_and_masked_for_a_reviewer(client_for, reviewer, year_2024):  # noqa: F811
    client = client_for(reviewer)
    content = page(client)
    url = next(url for url, _count in cell_links(content) if "table=T1&row=16&column=A" in url)
    listed = client.get(url).content.decode()
    assert year_2024["old_own"].id_number not in listed
    response = client.get(url.replace("/cell/?", "/cell/export/?"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1 + 6
    assert all(year_2024["old_own"].id_number != cell.value for row in sheet.iter_rows() for cell in row)
    assert ExportLog.objects.filter(kind="statistics_cell", rows=6).exists()


def test_a_secretary_reports_on_their_subtree_only(client_for, secretary_a, year_2024, tree):  # noqa: F811
    client = client_for(secretary_a)
    content = page(client)
    assert tree["fuzhou"].name in content and tree["putian"].name not in content
    for url, _count in cell_links(content):
        assert f"/statistics/{tree['fuzhou'].pk}/" in url
    other = reverse("registry:statistics_cell", args=[tree["putian"].pk, "2024"]) + "?table=T1&row=16&column=A"
    assert client.get(other).status_code == 404
    everything = reverse("registry:statistics_cell", args=["all", "2024"]) + "?table=T1&row=16&column=A"
    assert year_2024["restored"].name not in client.get(everything).content.decode()
    assert client.get(reverse("registry:statistics"), {"organization": tree["putian"].pk}).status_code == 404
    assert client.get(reverse("registry:statistics_workbook", args=[tree["putian"].pk, "2024"])).status_code == 404


def test_filing_freezes_the_report_and_next_year_reads_its_row_16(client_for, staff, year_2024, tree):  # noqa: F811
    client = client_for(staff)
    response = client.post(reverse("registry:statistics_file", args=["all", "2024"]))
    assert response.status_code == 302
    filed = FiledReport.objects.get(year=2024, organization=None)
    assert filed.figures["T1"]["16"] == {"A": 6} and filed.filed_by == staff
    # A later correction does not change the filed figure.
    added = factories.make_member(tree["putian"], registered_on=D(2024, 2, 1), **OWN)
    assert selectors.annual_report_json(2024)["T1"]["16"] == {"A": 6}
    assert "<td>6</td>" in page(client).split('id="T1"')[1].split("</table>")[0]
    # Next year's row 1 is the filed row 16, not the 7 the records now say.
    report = selectors.live_report(None, Period(2025))
    assert report.tables["T1"]["1"]["A"].count == 6
    assert report.tables["T1"]["17"]["A"].count == 1
    # Row 1 as filed against last year's row 16 as the records now hold it: the member added since is named.
    last_year = next(check for check in checks.evaluate(report.tables) if check.rule == "1 = last year's 16")
    assert not last_year.holds and (last_year.left, last_year.right) == (6, 7)
    assert [record_id for _kind, record_id in last_year.differing] == [added.pk]
    # Re-opened with a reason (refused without one); the history keeps both.
    assert client.post(reverse("registry:statistics_reopen", args=["all", "2024"]), {"reason": ""}).status_code == 302
    assert selectors.filed_report(None, YEAR) is not None
    client.post(reverse("registry:statistics_reopen", args=["all", "2024"]), {"reason": "补录一名党员"})
    assert selectors.filed_report(None, YEAR) is None
    assert selectors.annual_report_json(2024)["T1"]["16"] == {"A": 7}
    assert [row.history_change_reason for row in filed.history.order_by("history_date")] == ["filed", "补录一名党员"]


def test_only_staff_file(client_for, secretary_a, reviewer, year_2024, tree):  # noqa: F811
    for user in (secretary_a, reviewer):
        client = client_for(user)
        assert client.post(reverse("registry:statistics_file", args=[tree["fuzhou"].pk, "2024"])).status_code == 403
    assert not FiledReport.objects.exists()


def test_the_workbook_has_the_forms_layout_and_no_formula(client_for, staff, year_2024):  # noqa: F811
    response = client_for(staff).get(reverse("registry:statistics_workbook", args=["all", "2024"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:2] == ["T1", "T2"]
    sheet = workbook["T1"]
    assert sheet["A1"].value == "党员数量变化情况"
    assert "2024-12-31" in sheet["A3"].value
    rows = {row[0]: row[2] for row in sheet.iter_rows(min_row=6, max_row=22, values_only=True)}
    assert rows[1] == 7 and rows[16] == 6 and isinstance(rows[16], int)
    assert not any(cell.data_type == "f" for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row)
    assert ExportLog.objects.filter(kind="statistics").exists()


@pytest.mark.parametrize("size", [2, 20])
def test_the_page_is_bounded_in_queries(client_for, staff, tree, size, django_assert_max_num_queries):
    for _index in range(size):
        record(factories.make_member(tree["putian"], registered_on=D(2020, 1, 1), **OWN), "died", D(2024, 6, 1))
    client = client_for(staff)
    with django_assert_max_num_queries(32):
        page(client)


def test_hostile_periods_and_cells_are_404(client_for, staff, tree):
    client = client_for(staff)
    for scope, period, query in (
        ("all", "20x4", "table=T1&row=1&column=A"),
        ("all", "2024", "table=T99&row=1&column=A"),
        ("all", "2024", "table=T1&row=99&column=A"),
        ("all", "2024", "table=T1&row=1&column=ZZ"),
        ("all", "2024", ""),
        ("nope", "2024", "table=T1&row=1&column=A"),
        ("all", "99999", "table=T1&row=1&column=A"),
    ):
        url = reverse("registry:statistics_cell", args=[scope, period]) + "?" + query
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("registry:statistics"), {"year": "x", "organization": "y"}).status_code == 404
    assert client.get(reverse("registry:statistics"), {"organization": "9" * 25}).status_code == 404
    for year in ("0", "-1", "1e9", "9" * 25, "²", "２０２４"):
        assert client.get(reverse("registry:statistics"), {"year": year, "half": "x", "live": "x"}).status_code == 200
    assert Member.objects.count() == 0


def test_cells_the_registry_does_not_record_say_so_rather_than_zero(client_for, staff, tree):
    """T8 C-G (kinds of host unit the registry does not know) and T14 row 5 (hardship): "—" with the reason in
    the cell's tooltip and under the table; left empty in the workbook, with the reason under the sheet."""
    client = client_for(staff)
    content = page(client)
    t8 = content.split('id="T8"')[1].split("</section>")[0]
    note = str(layouts.T8.unrecorded["C"])
    assert t8.count(f'<td class="unrecorded" title="{html.escape(note)}">—</td>') == 5 * len(layouts.T8.rows)
    assert t8.count('class="note unrecorded-note"') == 1 and "公有经济控制企业" in t8
    t14 = content.split('id="T14"')[1].split("</section>")[0]
    assert t14.count('<td class="unrecorded"') == len(layouts.T14.columns)
    response = client.get(reverse("registry:statistics_workbook", args=["all", "2024"]))
    sheet = load_workbook(io.BytesIO(response.content))["T8"]
    first_row = next(sheet.iter_rows(min_row=6, max_row=6, values_only=True))
    assert first_row[:4] == (1, "开展评议的支部", 0, 0) and first_row[4:9] == (None,) * 5 and first_row[9] == 0
    assert note in [row[2] for row in sheet.iter_rows(values_only=True)]
