"""The demo (seed_demo): certificates in every state, a dozen reverse issuance requests in every
state, 37 certificates issued that way [004], and the last half year's letters — one per home
organization, each counting the members the roster holds for it."""

import io
import re
from collections import Counter

import pytest
from django.urls import reverse
from pypdf import PdfReader

from branches import clock
from outreach.certificates import selectors
from outreach.letters import services as letter_services
from outreach.letters.drafting import last_completed_half, letter_members
from outreach.models import Certificate, CertificateReview, LiaisonLetter, ReverseIssuanceRequest
from registry.models import Member


@pytest.fixture
def seeded(demo_db):
    """The demo, seeded once for the session and shared (tests/conftest.py, SharedDemo)."""


@pytest.fixture
def staff_user(seeded, db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="staff")


def home_organizations() -> list[str]:
    """The home organizations written to: those of the members a letter is about."""
    return sorted(set(letter_members().values_list("origin_organization", flat=True)))


def test_certificates_in_every_state(staff_user):
    ends = Counter(Certificate.objects.values_list("end_reason", flat=True))
    assert ends[""] > 200 and all(ends[reason] >= 2 for reason in ("returned", "transferred", "voided"))
    figures = selectors.certificate_figures(staff_user, today=clock.today())
    assert figures["due"] >= 5 and figures["overdue"] >= 5
    ok = figures["valid"] - figures["due"] - figures["overdue"]
    assert ok > 150
    assert CertificateReview.objects.filter(passed=False).exists()
    assert figures["missing"] >= 20
    assert figures["reverse"] == 37  # article 004


def test_a_dozen_reverse_issuance_requests_in_every_state(seeded, db):
    states = Counter(ReverseIssuanceRequest.objects.values_list("state", flat=True))
    assert sum(states.values()) == 12
    assert set(states) == set(ReverseIssuanceRequest.State.values)
    for item in ReverseIssuanceRequest.objects.filter(state="issued"):
        assert item.certificate.issuance == "reverse" and item.certificate.member_id == item.member_id
    assert (
        ReverseIssuanceRequest.objects.filter(state="refused").exclude(refusal_reason="").count() == states["refused"]
    )


def test_last_half_years_letters_one_per_home_organization_with_the_rosters_count(seeded, db):
    year, half = last_completed_half(clock.today())
    letters = LiaisonLetter.objects.filter(year=year, half=half)
    homes = home_organizations()
    assert sorted(letters.values_list("home_organization", flat=True)) == homes
    assert len(homes) > 36
    roster = Counter(Member.objects.exclude(origin_organization="").values_list("origin_organization", flat=True))
    for letter in letters:
        assert letter.member_count == roster[letter.home_organization] == len(letter.roster), letter.home_organization
        assert letter.is_sent and letter.performance_text
    assert sum(letter.member_count for letter in letters) == sum(roster.values())


def test_generating_the_half_year_again_makes_exactly_one_per_home_organization(seeded, db):
    year, half = last_completed_half(clock.today())
    LiaisonLetter.objects.all().delete()
    result = letter_services.letters_generate(year=year, half=half, actor=None)
    made = Counter(letter.home_organization for letter in result["created"])
    assert sorted(made) == home_organizations() and set(made.values()) == {1}
    roster = Counter(Member.objects.exclude(origin_organization="").values_list("origin_organization", flat=True))
    assert all(letter.member_count == roster[letter.home_organization] for letter in result["created"])


def test_a_demo_letter_prints_its_home_organization_and_count(client, staff_user):
    letter = LiaisonLetter.objects.order_by("-member_count", "home_organization").first()
    client.force_login(staff_user)
    response = client.get(reverse("letters:letter_pdf", args=[letter.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert letter.home_organization in re.sub(r"\s+", "", text)
    assert re.search(rf"(?<!\d){letter.member_count}(?!\d)", text)
