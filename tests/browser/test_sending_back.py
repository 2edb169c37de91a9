"""The committee office sends a member record back with a question in a real Chromium; the branch
secretary finds it in the inbox (the nav's count), answers it on the record, and it leaves the inbox;
the answer reaches the office's inbox (issue 26 §7)."""

from playwright.sync_api import expect

from tests import factories


def test_staff_send_back_and_the_secretary_answers(page, live_server, logged_in, staff, secretary_a, tree):
    member = factories.make_member(tree["fuzhou_1"], name="林秀梅")
    logged_in(page, live_server, staff, f"/members/{member.pk}/")
    page.locator("#send-back").click()
    page.fill("[name=question]", "入党时间与档案不符，请核对。")
    page.get_by_role("button", name="退回", exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text("已连同您的问题退回给书记")
    expect(page.locator("section.sent-back")).to_contain_text("入党时间与档案不符")
    page.get_by_role("button", name="退出登录").click()

    logged_in(page, live_server, secretary_a, "/")
    expect(page.locator("#inbox-unread")).to_have_text("1")
    page.locator("#nav-inbox").click()
    message = page.locator("#inbox-message-list li", has_text="林秀梅")
    expect(message).to_contain_text("入党时间与档案不符")
    message.get_by_role("button", name="打开").click()
    page.fill("section.sent-back textarea[name=answer]", "已核对档案，入党时间无误。")
    page.get_by_role("button", name="发送答复").click()
    expect(page.locator("ul.messages")).to_contain_text("您的答复已发送给党委办公室")
    expect(page.locator("section.sent-back")).to_contain_text("已答复")
    page.locator("#nav-inbox").click()
    expect(page.locator("#inbox-message-list")).to_have_count(0)
    expect(page.locator("#nav-inbox #inbox-unread")).to_have_count(0)
    page.get_by_role("button", name="退出登录").click()

    logged_in(page, live_server, staff, "/")
    page.locator("#nav-inbox").click()
    expect(page.locator("#inbox-message-list")).to_contain_text("已核对档案，入党时间无误。")
