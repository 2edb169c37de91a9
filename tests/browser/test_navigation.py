"""The main navigation in three groups (<details>): it fits a laptop's width in one row, and a
person opens a group and follows a link, on a laptop and on a phone."""

import re

import pytest
from playwright.sync_api import expect


def group_of(page, href):
    """The navigation group (<details>) holding the link to `href`."""
    return page.locator("nav.nav details.nav-group", has=page.locator(f"a[href='{href}']"))


def test_on_a_laptop_the_navigation_is_one_row_and_a_group_opens_as_a_menu(page, live_server, logged_in, staff, tree):
    logged_in(page, live_server, staff, "/")
    tops = page.locator("nav.nav > details > summary, nav.nav > a, nav.nav > .whoami").evaluate_all(
        "elements => elements.map(element => Math.round(element.getBoundingClientRect().top))"
    )
    assert len(tops) >= 5 and max(tops) - min(tops) <= 8, tops  # one row at 1280px
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    roster = group_of(page, "/members/")
    expect(roster.locator("a[href='/members/']")).to_be_hidden()
    roster.locator("summary").click()
    expect(roster.locator("a[href='/enterprises/']")).to_be_visible()
    roster.locator("a[href='/members/']").click()

    expect(page).to_have_url(re.compile(r"/members/$"))
    roster = group_of(page, "/members/")
    expect(roster.locator("a[href='/members/']")).to_have_attribute("aria-current", "page")
    expect(roster.locator("summary")).to_have_class(re.compile(r"\bcurrent\b"))


def test_the_committee_finds_the_roles_page_in_the_navigation(page, live_server, logged_in, staff):
    logged_in(page, live_server, staff, "/")
    page.locator("nav.nav a[href='/roles/']").click()
    expect(page).to_have_url(re.compile(r"/roles/$"))
    expect(page.locator("#role-assignments")).to_contain_text("staff")
    expect(page.locator("nav.nav a[href='/roles/']")).to_have_attribute("aria-current", "page")


@pytest.mark.parametrize("username", ["staff", "secretary_a"])
def test_on_a_phone_the_menu_opens_a_group_and_follows_a_link(
    page, live_server, logged_in, staff, secretary_a, username
):
    page.set_viewport_size({"width": 390, "height": 844})
    logged_in(page, live_server, username, "/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    expect(page.locator("nav.nav")).to_be_hidden()
    page.locator("label.nav-toggle-label").click()
    in_touch = group_of(page, "/certificates/")
    expect(in_touch.locator("summary")).to_be_visible()
    expect(in_touch.locator("a[href='/certificates/']")).to_be_hidden()
    in_touch.locator("summary").click()
    link = in_touch.locator("a[href='/certificates/']")
    expect(link).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    link.click()

    expect(page).to_have_url(re.compile(r"/certificates/$"))
    expect(page.locator("nav.nav a[href='/roles/']")).to_have_count(1 if username == "staff" else 0)
