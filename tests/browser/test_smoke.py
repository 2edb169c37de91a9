"""The smallest walk through a real browser: the login page is Chinese, and staff can log in."""

from tests.conftest import PASSWORD


def test_login_page_is_chinese_and_staff_gets_in(page, live_server, login, staff):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("input[type=password]").count() == 1
    assert (page.get_attribute("html", "lang") or "").lower().startswith("zh")

    response = login(page, live_server, "staff", PASSWORD)
    assert response is not None and response.ok
    assert "/accounts/login/" not in page.url
