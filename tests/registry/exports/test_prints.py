"""A list printed whole (registry/exports/prints.py): every matching row, the filter in the title,
the user's scope, the masking of the list, a bounded number of queries and rows, the print logged.
PDF rendering is slow: one test renders a real PDF; the others read the page rendered before it."""

import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from registry.exports import prints
from registry.models import ExportLog, Member
from tests import crawling, factories

LIST = reverse("registry:member_list")
PRINT = reverse("registry:member_list_print")


@pytest.fixture
def printed(monkeypatch):
    """The HTML each print would lay out, instead of the PDF."""
    pages = []

    def keep(html):
        pages.append(html)
        return b"%PDF-1.7 not laid out"

    monkeypatch.setattr(prints, "page_to_pdf", keep)
    return pages


def bulk_members(organization, count):
    return Member.objects.bulk_create(Member(**factories.member_data(organization)) for _ in range(count))


def test_the_roster_prints_every_matching_row_as_a_pdf(client_for, staff, tree, members, django_assert_max_num_queries):
    from pypdf import PdfReader

    sixty = bulk_members(tree["fuzhou_1"], 58) + members["fuzhou_1"]
    client = client_for(staff)
    with django_assert_max_num_queries(12):
        response = client.get(PRINT, {"organization": tree["fuzhou_1"].pk, "page": 2})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "inline" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # A4 landscape
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    assert all(member.id_number in text for member in sixty), "every matching row, not a page of them"
    assert "党组织：福州商会第一党支部" in text.split(sixty[0].id_number)[0]  # the title says the filter
    assert not any(member.id_number in text for member in members["putian"])
    assert f"/{len(reader.pages)}" in text  # page numbers
    entry = ExportLog.objects.get(kind="print")
    assert (entry.user, entry.rows) == (staff, 60)
    assert entry.filters == {"list": "registry:member_list", "organization": str(tree["fuzhou_1"].pk)}


def test_a_secretary_prints_only_their_subtree(client_for, secretary_a, members, printed):
    response = client_for(secretary_a).get(PRINT)
    assert response.status_code == 200
    html = printed[0]
    assert all(member.id_number in html for key in ("fuzhou_1", "fuzhou_2") for member in members[key])
    assert not any(member.id_number in html for key in ("putian", "committee") for member in members[key])
    assert ExportLog.objects.get(kind="print").rows == 4


def test_a_reviewer_prints_what_the_list_shows_masked(client_for, reviewer, members, printed):
    client_for(reviewer).get(PRINT)
    member = members["putian"][0]
    assert member.name in printed[0]
    assert member.id_number not in printed[0] and member.phone not in printed[0]


def test_beyond_the_limit_the_list_says_to_export(client_for, staff, members, settings, printed):
    settings.REGISTRY_PRINT_MAX_ROWS = 5
    response = client_for(staff).get(PRINT, {"category": Member.Category.REGISTERED_MOBILE})
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?category={Member.Category.REGISTERED_MOBILE}"
    message = str(next(iter(get_messages(response.wsgi_request))))
    assert "8" in message and "5" in message and "Excel" in message
    assert not printed and not ExportLog.objects.filter(kind="print").exists()


def test_the_list_links_to_its_print_and_says_so_on_paper(client_for, staff, members):
    response = client_for(staff).get(LIST, {"status": Member.Status.FULL, "page": 1})
    html = response.content.decode()
    assert f'href="{PRINT}?status={Member.Status.FULL}"' in html
    assert 'class="print-note"' in html  # what the browser's own print shows
    assert 'class="print-link"' not in client_for(staff).get(reverse("home")).content.decode()


OTHER_PRINTS = [
    "registry:former_member_list_print",
    "registry:movement_list_print",
    "registry:candidate_list_print",
    "registry:six_knowns_worklist_print",
    "registry:dues_reminders_print",
    "registry:dues_decide_print",
    "registry:lost_contact_list_print",
    "outreach:lost_touch_print",
    "outreach:flowed_out_print",
    "outreach:case_list_print",
    "outreach:activity_list_print",
    "registry:enterprise_list_print",
    "registry:meeting_list_print",
    "registry:honour_list_print",
    "registry:discipline_list_print",
    "registry:committee_list_print",
    "certificates:certificate_list_print",
    "letters:letter_list_print",
]


def test_every_print_route_is_tried_here():
    """The sweeps (tests/crawling.py) leave the prints out: each is tried here instead."""
    found = {route.name for route in crawling.routes() if route.prints_a_list}
    assert found == {"registry:member_list_print", *OTHER_PRINTS}


@pytest.mark.parametrize("name", OTHER_PRINTS)
def test_the_other_lists_print_whole(client_for, staff, members, printed, name):
    response = client_for(staff).get(reverse(name))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'class="print-stamp"' in printed[0] and 'class="pagination"' not in printed[0]
    assert ExportLog.objects.get(kind="print").filters == {"list": name.removesuffix("_print")}
