"""A secretary records a commendation from a member's page in a real Chromium, approves it on its
page, and finds it in the year's figures of the list — and a local title without its words is
refused on the form, at a phone's width (390 px) the list's cells keep their column names."""

import re

from playwright.sync_api import expect

from branches import clock
from tests import factories


def test_secretary_records_and_approves_a_commendation(page, live_server, logged_in, secretary_a, tree):
    member = factories.make_member(tree["fuzhou_1"], name="林秀梅")
    logged_in(page, live_server, secretary_a, f"/members/{member.pk}/")
    page.locator("#honours").get_by_role("link", name="登记表彰").click()
    expect(page.locator("[name=member_id_number]")).to_have_value(member.id_number)
    page.select_option("[name=title]", "other")
    page.fill("[name=body]", "中共北京福州企业商会总支部委员会")
    page.select_option("[name=body_level]", "own")
    page.fill("[name=date]", clock.today().isoformat())
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#id_title_text_error")).to_contain_text("流动党员先进个人")  # refused: no words
    page.fill("[name=title_text]", "流动党员先进个人")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("ul.messages")).to_contain_text("表彰已登记")
    expect(page.locator("h1")).to_contain_text("流动党员先进个人")
    page.locator("input[name=state][value=approved]").check()
    page.get_by_role("button", name="登记审批结果").click()
    expect(page.locator("ul.messages")).to_contain_text("审批结果已登记")
    expect(page.locator("dl.fields")).to_contain_text("已批准")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/honours/")
    year = str(clock.today().year)
    figure = page.locator("#years tr", has_text=year).locator("td[data-label=其他称号] a")
    expect(figure).to_have_text("1")
    figure.click()
    expect(page).to_have_url(re.compile(r"title=other"))
    expect(page.locator("table.list tbody tr")).to_have_count(1)
    expect(page.locator("table.list td[data-label=受表彰对象]")).to_contain_text("林秀梅")
