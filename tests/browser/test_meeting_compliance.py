"""Organizational life's compliance in a real Chromium: a secretary records a 支部党员大会暨主题党日 with
its attendance, and the grid, the six-month list and the home page's figures change accordingly; the
committee office excuses a month; the pages fit a phone."""

import datetime
import re

from playwright.sync_api import expect

from registry.models import Member
from tests import factories
from tests.browser.test_lists import UNLABELLED_CELLS


def long_registered(organization, name):
    member = factories.make_member(organization, name=name)
    Member.objects.filter(pk=member.pk).update(registered_on=datetime.date(2020, 1, 1))
    return member


def test_a_meeting_recorded_changes_the_grid_the_six_month_list_and_the_home_figures(
    page, live_server, logged_in, secretary_a, tree
):
    member = long_registered(tree["fuzhou_1"], "林久未参加")
    long_registered(tree["fuzhou_2"], "陈久未参加")
    logged_in(page, live_server, secretary_a, "/")
    expect(page.locator('[data-figure="without_6_months"] .figure a')).to_have_text("2")
    expect(page.locator('[data-figure="meetings_general_meeting"] .figure a')).to_have_text("0")
    page.goto(f"{live_server.url}/meetings/without-life/")
    expect(page.locator("#without-life tbody tr")).to_have_count(2)

    page.goto(f"{live_server.url}/meetings/new/")
    page.select_option("select[name=organization]", str(tree["fuzhou_1"].pk))
    page.check("input[name=kinds][value=general_meeting]")
    page.check("input[name=kinds][value=party_day]")
    page.fill("input[name=topic]", "学习贯彻全会精神")
    page.locator("#meeting-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+/$"))
    page.select_option(f"select[name=status_{member.pk}]", "present")
    page.locator("#attendance-sheet button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()

    page.goto(f"{live_server.url}/meetings/compliance/?kind=party_day")
    row = page.locator('#life-grid tr[data-organization="福州商会第一党支部"]')
    expect(row.locator('td[data-period="2026-11"]')).to_have_attribute("data-state", "held")
    expect(row.locator('td[data-period="2026-10"]')).to_have_attribute("data-state", "not_held")
    page.goto(f"{live_server.url}/meetings/without-life/")
    expect(page.locator("#without-life tbody tr")).to_have_count(1)
    expect(page.locator("#without-life")).not_to_contain_text("林久未参加")
    page.goto(f"{live_server.url}/")
    expect(page.locator('[data-figure="without_6_months"] .figure a')).to_have_text("1")
    expect(page.locator('[data-figure="meetings_general_meeting"] .figure a')).to_have_text("1")
    expect(page.locator('[data-figure="meetings_party_day"] .figure a')).to_have_text("1")


def test_the_committee_excuses_a_month_and_the_pages_fit_a_phone(page, live_server, logged_in, staff, tree):
    long_registered(tree["putian"], "郑久未参加")
    logged_in(page, live_server, staff, "/meetings/exemptions/new/")
    page.select_option("select[name=organization]", str(tree["putian"].pk))
    page.select_option("select[name=kind]", "party_day")
    page.fill("input[name=day]", "2026-02-10")
    page.fill("input[name=reason]", "春节期间大部分党员返乡")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/meetings/exemptions/$"))
    expect(page.locator("#exemptions tbody tr")).to_have_count(1)
    page.goto(f"{live_server.url}/meetings/compliance/?kind=party_day&year=2026")
    cell = page.locator('#life-grid tr[data-organization="莆田商会党支部"] td[data-period="2026-02"]')
    expect(cell).to_have_attribute("data-state", "exempt")

    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/meetings/compliance/", "/meetings/behind/", "/meetings/without-life/", "/meetings/exemptions/"):
        assert page.goto(f"{live_server.url}{path}").status == 200, path
        assert page.evaluate(UNLABELLED_CELLS) == [], path
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
