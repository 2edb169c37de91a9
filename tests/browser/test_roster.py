"""What a person does on the roster, in a real Chromium: find, open, edit, see the history."""

import re

from playwright.sync_api import expect

from tests import factories


def test_staff_finds_a_member_by_id_edits_the_phone_and_sees_the_history(page, live_server, logged_in, staff, tree):
    member = factories.make_member(tree["fuzhou_1"], name="林海峰", phone="13900000001")
    factories.make_member(tree["putian"], name="陈志强")
    logged_in(page, live_server, staff, "/members/")
    page.fill("input[name=q]", member.id_number)
    page.locator("form.filters button[type=submit]").click()
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(1)
    page.get_by_role("link", name="林海峰").click()
    expect(page).to_have_url(re.compile(rf"/members/{member.pk}/\?back=/members/"))  # the way back to the list

    page.locator(f"a[href='/members/{member.pk}/edit/']").click()
    page.fill("input[name=phone]", "139 1111 2222")
    page.locator("form.form button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/members/{member.pk}/$"))
    expect(page.locator("#member-phone")).to_have_text("13911112222")
    history = page.locator("ol.history li").first
    expect(history).to_contain_text("13900000001")
    expect(history).to_contain_text("13911112222")
    expect(history).to_contain_text("staff")


def test_a_bad_id_number_shows_the_message_next_to_the_field(page, live_server, logged_in, staff, tree):
    logged_in(page, live_server, staff, "/members/new/")
    page.fill("input[name=name]", "张三")
    page.fill("input[name=id_number]", "110105194912310021")
    page.select_option("select[name=category]", "registered_mobile")
    page.select_option("select[name=organization]", str(tree["putian"].pk))
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("#id_id_number_error")).to_contain_text("X")
    expect(page.locator("#id_id_number_error")).to_contain_text("校验")


def test_secretary_typing_another_branch_member_url_sees_404(page, live_server, logged_in, secretary_a, tree):
    other = factories.make_member(tree["putian"], name="外支部党员")
    own = factories.make_member(tree["fuzhou_2"], name="本支部党员")
    response = logged_in(page, live_server, secretary_a, f"/members/{other.pk}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("外支部党员")

    response = page.goto(f"{live_server.url}/members/{own.pk}/")
    assert response.status == 200
    expect(page.locator("h1")).to_contain_text("本支部党员")

    page.goto(f"{live_server.url}/members/")
    expect(page.locator("table.list")).to_contain_text("本支部党员")
    expect(page.locator("body")).not_to_contain_text("外支部党员")


def test_roster_is_usable_at_phone_width(page, live_server, logged_in, staff, tree):
    factories.make_member(tree["putian"], name="手机用户")
    page.set_viewport_size({"width": 390, "height": 844})
    logged_in(page, live_server, staff, "/members/")
    # No horizontal scrolling of the whole page; the menu opens from its toggle.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    expect(page.locator("nav.nav")).to_be_hidden()
    page.locator("label.nav-toggle-label").click()
    expect(page.locator("nav.nav")).to_be_visible()
    expect(page.locator("table.list")).to_contain_text("手机用户")


def test_staff_finds_a_member_as_typed_on_a_phone_by_pinyin_and_birth_date(page, live_server, logged_in, staff, tree):
    """Issue 26 §3: 林秀英 by her initials, her full pinyin and the birth-date digits of her ID number."""
    member = factories.make_member(tree["fuzhou_1"], name="林秀英")
    factories.make_member(tree["putian"], name="李小明")
    logged_in(page, live_server, staff, "/members/")
    rows = page.locator("table.list tbody tr")
    for typed in ("lxy", "Lin Xiuying", member.id_number[6:14]):
        page.fill("input[name=q]", typed)
        page.locator("form.filters button[type=submit]").click()
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("林秀英")
    # The headers that sort look like links that sort: a faint ↕ until sorted by, then ▲.
    header = page.locator("table.list th[aria-sort=none] a.sort .arrow").first
    assert page.evaluate("e => getComputedStyle(e, '::after').content", header.element_handle()) == '"↕"'
