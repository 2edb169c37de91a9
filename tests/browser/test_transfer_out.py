"""A secretary transfers a member out in a real Chromium: issues the introduction letter, records
the receipt, and the member is gone from the roster and found among the former members."""

import datetime
import re

from playwright.sync_api import expect

from branches import clock
from registry.models import Member
from tests import factories


def test_secretary_issues_a_letter_records_the_receipt_and_the_member_leaves(
    page, live_server, logged_in, secretary_a, tree
):
    member = factories.make_member(
        tree["fuzhou_1"], name="转出甲", category=Member.Category.SELF_MANAGED, registered_on=datetime.date(2020, 1, 1)
    )
    factories.make_member(tree["fuzhou_1"], name="留下乙")
    logged_in(page, live_server, secretary_a, f"/members/{member.pk}/")
    page.locator(f"a[href='/members/{member.pk}/events/transfer_out/']").click()
    page.fill("input[name=other_side]", "中共天津市某企业委员会")
    page.fill("input[name=letter_number]", "ZC-2026-088")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/transfers/\d+/$"))
    expect(page.locator("h1")).to_contain_text("ZC-2026-088")

    page.fill("#receipt-form input[name=receipt_on]", clock.today().isoformat())
    page.locator("#receipt-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/former-members/{member.pk}/$"))

    page.goto(f"{live_server.url}/members/")
    expect(page.locator("table.list")).to_contain_text("留下乙")
    expect(page.locator("body")).not_to_contain_text("转出甲")

    page.goto(f"{live_server.url}/former-members/")
    page.fill("input[name=q]", member.id_number)
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("#former-members tbody tr")).to_have_count(1)
    expect(page.locator("#former-members")).to_contain_text("转出甲")
    expect(page.locator("#former-members")).to_contain_text("中共天津市某企业委员会")
