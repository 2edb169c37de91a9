"""Issue 26 §2's acceptance: select 10 members on the roster and make their check-in sheet — on a
phone's width (390 px), where the checkbox column and the action bar must still work."""

from playwright.sync_api import expect

from tests import factories


def test_a_secretary_ticks_ten_members_and_prints_their_check_in_sheet(page, live_server, logged_in, secretary_a, tree):
    for number in range(12):
        factories.make_member(tree["fuzhou_1"], name=f"林秀{'一二三四五六七八九十甲乙'[number]}")
    page.set_viewport_size({"width": 390, "height": 844})
    logged_in(page, live_server, secretary_a, "/members/")
    bar = page.locator("#bulk-form")
    expect(bar).to_be_visible()
    assert bar.bounding_box()["width"] <= 390
    boxes = page.locator('input[name="ids"][form="bulk-form"]')
    expect(boxes).to_have_count(12)
    for index in range(10):
        boxes.nth(index).check()
    expect(page.locator("[data-bulk-count]")).to_contain_text("10")
    page.select_option("#bulk-action", "checkin_links")
    bar.locator("button[type=submit]").click()

    expect(page.locator("#bulk-members li")).to_have_count(10)
    page.locator("#bulk-confirm").click()
    cards = page.locator("#checkin-sheet .qr-card")
    expect(cards).to_have_count(10)
    expect(page.locator("#checkin-sheet .qr-card svg")).to_have_count(10)
    expect(cards.first).to_contain_text("福州商会第一党支部")
