"""On a phone-sized window: a member opens their check-in link, corrects the phone and the work
address and sends; the secretary accepts the phone and declines the address; the history says so."""

import re

from playwright.sync_api import expect

from registry.checkin import services
from registry.models import Member
from tests import factories


def test_a_member_corrects_two_fields_and_the_secretary_accepts_one(browser, live_server, logged_in, secretary_a, tree):
    member = factories.make_member(
        tree["fuzhou_1"], name="手机甲", phone="13900007777", work_address="北京市朝阳区旧址"
    )
    path = services.link_create(member=member, actor=None)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True)
    try:
        page = phone.new_page()
        response = page.goto(f"{live_server.url}{path}")
        assert "no-store" in response.headers["cache-control"] and response.headers["referrer-policy"] == "no-referrer"
        expect(page.locator("#who")).to_contain_text("手机甲")
        expect(page.locator("#who")).to_contain_text("*" * 14 + member.id_number[-4:])
        expect(page.locator("nav")).to_have_count(0)
        # the form fits the phone's width: nothing to scroll sideways
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.fill("input[name=phone]", "13800008888")
        page.fill("input[name=work_address]", "北京市海淀区新址")
        page.locator("#checkin-form button[type=submit]").click()
        expect(page.locator("#done")).to_contain_text("支部书记核对后")
    finally:
        phone.close()
    member.refresh_from_db()
    assert (member.phone, member.work_address) == ("13900007777", "北京市朝阳区旧址")  # nothing written yet

    desk = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True)
    try:
        page = desk.new_page()
        logged_in(page, live_server, secretary_a, "/checkin/")
        page.locator("#checkin-queue a.button").first.click()
        expect(page.locator("#submission-changes")).to_contain_text("13800008888")
        expect(page.locator("#submission-changes")).to_contain_text("北京市朝阳区旧址")
        page.check("#accept-phone")
        page.locator("#decide-form button[value=accept]").click()
        expect(page).to_have_url(re.compile(r"/checkin/$"))
        page.goto(f"{live_server.url}/members/{member.pk}/")
        expect(page.locator("#member-phone")).to_contain_text("13800008888")
        expect(page.locator("body")).to_contain_text("北京市朝阳区旧址")
        latest = page.locator("ol.history > li").first
        expect(latest).to_contain_text("党员本人于")
        expect(latest).to_contain_text("采纳：联系电话")  # the phone only: the address was declined
        expect(latest).not_to_contain_text("务工地址")
        expect(latest).to_contain_text("secretary_a")
        expect(page.locator("#last-confirmed")).to_contain_text("最近一次报到确认")
    finally:
        desk.close()
    member = Member.objects.get(pk=member.pk)
    assert (member.phone, member.work_address) == ("13800008888", "北京市朝阳区旧址")
