"""Organizational life in a real Chromium: a secretary records a 支部党员大会暨主题党日 with its
attendance — present, excused with a reason, took part elsewhere — and finds it on the list."""

import re

from playwright.sync_api import expect

from branches import clock
from registry.models import Attendance, Gathering
from registry.orglife import services
from tests import factories
from tests.browser.test_lists import UNLABELLED_CELLS


def test_secretary_records_a_general_meeting_held_as_the_party_day(page, live_server, logged_in, secretary_a, tree):
    here = [factories.make_member(tree["fuzhou_1"], name=name) for name in ("林出席", "陈出席")]
    excused = factories.make_member(tree["fuzhou_1"], name="王请假")
    away = factories.make_member(tree["fuzhou_1"], name="郑在外地")
    factories.make_member(tree["putian"], name="外支部党员")
    logged_in(page, live_server, secretary_a, "/meetings/new/")
    page.select_option("select[name=organization]", str(tree["fuzhou_1"].pk))
    page.check("input[name=kinds][value=general_meeting]")
    page.check("input[name=kinds][value=party_day]")
    page.fill("input[name=topic]", "学习贯彻全会精神")
    page.fill("input[name=place]", "商会三楼会议室")
    page.fill("input[name=chair_name]", "林出席")
    page.locator("#meeting-form button[type=submit]").click()

    gathering = Gathering.objects.get()
    expect(page).to_have_url(re.compile(rf"/meetings/{gathering.pk}/$"))
    expect(page.locator("h1")).to_contain_text("支部党员大会暨主题党日")
    sheet = page.locator("#attendance-sheet")
    expect(sheet.locator("tbody tr")).to_have_count(4)  # every member expected, and nobody else
    expect(sheet).not_to_contain_text("外支部党员")

    for member in here:
        page.select_option(f"select[name=status_{member.pk}]", "present")
    page.select_option(f"select[name=status_{excused.pk}]", "excused")
    page.select_option(f"select[name=reason_{excused.pk}]", "illness")
    page.select_option(f"select[name=status_{away.pk}]", "elsewhere")
    page.fill(f"input[name=where_{away.pk}]", "泉州市丰泽区东海街道党工委")
    sheet.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/meetings/{gathering.pk}/$"))
    expect(page.locator(".messages")).to_be_visible()
    recorded = {a.member_id: a for a in Attendance.objects.filter(gathering=gathering)}
    assert {pk: a.status for pk, a in recorded.items()} == {
        here[0].pk: "present",
        here[1].pk: "present",
        excused.pk: "excused",
        away.pk: "elsewhere",
    }
    assert recorded[excused.pk].reason == "illness"
    assert recorded[away.pk].elsewhere_organization == "泉州市丰泽区东海街道党工委"
    assert recorded[away.pk].elsewhere_date == gathering.date
    expect(page.locator(f"select[name=status_{excused.pk}]")).to_have_value("excused")

    page.goto(f"{live_server.url}/meetings/")
    rows = page.locator("#meetings tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("学习贯彻全会精神")
    expect(rows.first).to_contain_text("支部党员大会")
    expect(rows.first).to_contain_text("主题党日")
    expect(rows.first.locator("td").last).to_have_text("3")  # present twice and once elsewhere


def test_the_meeting_pages_fit_a_phone(page, live_server, logged_in, secretary_a, tree):
    """At 390 px the list and the attendance sheet are cards: every value after its column's name, and
    nothing wider than the screen."""
    member = factories.make_member(tree["fuzhou_1"], name="林出席")
    gathering = services.gathering_create(
        data={"organization": tree["fuzhou_1"], "date": clock.today(), "topic": "主题党日"},
        kinds=("general_meeting", "party_day"),
        actor=None,
    )
    services.attendance_add(gathering=gathering, members=[member], actor=None)
    page.set_viewport_size({"width": 390, "height": 844})
    logged_in(page, live_server, secretary_a)
    for path in ("/meetings/", f"/meetings/{gathering.pk}/", "/meetings/new/"):
        assert page.goto(f"{live_server.url}{path}").status == 200, path
        assert page.evaluate(UNLABELLED_CELLS) == [], path
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
