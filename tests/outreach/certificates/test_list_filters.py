"""The certificate register, its export and the reverse issuance list read their query strings
through FilterSets: a value they cannot use (`?issued_year=0`, an id too long to be one, a state that
does not exist) gives the page (200) with nothing listed and the reason next to the filter, and an
empty export — never a 500."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from outreach.certificates import services
from tests.outreach.certificates.conftest import make_certificate
from tests.outreach.helpers import year_refused

LIST = reverse("certificates:certificate_list")
EXPORT = reverse("certificates:certificate_export")
REQUESTS = reverse("certificates:request_list")
BAD_YEARS = ["abc", "²", "0", "99999999999999999999", "2026.5"]
BAD_IDS = ["99999999999999999999999", "abc", "-1"]


def refused(response, field: str) -> list[str]:
    assert response.status_code == 200
    errors = response.context["filter"].errors[field]
    assert errors
    html = response.content.decode()
    for error in errors:
        assert escape(error) in html
    assert list(response.context["page"].object_list) == []
    return errors


@pytest.fixture
def register(mobile):
    make_certificate(mobile["fuzhou"], issued_on=datetime.date(2024, 3, 1))
    services.request_create(
        data={
            "member": mobile["putian"],
            "home_organization": "",
            "reason": "work",
            "destination": "北京市朝阳区",
            "filed_on": datetime.date(2026, 1, 5),
        },
        actor=None,
    )


@pytest.mark.parametrize("year", BAD_YEARS)
def test_a_year_issued_that_is_not_one(client_for, staff, register, year):
    assert refused(client_for(staff).get(LIST, {"issued_year": year}), "issued_year") == [year_refused()]


@pytest.mark.parametrize("year", BAD_YEARS)
def test_the_export_of_a_filter_it_cannot_use_is_empty(client_for, staff, register, year):
    response = client_for(staff).get(EXPORT, {"issued_year": year})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 1  # the header row only


@pytest.mark.parametrize("value", BAD_IDS)
def test_an_organization_that_is_not_one(client_for, staff, register, value):
    refused(client_for(staff).get(LIST, {"organization": value}), "organization")
    refused(client_for(staff).get(REQUESTS, {"organization": value}), "organization")


def test_a_state_that_does_not_exist(client_for, staff, register):
    assert "nonsense" in refused(client_for(staff).get(REQUESTS, {"state": "nonsense"}), "state")[0]
    assert "nonsense" in refused(client_for(staff).get(LIST, {"review": "nonsense"}), "review")[0]


def test_good_filters_still_filter(client_for, staff, register):
    client = client_for(staff)
    assert len(client.get(LIST, {"issued_year": 2024}).context["page"].object_list) == 1
    assert len(client.get(LIST, {"issued_year": 2025}).context["page"].object_list) == 0
    assert len(client.get(REQUESTS, {"state": "open"}).context["page"].object_list) == 1
