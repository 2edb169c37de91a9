"""A person with two roles (issue 27 §2): a branch's secretary who is also staff of their committee
chooses the role in force in the header, and the roster follows it for the rest of the session."""

from playwright.sync_api import expect

from branches.services import role_assign


def test_a_secretary_who_is_also_staff_switches_in_the_header(page, live_server, logged_in, secretary_a, tree, members):
    role_assign(user=secretary_a, role="staff", organization=tree["committee"], actor=None, add=True)
    outside = members["putian"][0].name  # a member of the committee, not of the secretary's branch
    logged_in(page, live_server, secretary_a, "/members/")
    expect(page.locator("main")).not_to_contain_text(outside)

    switch = page.locator("form.role-switch")
    switch.locator("select").select_option(label=f"党委工作人员 · {tree['committee'].name}")
    switch.get_by_role("button", name="切换身份").click()
    expect(page.locator(".messages")).to_contain_text("您现在的身份是：党委工作人员")
    page.goto(f"{live_server.url}/members/")
    expect(page.locator("main")).to_contain_text(outside)
    expect(page.locator(".whoami")).to_contain_text("党委工作人员")
