"""The committee office closes last year's assessment of branches in a real Chromium and opens a
branch's report to print: the year's page says it is closed and shows its grades, each a link to its
branches; the report keeps the frozen total, and printing hides its buttons and forms — at a phone's
width (390 px) the list's cells keep their column names."""

import re

from playwright.sync_api import expect

from branches import clock
from tests import factories


def test_staff_closes_the_year_and_prints_a_branch_report(page, live_server, logged_in, staff, tree):
    year = clock.today().year - 1
    for _ in range(2):
        factories.make_payer(tree["putian"], registered_on=clock.today().replace(year=year, month=1, day=10))
    page.set_viewport_size({"width": 390, "height": 844})
    logged_in(page, live_server, staff, f"/assessment/{year}/")
    expect(page.locator("h1")).to_contain_text("进行中")
    page.get_by_role("button", name="结束本年度考评").click()
    expect(page.locator("ul.messages")).to_contain_text("已结束")
    expect(page.locator("h1")).to_contain_text("已办结")
    expect(page.locator("table.list tbody tr")).to_have_count(3)
    expect(page.locator("table.list td[data-label=总分]").first).to_be_visible()
    shown = page.locator("tr[data-organization=莆田商会党支部] td[data-label=考评等次]").inner_text()
    figure = page.locator(f"[data-figure=grade-{shown}] a")
    count = int(figure.inner_text())
    figure.click()
    expect(page).to_have_url(re.compile(r"grade="))
    expect(page.locator("table.list tbody tr")).to_have_count(count)

    page.get_by_role("link", name="莆田商会党支部").click()
    expect(page.locator("h1")).to_contain_text("莆田商会党支部")
    total = page.locator("[data-testid=total]").inner_text()
    expect(page.locator("tr[data-item=six_knowns]")).to_contain_text("2")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="打印")).to_be_hidden()
    expect(page.locator("[data-testid=total]")).to_have_text(total)
