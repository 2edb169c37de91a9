"""Every list and summary page of the demo, as the committee's staff see them: each count that is a
link lists exactly that many records, and each cell of a list's table carries its column's name
(the phone's card layout shows it before the value).

The demo is seeded once for the session and shared (`demo_db`, tests/conftest.py).
"""

import html
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

# The pages that show lists or figures (one URL each; a survey round's page is added from the demo).
PAGES = [
    "home",
    "registry:member_list",
    "registry:organization_list",
    "registry:chamber_list",
    "registry:enterprise_list",
    "registry:coverage",
    "registry:six_knowns",
    "registry:six_knowns_worklist",
    "registry:summary",
    "registry:survey_list",
    "registry:dues_overview",
    "registry:dues_reminders",
    "registry:dues_decide",
    "registry:dues_back_payments",
    "registry:balance",
    "registry:movement_list",
    "registry:transfer_list",
    "registry:former_member_list",
    "registry:candidate_list",
    "registry:import_list",
    "registry:meeting_compliance",
    "registry:meeting_behind",
    "registry:meeting_without_life",
    "registry:meeting_exemption_list",
    "registry:honour_list",
    "registry:representative_list",
    "registry:appraisal_list",
    "registry:appraisal_results",
    "registry:statistics",
    "outreach:lost_touch",
    "outreach:flowed_out",
    "outreach:designated_contacts",
    "outreach:visit_overview",
    "outreach:branch_visit_grid",
    "outreach:case_list",
    "outreach:activity_list",
    "outreach:activity_absentees",
    "certificates:certificate_list",
    "certificates:missing_list",
    "certificates:request_list",
    "letters:letter_list",
    "branches:role_list",
]
# A link whose whole text is a number (1,234 too): a count that promises its records.
COUNT_LINK = re.compile(r'<a\s[^>]*href="(/[^"]*)"[^>]*>\s*([0-9][0-9,]*)\s*</a>')
PAGINATION = re.compile(r'<nav class="pagination".*?</nav>', re.S)
LIST_TABLE = re.compile(r'<table class="list[^"]*"[^>]*>(.*?)</table>', re.S)
CELL = re.compile(r"<td(\s[^>]*)?>(.*?)</td>", re.S)
DATA_LABEL = re.compile(r'\sdata-label="([^"]*)"')
TAGS = re.compile(r"<[^>]+>")
TBODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)
# A link to a part of a page (`#gaps`) counts the rows of that part's list, paged by its own parameter.
PAGED_BY = {"gaps": "gap_page"}
# Links of one kind (same path, same parameter names) checked per page: the smallest, the largest
# and a few between — every kind of count on every page, in a bounded number of requests.
PER_KIND = 4
BODIES = {}


def body_of(client, url: str) -> str:
    """A page's HTML, fetched once per session (the demo is only read here)."""
    if url not in BODIES:
        response = client.get(url)
        assert response.status_code == 200, url
        BODIES[url] = response.content.decode()
    return BODIES[url]


def rows_listed(client, url: str) -> int:
    """Follows `url` like a person clicking a count and counts the rows of the list it shows (the
    part the fragment names, or the page's first list), over all its pages, 200 rows a page."""
    address, _, fragment = url.partition("#")
    page_parameter = PAGED_BY.get(fragment, "page")
    separator = "&" if "?" in address else "?"
    total, number = 0, 1
    while True:
        response = client.get(f"{address}{separator}per_page=200&{page_parameter}={number}")
        assert response.status_code == 200, url
        body = response.content.decode()
        if fragment:
            start = body.find(f'id="{fragment}"')
            assert start >= 0, url
            body = body[start:]
        table = LIST_TABLE.search(body) or re.search(r"<table[^>]*>(.*?)</table>", body, re.S)
        rows = TBODY.search(table.group(1)) if table else None
        if rows is None:  # nothing listed: the page says so
            assert 'class="empty"' in body, url
            return total
        total += rows.group(1).count("<tr")
        page = (response.context or {}).get(page_parameter)
        if page is None or not page.has_next():
            return total
        number += 1


def sample(links: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Up to PER_KIND links of each kind: the smallest count, the largest, and the first others."""
    kinds = {}
    for url, shown in links:
        parts = urlsplit(url)
        names = tuple(sorted(re.findall(r"([^=&?]+)=", parts.query)))
        kinds.setdefault((parts.path, names, parts.fragment), []).append((url, shown))
    chosen = []
    for group in kinds.values():
        ordered = sorted(group, key=lambda link: link[1])
        picked = [ordered[0], ordered[-1], *group[: PER_KIND - 2]]
        chosen += list(dict.fromkeys(picked))
    return chosen


@pytest.fixture
def staff_client(demo_db, client):
    client.force_login(get_user_model().objects.get(username="staff"))
    return client


def page_urls(client) -> list[str]:
    urls = [reverse(name) for name in PAGES]
    survey_list = body_of(client, reverse("registry:survey_list"))
    urls += sorted(set(re.findall(r'href="(/surveys/\d+/)"', survey_list)))
    assessment = body_of(client, reverse("registry:assessment_index"))  # each year's, the closed one too
    urls += sorted(set(re.findall(r'href="(/assessment/\d+/)"', assessment)))
    return urls


def count_links(body: str) -> list[tuple[str, int]]:
    """(url, the number shown) for every count that is a link, outside the page numbers."""
    body = PAGINATION.sub("", body)
    return [(html.unescape(url), int(text.replace(",", ""))) for url, text in COUNT_LINK.findall(body)]


def test_every_count_that_is_a_link_lists_exactly_that_many_records(staff_client):
    checked, wrong = {}, []
    for page in page_urls(staff_client):
        for url, shown in sample(count_links(body_of(staff_client, page))):
            if urlsplit(url).path == urlsplit(page).path and "page=" in url:
                continue
            if url not in checked:
                checked[url] = rows_listed(staff_client, url)
            if checked[url] != shown:
                wrong.append((page, url, shown, checked[url]))
    assert len(checked) >= 60, "the demo's pages should hold many counts that are links"
    assert wrong == [], "\n".join(f"{page}: {url} shows {shown}, lists {listed}" for page, url, shown, listed in wrong)


def test_the_own_members_of_a_general_branch_are_its_own_not_its_branches(staff_client):
    """The organization list counts an organization's own members and, beside them, its subtree's;
    each figure links to exactly those (a general branch has none of its own, its branches many)."""
    body = body_of(staff_client, reverse("registry:organization_list"))
    own = [(url, shown) for url, shown in count_links(body) if "below=exclude" in url]
    assert own and any(shown == 0 for _, shown in own)
    for url, shown in own[:10]:
        assert rows_listed(staff_client, url) == shown, url


def test_every_cell_of_every_list_says_which_column_it_is(staff_client):
    """On a phone a table becomes cards, each value after its column's name: a cell without a
    data-label shows "：10". Cells that hold nothing to read (an empty cell) need none."""
    unlabelled = []
    for page in page_urls(staff_client):
        body = body_of(staff_client, page)
        for table in LIST_TABLE.findall(body):
            for attributes, content in CELL.findall(table):
                label = DATA_LABEL.search(attributes or "")
                text = TAGS.sub("", content).strip()
                has_control = "<a " in content or "<button" in content or "<input" in content
                if (text or has_control) and (label is None or not label.group(1).strip()):
                    unlabelled.append(f"{page}: <td{attributes or ''}>{text[:30]}")
    assert unlabelled == [], "\n".join(unlabelled[:40])
