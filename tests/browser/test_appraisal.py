"""A secretary holds their branch's annual appraisal in a real Chromium: a new round with its days, the
grading form in one go — two of three members graded 优秀 is refused with the cap's reason and nothing
saved, then one 优秀, one 合格 and one 不合格 put on 限期改正, the probationary member without a grade —
and the round's counts link to its results; at a phone's width (390 px) the list's cells keep their
column names."""

import datetime
import re

from playwright.sync_api import expect

from branches import clock
from registry.models import AppraisalResult, Member
from tests import factories


def test_secretary_grades_a_round(page, live_server, logged_in, secretary_a, tree):
    year = clock.today().year - 1
    members = [
        factories.make_member(tree["fuzhou_1"], name=name, registered_on=datetime.date(2020, 1, 1))
        for name in ("林秀梅", "陈建国", "黄志强")
    ]
    learner = factories.make_member(
        tree["fuzhou_1"],
        name="郑晓燕",
        status=Member.Status.PROBATIONARY,
        joined=datetime.date(year, 6, 1),
        made_full=None,
        registered_on=datetime.date(2020, 1, 1),
    )
    logged_in(page, live_server, secretary_a, "/appraisal/")
    page.get_by_role("link", name="新建评议").click()
    page.select_option("[name=organization]", str(tree["fuzhou_1"].pk))
    page.fill("[name=year]", str(year))
    page.fill("[name=vote_on]", f"{year}-12-12")
    page.fill("[name=decided_on]", f"{year}-12-20")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("ul.messages")).to_contain_text("请评定党员等次")
    expect(page.locator(f"#member-{learner.pk}")).to_contain_text("不确定等次")  # no grade to choose

    first, second, third = members
    page.select_option(f"[name=grade_{first.pk}]", "excellent")
    page.select_option(f"[name=grade_{second.pk}]", "excellent")
    page.select_option(f"[name=grade_{third.pk}]", "qualified")
    page.get_by_role("button", name="保存评议等次").click()
    expect(page.locator("form#grading p.error").first).to_contain_text("至多1人可评为优秀")
    assert not AppraisalResult.objects.exists()

    page.select_option(f"[name=grade_{second.pk}]", "qualified")
    page.select_option(f"[name=grade_{third.pk}]", "unqualified")
    page.select_option(f"[name=outcome_{third.pk}]", "correction")
    page.fill(f"[name=deadline_{third.pk}]", f"{year + 1}-03-31")
    page.fill(f"[name=votes_excellent_{first.pk}]", "2")
    page.get_by_role("button", name="保存评议等次").click()
    expect(page.locator("ul.messages")).to_contain_text("评议等次已保存")
    expect(page.locator("h1")).to_contain_text(f"{year}年度民主评议")
    assert dict(AppraisalResult.objects.values_list("member__name", "grade")) == {
        "林秀梅": "excellent",
        "陈建国": "qualified",
        "黄志强": "unqualified",
        "郑晓燕": "",
    }

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/appraisal/")
    figure = page.locator("table.list td[data-label=不合格] a")
    expect(figure).to_have_text("1")
    figure.click()
    expect(page).to_have_url(re.compile(r"grade=unqualified"))
    expect(page.locator("table.list tbody tr")).to_have_count(1)
    expect(page.locator("table.list td[data-label=组织处置]")).to_contain_text("限期改正")
