"""A secretary enters a month's dues for a branch, in a real Chromium, and the reminder list shrinks."""

import re

from playwright.sync_api import expect

from branches import clock
from registry.dues import months as dues_months
from tests import factories


def test_secretary_enters_a_months_dues_and_the_reminder_list_shrinks(page, live_server, logged_in, secretary_a, tree):
    this_month = dues_months.first_of(clock.today())
    behind = dues_months.add(this_month, -5)  # four months unpaid: on the reminder list
    first = factories.make_payer(tree["fuzhou_1"], name="欠费甲", dues_paid_through=behind)
    factories.make_payer(tree["fuzhou_1"], name="欠费乙", dues_paid_through=behind)
    factories.make_payer(tree["putian"], name="外支部欠费", dues_paid_through=behind)
    logged_in(page, live_server, secretary_a, "/dues/reminders/")
    rows = page.locator("#unpaid-list tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("body")).not_to_contain_text("外支部欠费")

    page.goto(f"{live_server.url}/")
    page.locator("#dues-lists").get_by_role("link", name="登记当月党费").click()
    page.select_option("select[name=organization]", str(tree["fuzhou_1"].pk))
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/dues/sheet/{tree['fuzhou_1'].pk}/\?month="))
    expect(page.locator("table.dues-sheet tbody tr")).to_have_count(2)

    page.fill(f"input[name=amount_{first.pk}]", "-3")
    page.locator("#month-sheet button[type=submit]").click()
    expect(page.locator("#month-sheet")).to_contain_text("金额不能为负数")

    page.fill(f"input[name=amount_{first.pk}]", "12.50")
    page.fill(f"input[name=note_{first.pk}]", "补交")
    page.locator("#month-sheet button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("新增 1 条")

    page.goto(f"{live_server.url}/dues/reminders/")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("欠费乙")

    page.goto(f"{live_server.url}/members/{first.pk}/")
    cell = page.locator(f"#member-dues td[data-month='{this_month:%Y-%m}']")
    expect(cell).to_contain_text("12.50")
    expect(cell).to_have_attribute("data-state", "paid")


def test_secretary_records_an_approved_reduction_and_a_member_paying_at_home_stays_off_the_sheet(
    page, live_server, logged_in, secretary_a, tree
):
    """Issue 22 §3: paying less with the higher committee's approval, refused in Chinese until it is
    less than what is due; a registered mobile member paying at home is named beside the sheet."""
    this_month = dues_months.first_of(clock.today())
    member = factories.make_payer(tree["fuzhou_1"], name="困难党员", dues_paid_through=dues_months.add(this_month, -1))
    factories.make_member(tree["fuzhou_1"], name="流出地交纳", dues_paid_through=dues_months.add(this_month, -1))
    logged_in(page, live_server, secretary_a, f"/members/{member.pk}/dues/basis/")
    page.fill("input[name=month]", f"{this_month:%Y-%m}")
    page.fill("input[name=monthly_base]", "4000")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("#member-dues")).to_contain_text("40.00")

    page.locator("#member-dues").get_by_role("link", name="少交免交（经批准）").click()
    page.fill("input[name=months]", f"{this_month:%Y-%m}")
    page.fill("input[name=monthly_amount]", "50")
    page.fill("input[name=approved_by]", "福建商会党委")
    page.fill("input[name=approved_on]", f"{clock.today():%Y-%m-%d}")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("form.form")).to_contain_text("40.00")  # a reduction is less than what is due
    page.fill("input[name=monthly_amount]", "1")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("#dues-reductions")).to_contain_text("福建商会党委")

    page.goto(f"{live_server.url}/dues/sheet/{tree['fuzhou_1'].pk}/?month={this_month:%Y-%m}")
    expect(page.locator("table.dues-sheet tbody tr")).to_have_count(1)
    expect(page.locator("#paying-elsewhere")).to_contain_text("流出地交纳")
