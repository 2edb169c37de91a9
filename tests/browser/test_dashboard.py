"""A dashboard figure, clicked in a real Chromium, lists exactly that many records."""

import re

from playwright.sync_api import expect

from registry.models import Member
from tests import factories


def test_staff_clicks_a_figure_and_gets_exactly_its_records(page, live_server, logged_in, staff, tree, members):
    for _ in range(3):
        factories.make_member(tree["putian"], category=Member.Category.SELF_MANAGED)
    factories.make_member(tree["fuzhou_1"], category=Member.Category.SELF_MANAGED, phone="")
    logged_in(page, live_server, staff, "/")

    figure = page.locator('[data-figure="self_managed"] .figure a')
    expect(figure).to_have_text("4")
    figure.click()
    expect(page).to_have_url(re.compile(r"/members/\?category=self_managed$"))
    expect(page.locator("table.list tbody tr")).to_have_count(4)

    page.goto(f"{live_server.url}/")
    page.locator('[data-figure="branches_in_all"] .figure a').click()
    expect(page).to_have_url(re.compile(r"/organizations/\?level=branches_in_all$"))
    expect(page.locator("table.list tbody tr")).to_have_count(3)

    page.goto(f"{live_server.url}/")
    worklist = page.locator('[data-figure="six_knowns_incomplete"] .figure a')
    expect(worklist).to_have_text("0")  # the self-managed member without a phone is not counted


def test_secretary_sees_the_work_list_first_and_completes_a_record(
    page, live_server, logged_in, secretary_a, tree, members
):
    member = factories.make_member(tree["fuzhou_2"], name="缺电话党员", phone="")
    factories.make_member(tree["putian"], name="别的支部党员", phone="")
    logged_in(page, live_server, secretary_a, "/")

    worklist = page.locator("#worklist")
    expect(worklist.locator("tbody tr")).to_have_count(1)
    expect(worklist).to_contain_text("缺电话党员")
    expect(page.locator("body")).not_to_contain_text("别的支部党员")
    page.locator("#worklist h2 a").click()
    expect(page.locator("table.worklist tbody tr")).to_have_count(1)

    page.locator(f"a[href='/members/{member.pk}/edit/']").click()
    page.fill("input[name=phone]", "13912345678")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/members/{member.pk}/$"))
    page.goto(f"{live_server.url}/")
    expect(page.locator("#worklist h2 a")).to_have_text("0")
