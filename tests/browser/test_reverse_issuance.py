"""A secretary files a reverse issuance request, marks it sent and verified (with the number the
home organization issued), and the certificate appears in the register — in a real Chromium."""

import re

from playwright.sync_api import expect

from tests import factories


def test_secretary_files_a_reverse_issuance_request_through_to_the_register(
    page, live_server, logged_in, secretary_a, tree
):
    member = factories.make_member(
        tree["fuzhou_1"],
        name="郑反向",
        origin_organization="中共福清市江镜镇委员会",
        origin_address="福建省福清市江镜镇",
    )
    factories.make_member(tree["putian"], name="外支部党员", origin_organization="中共仙游县榜头镇委员会")

    # The member holds no certificate: the work list offers reverse issuance.
    logged_in(page, live_server, secretary_a, "/certificates/missing/")
    expect(page.locator("#missing-members")).to_contain_text("郑反向")
    expect(page.locator("body")).not_to_contain_text("外支部党员")
    page.locator("#missing-members tr", has_text="郑反向").locator("a[href*='/certificates/requests/new/']").click()
    expect(page.locator("input[name=member]")).to_have_value(member.id_number)
    expect(page.locator("input[name=home_organization]")).to_have_value("中共福清市江镜镇委员会")
    page.select_option("select[name=reason]", "business")
    page.fill("input[name=filed_on]", "2026-01-05")
    page.locator("form.form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/certificates/requests/\d+/$"))
    state = page.locator("#request-state")
    page.fill("#step-sent input[name=sent_on]", "2026-01-08")
    page.select_option("#step-sent select[name=sent_via]", "express")
    page.fill("#step-sent input[name=sent_reference]", "EMS1234567890")
    page.locator("#step-sent button[type=submit]").click()
    expect(page.locator("ol.steps")).to_contain_text("EMS1234567890")
    sent_label = state.inner_text()

    page.fill("#step-verified input[name=verified_on]", "2026-01-20")
    page.fill("#step-verified input[name=number]", "闽流党证350181-2026-0042")
    page.locator("#step-verified button[type=submit]").click()
    expect(page.locator("#issued-certificate")).to_have_text("闽流党证350181-2026-0042")
    assert state.inner_text() != sent_label
    expect(page.locator("ol.history li")).to_have_count(4)

    page.goto(f"{live_server.url}/certificates/")
    register = page.locator("#certificate-register")
    row = register.locator("tr", has_text="郑反向")
    expect(row).to_contain_text("福州商会第一党支部")
    expect(row).to_contain_text("2026-01-20")
    expect(row).to_contain_text("闽流党证350181-2026-0042")
    expect(page.locator("#issued-by-reverse")).to_have_text("1")
    page.goto(f"{live_server.url}/certificates/missing/")
    expect(page.locator("body")).not_to_contain_text("郑反向")
