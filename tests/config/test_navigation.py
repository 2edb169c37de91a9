"""The main menu (templates/base.html) offers each role the work it does: a reviewer, who changes
nothing, is not offered the imports (only history to them; the page stays open to them by its URL)."""

import re

import pytest
from django.urls import reverse

NAV = re.compile(r'<nav class="nav"[^>]*>(.*?)</nav>', re.S)
IMPORTS = reverse("registry:import_list")


def menu_links(client) -> set[str]:
    body = client.get(reverse("home")).content.decode()
    return set(re.findall(r'href="([^"]+)"', NAV.search(body).group(1)))


@pytest.mark.parametrize("who", ["admin", "staff", "secretary_a"])
def test_those_who_keep_the_records_are_offered_the_imports(request, client_for, who):
    assert IMPORTS in menu_links(client_for(request.getfixturevalue(who)))


def test_a_reviewer_is_not_offered_the_imports(client_for, reviewer):
    client = client_for(reviewer)
    links = menu_links(client)
    assert IMPORTS not in links
    assert reverse("registry:member_list") in links  # the menu is there, with what a reviewer reads
    assert client.get(IMPORTS).status_code == 200
