"""Every page read as a person reads it, swept over the demo as committee staff and a branch
secretary (the routes from the URLconf, tests/crawling.py):

- no heading says the same thing twice: a heading and its subtitle ("服务台账 服务台账",
  "活动证登记簿 流动党员活动证": a word of three characters or more in both), nor the page's heading
  and its first section's ("活动证 … / 活动证");
- no Chinese text is followed by an ASCII full stop (a template putting "." after a translated
  sentence or a list of names: "序号、微信号.");
- no count of days left is negative: a date gone by reads "逾期55天" (or "已过55天"), never "-55".

Each role's pages are fetched once for the three tests (their text is kept in `_CRAWLED`)."""

import html
import re

import pytest
from django.utils import translation

from tests import crawling

CJK = re.compile(r"[\u4e00-\u9fff]+")
HEADING = re.compile(r"<(h[1-3])\b[^>]*>(.*?)</\1>", re.S)
SMALL = re.compile(r"<small\b[^>]*>(.*?)</small>", re.S)
# Chinese text (or a full-width mark closing it) followed by an ASCII full stop that ends a sentence:
# not a file's extension (".xlsx"), a decimal or an ellipsis.
FULL_STOP_AFTER_CHINESE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e”’]\s*\.(?![\w.])")
DAYS_LEFT_CELL = re.compile(r'<td data-label="剩余天数"[^>]*>(.*?)</td>', re.S)
ROLES = ("staff", "secretary")  # a reviewer reads what staff read, masked

_CRAWLED: dict[str, dict[str, str]] = {}


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def chinese(fragment: str) -> str:
    return "".join(CJK.findall(fragment))


def say_the_same(heading: str, subtitle: str) -> bool:
    """Both say the same thing: the same words, or a word of three characters or more in both."""
    a, b = chinese(heading), chinese(subtitle)
    if not a or not b:
        return False
    return a == b or any(a[i : i + 3] in b for i in range(len(a) - 2))


def headings(body: str) -> list[tuple[str, str, str]]:
    """(tag, heading, subtitle) of each h1–h3, the subtitle being its <small>."""
    found = []
    for tag, inner in HEADING.findall(body):
        subtitle = " ".join(text(part) for part in SMALL.findall(inner))
        found.append((tag, text(SMALL.sub("", inner)), subtitle))
    return found


@pytest.fixture
def pages(demo_db, django_user_model, client):
    """pages(role) → {url: html} of every page (no download) the role reaches, in Chinese."""

    def crawl(role: str) -> dict[str, str]:
        if role not in _CRAWLED:
            staff = django_user_model.objects.get(username="staff")
            if not _CRAWLED:  # what the demo does not hold: a list compared, an import run in its preview
                crawling.plant_checkin(staff)
                crawling.plant_import_run(staff)
            client.force_login(django_user_model.objects.get(username=role))
            found = {}
            with translation.override("zh-hans"):
                for route, url in crawling.all_urls():
                    if route.is_download or route.is_open:
                        continue
                    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
                    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                        found[url] = re.sub(r"<(script|style)\b.*?</\1>", "", response.content.decode(), flags=re.S)
            _CRAWLED[role] = found
        return _CRAWLED[role]

    return crawl


@pytest.mark.parametrize("role", ROLES)
def test_no_heading_says_the_same_thing_twice(pages, role):
    crawled = pages(role)
    assert len(crawled) > 40  # the sweep reached the pages
    repeated = []
    for url, body in crawled.items():
        found = headings(body)
        repeated += [(url, heading, subtitle) for _tag, heading, subtitle in found if say_the_same(heading, subtitle)]
        first = next((item for item in found if item[0] == "h1"), None)
        section = next((item for item in found if item[0] != "h1"), None)
        if first and section:
            page_heading, section_heading = chinese(" ".join(first[1:])), chinese(section[1])
            if section_heading and (section_heading in page_heading or page_heading in section_heading):
                repeated.append((url, " ".join(first[1:]), section[1]))
    assert repeated == []


def test_no_chinese_text_is_followed_by_an_ascii_full_stop(pages):
    wrong = []
    for role in ROLES:
        for body in pages(role).values():
            page_text = text(body)
            wrong += sorted(
                {
                    page_text[max(match.start() - 20, 0) : match.end()]
                    for match in FULL_STOP_AFTER_CHINESE.finditer(page_text)
                }
            )
    assert wrong == []


def test_no_count_of_days_left_is_negative(pages):
    cells = [
        (url, text(cell))
        for role in ROLES
        for url, body in pages(role).items()
        for cell in DAYS_LEFT_CELL.findall(body)
    ]
    assert any("逾期" in shown for _url, shown in cells)  # the demo has work overdue: the sweep saw it
    assert [(url, shown) for url, shown in cells if re.search(r"[-−]\s*\d", shown)] == []
