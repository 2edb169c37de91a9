"""Committee staff open last year's annual statistics in a real Chromium: T1 laid out as the form, its
checks shown under it, a figure followed to exactly its members; the report is filed and shows the
frozen figures; at a phone's width (390 px) the table scrolls sideways inside its frame, not the page."""

import datetime

from playwright.sync_api import expect

from branches import clock
from registry.models import Member
from registry.movements import rules, services
from tests import factories


def test_staff_follow_a_figure_and_file_the_report(page, live_server, logged_in, staff, tree):
    year = clock.today().year - 1
    own = {"category": Member.Category.SELF_MANAGED, "post_category": "prv_mgr", "education": "bachelor"}
    members = [
        factories.make_member(tree["fuzhou_1"], name=name, registered_on=datetime.date(year - 3, 1, 1), **own)
        for name in ("林秀梅", "陈建国", "黄志强")
    ]
    event = rules.Event(kind="died", date=datetime.date(year, 6, 1))
    services.movement_record(member=members[2], event=event, actor=None)

    logged_in(page, live_server, staff, f"/statistics/?year={year}")
    t1 = page.locator("section#T1")
    expect(t1.locator("h2")).to_contain_text("党员数量变化情况")
    expect(t1.locator("ul.checks li").first).to_contain_text("成立")
    died = t1.locator("tbody tr").nth(11).locator("td a")
    expect(died).to_have_text("1")
    died.click()
    expect(page.locator("table.list tbody tr")).to_have_count(1)
    expect(page.locator("table.list")).to_contain_text("黄志强")

    page.goto(f"{live_server.url}/statistics/?year={year}")
    page.get_by_role("button", name="报送本年报").click()
    expect(page.locator("ul.messages")).to_contain_text("年报已报送")
    expect(page.locator("section#T1 tbody tr").nth(15).locator("td")).to_have_text("2")  # frozen, no link

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/statistics/?year={year}")
    frame = page.locator("section#T2 .table-wrap")
    assert frame.evaluate("element => element.scrollWidth > element.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
