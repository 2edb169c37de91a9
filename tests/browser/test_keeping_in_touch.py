"""Keeping in touch in a real Chromium: a secretary works the lost-touch list."""

import re

from django.utils import translation
from playwright.sync_api import expect

from outreach.contacts import services
from tests import factories
from tests.outreach.helpers import days_ago


def test_secretary_records_a_call_from_the_lost_touch_list(page, live_server, logged_in, secretary_a, tree):
    silent = factories.make_member(tree["fuzhou_1"], name="林久未联")
    recent = factories.make_member(tree["fuzhou_2"], name="陈常联系")
    factories.make_member(tree["putian"], name="外支部党员")
    services.contact_create(
        member=silent, data={"date": days_ago(200), "channel": "letter", "made_by": "联络员"}, actor=None
    )
    services.contact_create(
        member=recent, data={"date": days_ago(3), "channel": "phone", "made_by": "联络员"}, actor=None
    )
    logged_in(page, live_server, secretary_a, "/outreach/lost-touch/")
    rows = page.locator("#lost-touch tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("林久未联")
    expect(page.locator("body")).not_to_contain_text("外支部党员")

    with translation.override("zh-hans"):
        record_contact = translation.gettext("Record contact")
    rows.first.get_by_role("link", name=record_contact).click()
    expect(page).to_have_url(re.compile(rf"/outreach/members/{silent.pk}/contacts/new/"))
    page.select_option("select[name=channel]", "phone")
    page.fill("textarea[name=note]", "电话联系上了，换了新工作")
    page.locator("form.form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/outreach/lost-touch/"))
    expect(page.locator("#lost-touch")).to_have_count(0)  # the member left the list: it is empty now
    expect(page.locator("p.empty")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("林久未联")

    page.goto(f"{live_server.url}/members/{silent.pk}/")
    log = page.locator("#contact-log")
    expect(log).to_contain_text("电话联系上了，换了新工作")
    expect(log.locator("ol.contact-log li").first).to_contain_text("电话")
