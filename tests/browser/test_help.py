"""The "?" of a page, in a real Chromium: a secretary on the roster opens its help, then a guide."""

from playwright.sync_api import expect


def test_the_question_mark_on_the_roster_opens_its_help(page, live_server, logged_in, secretary_a, members):
    logged_in(page, live_server, secretary_a, "/members/")
    expect(page.locator("a.print-link")).to_have_attribute("href", "/members/print/")
    page.locator("a.help-link").click()
    expect(page).to_have_url(f"{live_server.url}/help/registry:member_list/")
    expect(page.locator("h1")).to_have_text("帮助：党员名册")
    expect(page.locator("#glossary")).to_be_visible()
    page.get_by_role("link", name="支部书记").click()
    expect(page.locator("h1")).to_have_text("使用说明：支部书记")
