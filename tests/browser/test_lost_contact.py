"""A secretary follows a lost member in a real Chromium: records the loss with its reason, a search on
the case's page, and — six months on — 停止党籍 from the work list; then restores the membership
from the former member's page, and the member is back on the roster."""

import datetime
import re

from playwright.sync_api import expect

from branches import clock
from registry.development.rules import add_months
from registry.models import LostContactCase, Member
from tests import factories


def test_secretary_records_a_loss_searches_suspends_and_restores(page, live_server, logged_in, secretary_a, tree):
    member = factories.make_member(
        tree["fuzhou_1"], name="失联甲", category=Member.Category.SELF_MANAGED, registered_on=datetime.date(2020, 1, 1)
    )
    today = clock.today()
    lost_on = add_months(today, -7)
    logged_in(page, live_server, secretary_a, f"/members/{member.pk}/")
    page.locator(f"a[href='/members/{member.pk}/events/lost_contact/']").click()
    page.fill("input[name=date]", lost_on.isoformat())
    page.select_option("select[name=lost_reason]", "1")
    page.fill("input[name=reason]", "外出务工，电话停机")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/members/{member.pk}/$"))
    expect(page.locator("#lost-contact-case")).to_contain_text(lost_on.isoformat())

    page.locator("#lost-contact-case a").first.click()
    expect(page).to_have_url(re.compile(r"/lost-contact/\d+/$"))
    page.fill("#searches input[name=date]", add_months(lost_on, 1).isoformat())
    page.fill("#searches input[name=method]", "走访原住址")
    page.fill("#searches input[name=result]", "已搬离")
    page.locator("#searches button[type=submit]").click()
    expect(page.locator("#searches")).to_contain_text("走访原住址")

    page.goto(f"{live_server.url}/lost-contact/due/suspend/")
    expect(page.locator("table.list")).to_contain_text("失联甲")
    page.locator("table.list a[href$='/events/suspended/']").click()
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/former-members/{member.pk}/$"))
    assert LostContactCase.objects.get(member=member).outcome == "suspended"

    page.locator(f"a[href='/members/{member.pk}/events/restored/']").click()
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/members/{member.pk}/$"))
    assert Member.objects.filter(pk=member.pk).exists()
