"""What a committee office does in its first hour, in a real Chromium: the staff member creates a
login for a branch secretary from the roles page, and prints the half year's letters (in the
background, then downloaded); the secretary logs in, finds their name in the header and changes
their password from there."""

import re

from playwright.sync_api import expect

from outreach.letters import services as letter_services
from tests import factories


def test_a_login_made_by_the_office_and_the_half_years_letters(page, live_server, login, logged_in, staff, tree):
    factories.make_member(tree["putian"], name="陈四", origin_organization="中共仙游县榜头镇委员会")
    letter_services.letters_generate(year=2026, half=1, actor=staff)

    # A login for the secretary of 莆田, from the roles page (the staff member's own login is not the subject).
    logged_in(page, live_server, staff, "/roles/")
    page.click("#user-create")
    page.fill("input[name=name]", "林秀英")
    page.fill("input[name=username]", "linxiuying")
    page.select_option("select[name=role]", "secretary")
    page.select_option("select[name=organization]", str(tree["putian"].pk))
    page.fill("input[name=password]", "Fujian-Shanghui-2026")
    page.fill("input[name=password_again]", "Fujian-Shanghui-2026")
    page.locator("#user-create-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/roles/users/\d+/$"))
    expect(page.locator("h1")).to_contain_text("林秀英")
    expect(page.locator("#account-events")).to_contain_text("新建账号")

    # The half year's letters in one file: printed in the background, then downloaded.
    page.goto(f"{live_server.url}/letters/")
    page.locator("#letter-periods button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/letters/printing/\d+/$"))
    download = page.locator("#batch-download")
    expect(download).to_be_visible()
    response = page.request.get(live_server.url + download.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")

    # The secretary logs in, sees their name, and changes their password from the header.
    page.context.clear_cookies()
    login(page, live_server, "linxiuying", "Fujian-Shanghui-2026")
    expect(page.locator(".whoami")).to_contain_text("林秀英")
    page.click("#password-change")
    page.fill("input[name=old_password]", "Fujian-Shanghui-2026")
    page.fill("input[name=new_password1]", "Putian-Branch-2027")
    page.fill("input[name=new_password2]", "Putian-Branch-2027")
    page.locator("#password-change-form button[type=submit]").click()
    expect(page.locator("#password-changed")).to_be_visible()
