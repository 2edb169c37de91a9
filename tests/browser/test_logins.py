"""Logins through the browser: ten wrong passwords lock the account for a while, saying so in
Chinese, and then even the right password is refused; no main page breaks the
Content-Security-Policy (the `page` fixture fails a test on any violation it sees)."""

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def test_ten_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(
    page, live_server, login, staff, settings
):
    assert settings.AXES_FAILURE_LIMIT == 10
    for _ in range(9):
        login(page, live_server, "staff", "not-the-password")
        expect(page.locator("p.error")).to_contain_text("用户名或密码不正确")
    response = login(page, live_server, "staff", "not-the-password")
    assert response.status == 429
    response = login(page, live_server, "staff", PASSWORD)
    assert response.status == 429
    assert "/accounts/login/" in page.url
    message = page.locator("#locked-out")
    expect(message).to_contain_text("密码连续输错次数过多")
    expect(message).to_contain_text("锁定 30 分钟")
    expect(page.locator("input[name=username]")).to_have_value("staff")
    page.goto(f"{live_server.url}/members/")
    assert "/accounts/login/" in page.url  # not logged in


def test_the_main_pages_report_no_csp_violation(page, live_server, login, admin, members, csp_violations):
    """The pages with scripts (the print button, the import's progress), the tree's indents and the
    figures' bars (style attributes), forms, the letters' print page and the admin."""
    member = members["putian"][0]
    response = login(page, live_server, "admin", PASSWORD)
    policy = response.header_value("content-security-policy") or ""
    assert "script-src 'self'" in policy
    for path in (
        "/",
        "/members/",
        f"/members/{member.pk}/",
        f"/members/{member.pk}/edit/",
        "/organizations/",
        "/six-knowns/",
        "/summary/",
        "/imports/new/",
        "/dues/",
        "/certificates/",
        "/letters/",
        "/development/",
        "/admin/",
        "/admin/auth/user/",
        "/admin/axes/accessattempt/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "no-store" in (response.header_value("cache-control") or ""), path
    page.goto(f"{live_server.url}/summary/")
    page.evaluate("window.print = () => { window.printed = true }")
    page.locator("button[data-print]").click()
    assert page.evaluate("window.printed === true")  # our own script ran under the policy
    assert csp_violations == []
