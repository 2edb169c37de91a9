"""The rooms (branches/rooms.py) describe the navigation: each role sees the links it saw when
base.html wrote them by hand, each link's page answers, the current page is found by its URL name
(not a part of it), and no template decides by a role's name."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from branches import rooms

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

EVERYONE = [
    "home",
    "registry:six_knowns_worklist",
    "registry:survey_list",
    "registry:dues_overview",
    "registry:balance",
    "registry:member_list",
    "registry:candidate_list",
    "registry:organization_list",
    "registry:chamber_list",
    "registry:enterprise_list",
    "registry:movement_list",
    "registry:meeting_list",
    "registry:appraisal_list",
    "registry:committee_list",
    "registry:honour_list",
    "outreach:lost_touch",
    "certificates:certificate_list",
]
# Discipline and lost contact: the roster group's records after the import and check-in work.
RECORDS = ["registry:discipline_list", "registry:lost_contact_list"]
# The assessment of branches and the annual statistics: last of the figures group, for every role.
ASSESSMENT, STATISTICS = "registry:assessment_index", "registry:statistics"
# The links each role sees, in the order of the navigation.
NAV = {
    "staff": [
        *EVERYONE[:5],
        "registry:coverage",
        ASSESSMENT,
        STATISTICS,
        *EVERYONE[5:15],
        "registry:import_list",
        "registry:checkin_queue",
        "registry:reconciliation_list",
        *RECORDS,
        "registry:send_back_list",
        *EVERYONE[15:],
        "letters:letter_list",
        "branches:role_list",
    ],
    "reviewer": [
        *EVERYONE[:5],
        "registry:coverage",
        ASSESSMENT,
        STATISTICS,
        *EVERYONE[5:15],
        *RECORDS,
        *EVERYONE[15:],
        "letters:letter_list",
    ],
    "secretary_a": [
        *EVERYONE[:5],
        ASSESSMENT,
        STATISTICS,
        *EVERYONE[5:15],
        "registry:import_list",
        "registry:checkin_queue",
        *RECORDS,
        *EVERYONE[15:],
    ],
}


def nav_html(body: str) -> str:
    return body[body.index('<nav class="nav"') : body.index("</nav>")]


def nav_hrefs(body: str) -> list[str]:
    own = {reverse("password_change"), reverse("admin:index"), reverse("branches:inbox")}
    return [href for href in re.findall(r'<a href="([^"]+)"', nav_html(body)) if href not in own]


def current(body: str) -> tuple[list[str], list[list[str]]]:
    """The links marked as the current page, and for each group marked current, its links."""
    nav = nav_html(body)
    marked = re.findall(r'<a href="([^"]+)" aria-current="page">', nav)
    groups = [
        re.findall(r'<a href="([^"]+)"', group)
        for group in re.findall(r'<summary class="current">.*?</details>', nav, flags=re.S)
    ]
    return marked, groups


@pytest.mark.parametrize("who", sorted(NAV))
def test_each_role_sees_its_links_and_each_page_answers(request, client_for, members, who):
    client = client_for(request.getfixturevalue(who))
    body = client.get(reverse("home")).content.decode()
    expected = [reverse(name) for name in NAV[who]]
    assert nav_hrefs(body) == expected
    for url in expected:
        assert client.get(url).status_code == 200, url


def test_the_groups_keep_their_labels_and_a_superuser_also_finds_the_administration(client_for, admin):
    body = client_for(admin).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    nav = nav_html(body)
    assert re.findall(r"<summary[^>]*>([^<]+)</summary>", nav) == ["数据统计", "名册", "联系服务"]
    assert f'href="{reverse("admin:index")}"' in nav and 'id="password-change"' in nav and 'class="whoami"' in nav


@pytest.mark.parametrize(
    "name, args, link",
    [
        ("home", [], "home"),
        ("registry:summary", [], "home"),
        ("registry:member_detail", ["member"], "registry:member_list"),
        # A former member's page is the movements' (the old substring test marked 'member' too).
        ("registry:former_member_list", [], "registry:movement_list"),
        ("registry:dues_reminders", [], "registry:dues_overview"),
        ("outreach:visit_overview", [], "outreach:lost_touch"),
        ("certificates:request_list", [], "certificates:certificate_list"),
        ("branches:user_detail", ["user"], "branches:role_list"),
    ],
)
def test_the_current_page_is_marked_once_and_its_group_with_it(client_for, staff, members, name, args, link):
    values = {"member": members["fuzhou_1"][0].pk, "user": staff.pk}
    body = client_for(staff).get(reverse(name, args=[values[arg] for arg in args])).content.decode()
    marked, groups = current(body)
    assert marked == [reverse(link)]
    if link == "branches:role_list":  # a link of no group
        assert groups == []
    else:
        assert len(groups) == 1 and reverse(link) in groups[0]


def test_a_group_is_current_on_a_page_whose_link_this_user_does_not_see(client_for, reviewer, tree):
    body = client_for(reviewer).get(reverse("registry:import_list")).content.decode()
    marked, groups = current(body)
    assert marked == [] and len(groups) == 1 and reverse("registry:member_list") in groups[0]


# --- the registry of links -----------------------------------------------------------------------


def url_names(patterns=None, prefix="") -> list[str]:
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names += url_names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(prefix + pattern.name)
    return names


def test_every_page_of_the_project_belongs_to_exactly_one_link():
    """A page marks one link as current; a new page belongs to its room's link by its name."""
    links = [link for link, _room in rooms.nav_links()]
    ours = [
        name for name in url_names() if name == "home" or name.split(":")[0] in ("registry", "outreach", "branches")
    ]
    ours += [name for name in url_names() if name.split(":")[0] in ("certificates", "letters")]
    owners = {name: [link.url_name for link in links if link.is_current_for(name)] for name in ours}
    assert {name: found for name, found in owners.items() if len(found) != 1} == {}


def test_every_link_reverses_and_every_pattern_names_a_page():
    names = url_names()
    for link, room in rooms.nav_links():
        reverse(link.url_name)
        for pattern in link.current_for:
            assert any(link.is_current_for(name) for name in names if name != link.url_name), (room.name, pattern)


def test_a_pattern_matches_by_name_or_prefix_never_by_a_part():
    link = rooms.NavLink("Members", "registry:member_list", current_for=("registry:member_*",))
    assert link.is_current_for("registry:member_detail") and link.is_current_for("registry:member_list")
    assert not link.is_current_for("registry:former_member_list")
    assert not link.is_current_for("outreach:member_lost_contact")


def test_the_rooms_are_those_listed_in_settings(settings):
    assert [room.name for room in rooms.rooms()][:2] == ["figures", "members"]
    settings.REGISTRY_ROOMS = ["branches.room"]
    assert [room.name for room in rooms.rooms()] == ["branches"]
    settings.REGISTRY_ROOMS = ["branches.rooms"]  # a module without ROOM
    with pytest.raises(Exception, match="defines no ROOM"):
        rooms.rooms()


def test_the_assessment_items_rooms_compute_are_each_claimed_once(settings):
    assert {"contacts", "certificates"} <= set(rooms.assessment_items())  # outreach's (docs/assessment.md#items)
    settings.REGISTRY_ROOMS = ["outreach.contacts.room", "outreach.contacts.room"]
    with pytest.raises(Exception, match="'contacts' is claimed by two rooms"):
        rooms.assessment_items()


# --- no rule of who sees what in the templates ----------------------------------------------------


def test_no_template_decides_by_a_roles_name_and_base_writes_no_menu_entry():
    role_names = "|".join(("admin", "staff", "secretary", "reviewer"))
    spelled = re.compile(rf"""\.role\s*[!=]=|[!=]=\s*["'](?:{role_names})["']""")
    found = [str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html") if spelled.search(path.read_text())]
    assert found == []
    base = (TEMPLATES / "base.html").read_text()
    assert set(re.findall(r"{% url '([^']+)'", base)) == {
        "home",
        "admin:index",
        "password_change",
        "logout",
        "set_language",
        "branches:role_choose",  # the switcher of a person with several roles: the user's own, not a room's
        "branches:inbox",  # the user's own messages and reminders, with the unread count: no room's
    }
    assert not re.search(r"secretary|reviewer", base)


def test_the_links_follow_the_script_prefix(rf, staff):
    """The links' URLs are reversed once and kept, per script prefix: the registry served under a
    path of its own (SCRIPT_NAME=/registry) links there, and without one it does not."""
    from django.urls import get_script_prefix, set_script_prefix

    request = rf.get("/")
    request.user = staff

    def hrefs():
        navigation = rooms.nav_for(request)
        return [link.url for group in navigation.groups for link in group.links] + [
            link.url for link in navigation.links
        ]

    plain = hrefs()
    before = get_script_prefix()
    set_script_prefix("/registry/")
    try:
        under = hrefs()
    finally:
        set_script_prefix(before)
    assert plain and under == ["/registry" + href for href in plain]
    assert hrefs() == plain
