"""Lists as people who live in Excel use them, in a real Chromium: sort by a column header, jump to
a page, export and find the same order in the workbook; and every list at a phone's width, each
value shown after its column's name (screenshots in test-artifacts/lists-390/ to look at)."""

import io
import re

import openpyxl
from playwright.sync_api import expect

from registry.models import Member
from tests import factories
from tests.browser.conftest import ARTIFACTS

# Every list and summary page (the committee's view), named for its screenshot.
LISTS = {
    "home": "/",
    "members": "/members/",
    "organizations": "/organizations/",
    "chambers": "/chambers/",
    "enterprises": "/enterprises/",
    "coverage": "/coverage/",
    "six-knowns": "/six-knowns/",
    "six-knowns-worklist": "/six-knowns/worklist/",
    "surveys": "/surveys/",
    "dues": "/dues/",
    "dues-reminders": "/dues/reminders/",
    "dues-back-payments": "/dues/back-payments/",
    "balance": "/balance/",
    "movements": "/movements/",
    "transfers": "/transfers/",
    "former-members": "/former-members/",
    "development": "/development/",
    "imports": "/imports/",
    "lost-touch": "/outreach/lost-touch/",
    "flowed-out": "/outreach/flowed-out/",
    "designated-contacts": "/outreach/designated-contacts/",
    "visits": "/outreach/visits/",
    "branch-visits": "/outreach/branch-visits/",
    "services": "/outreach/services/",
    "activities": "/outreach/activities/",
    "activity-absentees": "/outreach/activities/none-attended/",
    "certificates": "/certificates/",
    "certificates-missing": "/certificates/missing/",
    "reverse-issuance": "/certificates/requests/",
    "letters": "/letters/",
    "roles": "/roles/",
}
# A cell's label as the card layout shows it (::before), read from the page.
UNLABELLED_CELLS = """() => [...document.querySelectorAll('table.list td')].filter(td => {
    if (!td.textContent.trim() && !td.querySelector('a, button, input')) return false;
    const before = getComputedStyle(td, '::before').content;
    return before === 'none' || before === 'normal' || before.replace(/["：\\s]/g, '') === '';
}).map(td => td.outerHTML.slice(0, 120))"""


def forty_five_members(tree) -> list[str]:
    names = [f"党员{number:03d}" for number in range(1, 46)]
    for index, name in enumerate(names):
        factories.make_member(tree["fuzhou_1"] if index % 2 else tree["putian"], name=name)
    return names


def names_on_page(page) -> list[str]:
    return page.locator('table.list tbody tr td[data-label="姓名"] a').all_inner_texts()


def test_staff_sorts_the_roster_jumps_to_a_page_and_exports_that_order(page, live_server, logged_in, staff, tree):
    names = forty_five_members(tree)
    logged_in(page, live_server, staff, "/members/?per_page=20")

    header = page.locator("table.list thead th", has_text="姓名")
    header.locator("a").click()
    expect(page).to_have_url(re.compile(r"sort=name"))
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert names_on_page(page) == names[:20]
    page.locator("table.list thead th", has_text="姓名").locator("a").click()  # again: descending
    expect(page).to_have_url(re.compile(r"sort=-name"))
    expect(page.locator("table.list thead th", has_text="姓名")).to_contain_text("▼")
    first_page = names_on_page(page)
    assert first_page == names[::-1][:20]

    page.fill("nav.pagination input[name=page]", "3")  # jump to the last page
    page.locator("nav.pagination button[type=submit]").click()
    expect(page.locator("nav.pagination .current")).to_have_text("3")
    expect(page).to_have_url(re.compile(r"sort=-name"))
    assert names_on_page(page) == names[::-1][40:]
    page.locator("nav.pagination a", has_text="2").first.click()
    expect(page.locator("nav.pagination .current")).to_have_text("2")  # the click's page, not the old one
    expect(page.locator('table.list tbody tr td[data-label="姓名"] a')).to_have_count(20)
    seen = first_page + names_on_page(page)
    page.select_option("nav.pagination select[name=per_page]", "50")  # one page of all of them
    page.locator("nav.pagination button[type=submit]").click()
    expect(page.locator("table.list tbody tr")).to_have_count(Member.objects.count())

    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    exported = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if str(row[0]).startswith("党员")]
    assert exported == names[::-1]
    assert exported[:40] == seen
    assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")


def test_every_list_fits_a_phone_and_labels_every_value(page, live_server, logged_in, staff, tree):
    forty_five_members(tree)
    page.set_viewport_size({"width": 390, "height": 844})
    logged_in(page, live_server, staff)
    folder = ARTIFACTS / "lists-390"
    folder.mkdir(parents=True, exist_ok=True)
    unlabelled, too_wide = {}, []
    for name, path in LISTS.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        cells = page.evaluate(UNLABELLED_CELLS)
        if cells:
            unlabelled[path] = cells[:3]
        if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"):
            too_wide.append(path)
    assert unlabelled == {}
    assert too_wide == []
    # The filter form is folded on a phone, and opens from its summary.
    page.goto(f"{live_server.url}/members/")
    expect(page.locator("form.filters")).to_be_hidden()
    page.locator("details.filter-fold > summary").click()
    expect(page.locator("form.filters")).to_be_visible()
