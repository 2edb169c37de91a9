"""The open pages' throttle holds under a burst (issue 20 §5): simultaneous requests from one address
against a real server, each counted once (registry/checkin/openpages.py, count_request), so that no
more than the limit get through. The database cache's add-then-incr read the count and wrote it
back: 150 simultaneous requests went through a limit of 60."""

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from registry.checkin.openpages import count_request, window_key
from registry.models.checkin import RequestCount

LIMIT, REQUESTS = 20, 60


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_a_burst_from_one_address_gets_the_limit_through_and_no_more(live_server, settings):
    settings.REGISTRY_OPEN_PAGE_LIMIT = LIMIT
    url = f"{live_server.url}/c/no-such-link/"  # an unknown link: the throttle counts before the page
    with ThreadPoolExecutor(max_workers=30) as pool:
        statuses = list(pool.map(status, [url] * REQUESTS))
    answered = {code: statuses.count(code) for code in set(statuses)}
    assert answered == {200: LIMIT, 429: REQUESTS - LIMIT}, answered
    assert RequestCount.objects.get(name=window_key("127.0.0.1")).count == REQUESTS


@pytest.mark.django_db
def test_each_request_counts_one_and_a_window_starts_at_one():
    assert [count_request("registry:test:a:1") for _ in range(3)] == [1, 2, 3]
    assert count_request("registry:test:b:1") == 1
