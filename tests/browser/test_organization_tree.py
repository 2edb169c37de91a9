"""The organization tree on a phone (390 px): each level indents a little, so that a deep
organization's name still starts next to its label, on the same line, not a third of the screen away."""

from branches.models import Organization
from tests import factories

# Where a name starts: its first line box (a name that wraps starts where its first character is).
NAME_START = """name => {
  const link = [...document.querySelectorAll("table.tree td a")].find(a => a.textContent.trim() === name);
  const first = link.getClientRects()[0], cell = link.closest("td").getBoundingClientRect();
  return {left: first.left, top: first.top, cellTop: cell.top};
}"""


def test_a_deep_organization_starts_next_to_its_label_on_a_phone(page, live_server, logged_in, staff, tree):
    group = factories.make_organization(
        "福州商会第一党支部第一党小组", level=Organization.Level.PARTY_GROUP, parent=tree["fuzhou_1"]
    )
    factories.make_organization("第一党小组临时党支部", level=Organization.Level.TEMPORARY_BRANCH, parent=group)
    page.set_viewport_size({"width": 390, "height": 844})
    logged_in(page, live_server, staff, "/organizations/")
    root = page.evaluate(NAME_START, "福建商会党委")  # depth 0
    branch = page.evaluate(NAME_START, "福州商会第一党支部")  # depth 2
    deepest = page.evaluate(NAME_START, "第一党小组临时党支部")  # depth 4
    assert 0 < branch["left"] - root["left"] < deepest["left"] - root["left"]  # still a tree
    assert deepest["left"] - root["left"] <= 40, (root, deepest)  # four levels in a finger's width, not 90 px
    assert deepest["top"] - deepest["cellTop"] < 20  # on the label's line
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
