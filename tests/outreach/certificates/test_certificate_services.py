"""Certificate writes: the rules that must hold (unique number, review after issue, end after start,
one valid certificate per member), a message and nothing written when they don't, history always."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from branches import clock
from outreach.certificates import services
from outreach.models import Certificate, CertificateReview
from tests.outreach.certificates.conftest import make_certificate


def codes(error: ValidationError) -> dict:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def test_create_fills_the_issuing_organization_from_the_roster_and_writes_history(mobile, staff):
    certificate = services.certificate_create(
        data={
            "member": mobile["fuzhou"],
            "number": " FJ-001 ",
            "issued_on": datetime.date(2024, 3, 1),
            "reason": "business",
            "destination": "北京市丰台区",
            "issuing_organization": "",
        },
        actor=staff,
    )
    assert certificate.number == "FJ-001"
    assert certificate.issuing_organization == "中共福清市江镜镇委员会"
    assert certificate.history.count() == 1 and certificate.history.get().history_user == staff


def test_a_number_is_unique(mobile):
    make_certificate(mobile["fuzhou"], number="FJ-001")
    with pytest.raises(ValidationError) as caught:
        make_certificate(mobile["putian"], number="FJ-001")
    assert codes(caught.value) == {"number": ["unique"]}
    assert Certificate.objects.count() == 1


def test_a_member_holds_one_valid_certificate_at_a_time(mobile):
    first = make_certificate(mobile["fuzhou"], number="A")
    with pytest.raises(ValidationError):
        make_certificate(mobile["fuzhou"], number="B")
    services.certificate_end(certificate=first, ended_on=datetime.date(2025, 1, 1), end_reason="voided", actor=None)
    second = make_certificate(mobile["fuzhou"], number="B", issued_on=datetime.date(2025, 1, 10))
    assert second.is_valid and not Certificate.objects.get(number="A").is_valid


def test_an_end_before_the_issue_date_is_refused_and_nothing_written(mobile, staff):
    certificate = make_certificate(mobile["fuzhou"], issued_on=datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError) as caught:
        services.certificate_end(
            certificate=certificate, ended_on=datetime.date(2024, 2, 28), end_reason="returned", actor=staff
        )
    assert "ended_on" in caught.value.error_dict
    certificate.refresh_from_db()
    assert certificate.ended_on is None and certificate.end_reason == ""
    assert certificate.history.count() == 1


def test_an_ended_certificate_cannot_end_again(mobile):
    certificate = make_certificate(mobile["fuzhou"])
    services.certificate_end(
        certificate=certificate, ended_on=datetime.date(2025, 1, 1), end_reason="returned", actor=None
    )
    with pytest.raises(ValidationError):
        services.certificate_end(
            certificate=certificate, ended_on=datetime.date(2025, 2, 1), end_reason="voided", actor=None
        )
    assert certificate.history.count() == 2


def test_a_review_before_the_issue_date_is_refused_and_nothing_written(mobile):
    certificate = make_certificate(mobile["fuzhou"], issued_on=datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError) as caught:
        services.review_add(
            certificate=certificate,
            data={"reviewed_on": datetime.date(2024, 2, 1), "reviewed_by": "福州商会第一党支部", "passed": True},
            actor=None,
        )
    assert "reviewed_on" in caught.value.error_dict
    assert not CertificateReview.objects.exists()


def test_a_review_after_the_end_or_in_the_future_is_refused(mobile):
    certificate = make_certificate(mobile["fuzhou"], issued_on=datetime.date(2024, 3, 1))
    for day in (clock.today() + datetime.timedelta(days=2),):
        with pytest.raises(ValidationError):
            services.review_add(certificate=certificate, data={"reviewed_on": day, "reviewed_by": "x"}, actor=None)
    services.certificate_end(
        certificate=certificate, ended_on=datetime.date(2024, 9, 1), end_reason="returned", actor=None
    )
    with pytest.raises(ValidationError):
        services.review_add(
            certificate=certificate, data={"reviewed_on": datetime.date(2025, 3, 1), "reviewed_by": "x"}, actor=None
        )
    assert not CertificateReview.objects.exists()


def test_a_review_is_kept_with_its_history(mobile, staff):
    certificate = make_certificate(mobile["fuzhou"], issued_on=datetime.date(2024, 3, 1))
    review = services.review_add(
        certificate=certificate,
        data={
            "reviewed_on": datetime.date(2025, 3, 1),
            "reviewed_by": "福州商会第一党支部",
            "passed": False,
            "notes": "党费欠缴",
        },
        actor=staff,
    )
    assert review.history.get().history_user == staff
    assert not review.passed


def test_the_database_refuses_an_end_before_the_start_even_past_the_services(mobile):
    from django.db import IntegrityError, transaction

    certificate = make_certificate(mobile["fuzhou"], issued_on=datetime.date(2024, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(ended_on=datetime.date(2024, 1, 1), end_reason="voided")
