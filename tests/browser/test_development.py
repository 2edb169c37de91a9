"""A secretary takes a candidate from activist to probationary member in a real Chromium — the
target notice, the decision, the steps before admission (political review, training, pre-review,
application form; one out of order refused), the admission notice, two introducers and the branch
meeting's vote, the admission — and finds the new member on the roster. Dates are set in the past
instead of waiting for the notices to run."""

import datetime
import re

from playwright.sync_api import expect

from branches import clock
from registry.development.rules import add_years
from registry.models import Candidate, Member
from tests import factories


def day(offset: int) -> str:
    return (clock.today() + datetime.timedelta(days=offset)).isoformat()


def test_secretary_takes_an_activist_to_probationary_member(page, live_server, logged_in, secretary_a, tree):
    today = clock.today()
    candidate = Candidate.objects.create(
        name="陈晓梅",
        id_number=factories.make_id_number(birth=datetime.date(1995, 4, 2), male=False),
        organization=tree["fuzhou_1"],
        applied=add_years(today, -3),
        talked=add_years(today, -3) + datetime.timedelta(days=20),
        activist=add_years(today, -2),
        contact_persons="王五",
    )
    first = factories.make_member(tree["fuzhou_1"], name="介绍人林建国")
    second = factories.make_member(tree["fuzhou_1"], name="介绍人黄丽")
    for name in ("表决甲", "表决乙", "表决丙"):  # the branch's three members with a vote
        factories.make_member(tree["fuzhou_1"], name=name, category=Member.Category.SELF_MANAGED)
    logged_in(page, live_server, secretary_a, f"/development/{candidate.pk}/")
    expect(page.locator("#candidate-stage")).to_contain_text("入党积极分子")

    def step(name: str, fields: dict):
        page.locator(f"#step-{name} > summary").click()
        for field, value in fields.items():
            selector = f"[name={name}-{field}]"
            if page.locator(selector).evaluate("e => e.tagName") == "SELECT":
                page.select_option(selector, value)
            else:
                page.fill(selector, value)
        page.locator(f"#step-{name} button[type=submit]").click()
        page.wait_for_load_state()

    step("notice", {"decision": "target", "date": day(-40)})
    expect(page.locator("ul.messages")).to_contain_text("公示")
    step("target", {"date": day(-25)})
    expect(page.locator("#candidate-stage")).to_contain_text("发展对象")
    # The pre-review before the political review is refused, naming the step to record first.
    step("pre_review", {"date": day(-24)})
    expect(page.locator("#step-pre_review")).to_contain_text("政治审查")
    step("political_review", {"date": day(-24), "conclusion": "qualified"})
    step("training", {"date": day(-23), "hours": "24"})
    step("pre_review", {"date": day(-22)})
    step("application_form", {"date": day(-21), "number": "2026017"})
    expect(page.locator("ol.timeline")).to_contain_text("编号 2026017")
    step("notice", {"decision": "admission", "date": day(-20)})
    # One introducer is refused with the rule; nothing is written.
    step("admit", {"date": day(-5), "introducer_1": first.id_number, "vote_present": "3", "vote_for": "2"})
    expect(page.locator("#step-admit")).to_contain_text("两名")
    expect(page.locator("#candidate-stage")).to_contain_text("发展对象")
    page.fill("[name=admit-introducer_2]", second.id_number)
    page.locator("#step-admit button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#candidate-stage")).to_contain_text("预备党员")
    expect(page.locator("ol.timeline")).to_contain_text("介绍人林建国、介绍人黄丽")
    expect(page.locator("#vote")).to_contain_text("应到 3 人，实到 3 人，赞成 2 票")

    page.goto(f"{live_server.url}/members/")
    page.fill("input[name=q]", "陈晓梅")
    page.locator("form.filters button[type=submit]").click()
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("预备党员")
    expect(rows.first).to_contain_text("自管党员")
    page.get_by_role("link", name="陈晓梅").click()
    expect(page).to_have_url(re.compile(r"/members/\d+/(\?back=.*)?$"))


def test_development_pages_fit_a_phone(page, live_server, logged_in, staff, tree):
    candidate = Candidate.objects.create(
        name="手机候选人",
        id_number=factories.make_id_number(birth=datetime.date(1995, 1, 1)),
        organization=tree["putian"],
        applied=datetime.date(2023, 1, 1),
        activist=datetime.date(2023, 6, 1),
        contact_persons="王五",
    )
    page.set_viewport_size({"width": 390, "height": 844})
    logged_in(page, live_server, staff)
    for path in ("/development/", "/development/due/talks_overdue/", "/", f"/development/{candidate.pk}/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
