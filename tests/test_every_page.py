"""Every page and download of the demo answers on the database the run is on, for committee staff and
for a branch secretary: every route of the URLconf (tests/crawling.py), each filled in two ways at
most, opened once, with no query string.

It stands for the pages on SQLite, the default `make run` serves: the tests of the capabilities'
pages and forms run once when a run covers both databases, on PostgreSQL (tests/conftest.py
ONCE_WHEN_BOTH), where the sweeps over every page (hostile input, personal data, wording) open them
all too. A page that a query SQLite cannot answer (a function PostgreSQL has, an aggregate of
money) would break answers 500 here.
"""

import pytest

from tests import crawling
from tests.test_hostile_input import client_as, crawled, user_named


@pytest.mark.parametrize("role", ["staff", "secretary"])
def test_every_page_and_download_of_the_demo_answers(demo_db, role, failures, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff = user_named("staff")
    crawling.plant_import_run(staff)
    crawling.plant_checkin(staff)
    crawling.plant_export_job(staff)
    user = user_named(role)
    client = client_as(user)
    answered, downloads, broken = 0, 0, []
    for _route, url in crawled(user):
        response = client.get(url)
        if response.status_code >= 500:
            broken.append(f"{url}: {response.status_code}")
        elif response.status_code == 200:
            answered += 1
            downloads += bool(response.get("Content-Disposition"))
    assert not broken and not failures, "\n".join(broken + failures)
    # The crawl reached the pages, the workbooks and the PDFs (on the demo: 199 and 42 for staff, 167
    # and 37 for a secretary, who is refused the committee's own pages).
    assert answered > (180 if role == "staff" else 150), answered
    assert downloads > (35 if role == "staff" else 30), downloads
