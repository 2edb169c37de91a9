"""A secretary records an election in a real Chromium (issue 24, done when 1): the committee, its term
and the committee office's lists change; a second vote with too few present is refused with its reason
and nothing is written; at a phone's width (390 px) the list still fits."""

import datetime
import re

from playwright.sync_api import expect

from registry.models import Election
from tests.registry.committees.helpers import election, voters


def test_a_secretary_records_an_election_and_a_vote_with_too_few_present_is_refused(
    page, live_server, logged_in, secretary_a, tree
):
    branch = tree["fuzhou_1"]
    people = voters(branch, 5)
    election(branch, people[:4], held_on=datetime.date(2023, 5, 1))  # its term ended on 2026-05-01: over
    logged_in(page, live_server, secretary_a, "/committees/?state=terms_over")
    expect(page.locator("table.list tbody tr")).to_have_count(1)
    expect(page.locator("table.list tbody")).to_contain_text(branch.name)

    page.goto(f"{live_server.url}/organizations/{branch.pk}/")
    expect(page.locator("#committee [data-term-state]")).to_have_attribute("data-term-state", "over")
    page.locator(f"#committee a[href='/organizations/{branch.pk}/election/']").click()
    expect(page.locator("input[name=number]")).to_have_value("2")
    expect(page.locator("input[name=voters_expected]")).to_have_value("5")
    page.fill("input[name=held_on]", "2026-11-08")
    page.fill("input[name=seats]", "3")
    page.fill("input[name=voters_present]", "5")
    for row, (member, votes) in enumerate(zip(people[1:], [5, 4, 4, 1], strict=True), start=1):
        page.select_option(f"select[name=candidate_{row}]", str(member.pk))
        page.fill(f"input[name=votes_{row}]", str(votes))
    page.select_option("select[name=secretary]", str(people[1].pk))
    page.select_option("select[name=deputy]", str(people[2].pk))
    page.locator("#election-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/organizations/{branch.pk}/$"))
    expect(page.locator("ul.messages")).to_be_visible()
    expect(page.locator("[data-secretary-source=committee]")).to_contain_text(people[1].name)
    committee = page.locator("#committee")
    expect(committee.locator("[data-term-state]")).to_have_attribute("data-term-state", "current")
    expect(committee).to_contain_text("2029-11-08")
    expect(committee.locator("table.list tbody tr")).to_have_count(3)
    expect(committee.locator("table.list tbody")).not_to_contain_text(people[4].name)  # 1 vote of 5: not elected

    page.goto(f"{live_server.url}/committees/?state=terms_over")
    expect(page.locator("p.empty")).to_be_visible()

    page.goto(f"{live_server.url}/organizations/{branch.pk}/election/")
    page.fill("input[name=held_on]", "2026-11-15")
    page.fill("input[name=seats]", "1")
    page.fill("input[name=voters_present]", "2")
    page.select_option("select[name=candidate_1]", str(people[0].pk))
    page.fill("input[name=votes_1]", "2")
    page.locator("#election-form button[type=submit]").click()
    expect(page.locator("#id_voters_present_error")).to_contain_text("2")
    expect(page.locator("#id_voters_present_error")).to_contain_text("5")
    expect(page.locator("#id_voters_present_error")).to_contain_text("半数")
    assert Election.objects.filter(organization=branch).count() == 2

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/committees/")
    expect(page.locator("table.list tbody tr").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
