"""Personal data shown only where it may be (docs/domain.md#personal-data), swept over every route:

- a reviewer, who sees ID numbers and phones masked, finds no full ID number and no mobile number
  on any page, in any workbook (every cell) or in any PDF (its text) they can reach — also where a
  person typed one into free text: an ID number and a mobile number are planted in every
  free-text field of every row (crawling.plant_numbers_in_free_text);
- every file the registry sends (workbooks, PDFs) and every printed paper leaves a row in the
  export log.

The routes come from the URLconf (tests/crawling.py), filled with the demo's objects and an import
run waiting in its preview; a route added later is swept without anyone remembering to."""

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from registry.idnumbers import id_check_character
from registry.models import ExportLog
from tests import crawling

# An ID number: region, a birth date of 18xx-20xx, sequence, and a check character that checks
# (an enterprise's 18-character credit code has the shape but not the date and check).
ID_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:[0-2][0-9]|3[01])[0-9]{3}[0-9X](?![0-9A-Za-z])"
)
MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
# Pages that are papers to print (not files): a copy of a letter all the same.
PRINTED = {"letters:letter_print"}


def text_of(response) -> str:
    """What a person gets from the response: the page, every cell of a workbook, a PDF's text."""
    content_type = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type.startswith("application/pdf"):
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    if "spreadsheetml" in content_type:
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            "\t".join("" if value is None else str(value) for value in row)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return content.decode("utf-8", errors="replace")


def personal_data_in(text: str, known: set[str]) -> set[str]:
    """Full ID numbers and mobile numbers in `text`: anything shaped like one, and any of the
    database's own values even when the text breaks it with spaces or line ends (a PDF's layout)."""
    found = {value for value in ID_NUMBER.findall(text) if id_check_character(value[:17]) == value[17]}
    found |= set(MOBILE.findall(text))
    squeezed = re.sub(r"\s+", "", text)
    return found | {value for value in known if value in squeezed}


def known_personal_data() -> set[str]:
    from branches.models import Organization
    from outreach.models import DesignatedContact
    from registry.models import Candidate, Member

    values = set()
    for rows in (
        Member.all_members.values_list("id_number", "phone"),
        Candidate.objects.values_list("id_number", "phone"),
    ):
        for id_number, phone in rows:
            values |= {id_number, phone}
    values |= set(Organization.objects.values_list("secretary_phone", flat=True))
    values |= set(DesignatedContact.objects.values_list("phone", flat=True))
    values |= {"13912345678", "13800001111", "110105194912310021"}  # the planted import run's
    return {value for value in values if value and len(value) >= 11}


def shorten_the_half_year_crawled():
    """The half year's letters in one PDF take half a minute for the demo's forty letters: the
    sweeps print it with two (the same template, page breaks included)."""
    from outreach.models import LiaisonLetter

    year, half = crawling.CHOICES()[("letters:period_pdf", ("year", "half"))]()[0]
    letters = LiaisonLetter.objects.filter(year=year, half=half).order_by("pk")
    letters.exclude(pk__in=list(letters.values_list("pk", flat=True)[:2])).delete()


@pytest.fixture
def demo(demo_db, django_user_model):
    users = {name: django_user_model.objects.get(username=name) for name in ("staff", "reviewer")}
    crawling.plant_import_run(users["staff"])
    crawling.plant_export_job(users["staff"])
    crawling.plant_export_job(users["reviewer"])  # the reviewer's own background export, masked
    shorten_the_half_year_crawled()
    assert crawling.plant_numbers_in_free_text() > 100  # every free-text field of every row (issue 20 §6)
    known = known_personal_data() | {crawling.PLANTED_ID_NUMBER, crawling.PLANTED_MOBILE}
    return {**users, "known": known}


def crawl(client, route_urls):
    """(route, url, response) for each URL answered 200, in URLconf order."""
    for route, url in route_urls:
        response = client.get(url)
        if response.status_code == 200:
            yield route, url, response


def test_a_reviewer_meets_no_full_id_number_or_mobile_number_anywhere(demo, client):
    """…and every file they get (whatever its route is called) is logged."""
    client.force_login(demo["reviewer"])
    answered, papers, leaks, unlogged = 0, 0, {}, []
    logged = ExportLog.objects.count()
    # The open pages (a member's own check-in link, a branch's arrival form) show what the person
    # holding the link typed or confirms: the link's token is the key there, which a reviewer never
    # gets (tests/registry/checkin tests what those pages show).
    reachable = [(route, url) for route, url in crawling.all_urls() if not route.is_open]
    for route, url, response in crawl(client, reachable):
        answered += 1
        papers += route.is_download
        found = personal_data_in(text_of(response), demo["known"])
        if found:
            leaks[url] = sorted(found)[:3]
        count = ExportLog.objects.count()
        if (response.has_header("Content-Disposition") or route.name in PRINTED) and count != logged + 1:
            unlogged.append(url)
        logged = count
    assert answered > 70 and papers > 10  # the crawl reached the pages, the workbooks and the PDFs
    assert leaks == {}
    assert unlogged == []


def test_the_sweep_would_see_a_leak(demo, client):
    """The same crawl as committee staff, who see everything in full, finds the numbers: the
    reviewer's sweep looks where they would be."""
    client.force_login(demo["staff"])
    wanted = {"registry:member_detail", "registry:import_detail", "letters:letter_pdf", "registry:member_export"}
    route_urls = [(route, url) for route, url in crawling.all_urls() if route.name in wanted]
    found = {
        route.name
        for route, _url, response in crawl(client, route_urls)
        if personal_data_in(text_of(response), demo["known"])
    }
    assert found == wanted


def test_every_download_and_printed_paper_is_logged(demo, client):
    """…and every file has a plain ASCII name of its own besides the Chinese one (`filename*`), for
    the clients that read only `filename` (tests/branches/test_downloads.py)."""
    client.force_login(demo["staff"])
    route_urls = [(route, url) for route, url in crawling.all_urls() if route.is_download or route.name in PRINTED]
    unlogged, files, unnamed = [], 0, {}
    for _route, url in route_urls:
        before = ExportLog.objects.count()
        response = client.get(url)
        if response.status_code != 200:
            continue
        files += 1
        logged = ExportLog.objects.count() - before
        if logged != 1:
            unlogged.append((url, logged))
        if response.has_header("Content-Disposition"):
            plain = re.search(r'filename="([^"]*)"', response["Content-Disposition"]).group(1)
            if not re.fullmatch(r"[A-Za-z0-9._-]+", plain) or plain.startswith("download."):
                unnamed[url] = plain
    assert files >= len(route_urls) - 3  # staff reach nearly all of them (not the reviewer's own export job)
    assert unlogged == []
    assert unnamed == {}
