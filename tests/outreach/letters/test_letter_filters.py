"""The letters' register reads its query string through a FilterSet: good values filter; a value it
cannot use (`?year=abc`, `?year=²`, `?half=3`, a state that does not exist) gives the page (200) with
nothing listed and the reason next to the filter — never a 500."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from outreach.letters import services
from tests.outreach.helpers import year_refused
from tests.outreach.letters.conftest import BANGTOU, JIANGJING

LIST = reverse("letters:letter_list")


@pytest.fixture
def letters(staff, homes):
    services.letters_generate(year=2026, half=1, actor=staff)


def homes_listed(response) -> set[str]:
    assert response.status_code == 200 and not response.context["filter"].errors
    return {letter.home_organization for letter in response.context["page"].object_list}


def test_filters_by_home_year_half_and_state(client_for, staff, letters):
    client = client_for(staff)
    assert homes_listed(client.get(LIST)) == {JIANGJING, BANGTOU}
    assert homes_listed(client.get(LIST, {"q": " 榜头 "})) == {BANGTOU}
    assert homes_listed(client.get(LIST, {"year": 2026, "half": 1, "state": "draft"})) == {JIANGJING, BANGTOU}
    assert homes_listed(client.get(LIST, {"half": 2})) == set()


@pytest.mark.parametrize(
    "params, field",
    [
        *[({"year": year}, "year") for year in ("abc", "²", "0", "99999999999999999999")],
        ({"half": "3"}, "half"),
        ({"half": "abc"}, "half"),
        ({"state": "nonsense"}, "state"),
    ],
)
def test_values_the_register_cannot_use(client_for, staff, letters, params, field):
    response = client_for(staff).get(LIST, params)
    assert response.status_code == 200
    errors = response.context["filter"].errors[field]
    html = response.content.decode()
    assert errors and all(escape(error) in html for error in errors)
    assert list(response.context["page"].object_list) == []
    if field == "year":
        assert errors == [year_refused()]
