"""Reverse issuance: the application, its steps (sent, verified, issued or refused), the waiting
time, the count of certificates issued this way; scope, validation, history, the PDFs."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from branches import clock
from outreach.certificates import selectors, services
from outreach.models import Certificate, ReverseIssuanceRequest
from tests import factories
from tests.outreach.certificates.conftest import make_certificate

CREATE = reverse("certificates:request_create")
LIST = reverse("certificates:request_list")


def step(pk, name):
    return reverse("certificates:request_step", args=[pk, name])


def application(who, **changes):
    data = {
        "member": who.id_number,
        "home_organization": "",
        "home_address": "福建省福清市江镜镇",
        "reason": "work",
        "destination": "北京市朝阳区",
        "left_on": "2020-03-01",
        "filed_on": "2026-01-05",
        "notes": "",
    }
    data.update(changes)
    return data


def file_request(member, filed_on=datetime.date(2026, 1, 5), actor=None):
    return services.request_create(
        data={
            "member": member,
            "home_organization": "",
            "reason": "work",
            "destination": "北京市朝阳区",
            "filed_on": filed_on,
        },
        actor=actor,
    )


def test_the_whole_way_through_the_pages(client_for, secretary_a, mobile):
    client = client_for(secretary_a)
    response = client.post(CREATE, application(mobile["fuzhou"]))
    item = ReverseIssuanceRequest.objects.get()
    assert response.status_code == 302
    assert (item.state, item.home_organization) == ("filled", "中共福清市江镜镇委员会")
    assert client.get(step(item.pk, "sent")).status_code == 405
    assert (
        client.post(
            step(item.pk, "sent"), {"sent_on": "2026-01-08", "sent_via": "express", "sent_reference": "EMS1"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            step(item.pk, "verified"), {"verified_on": "2026-01-20", "number": "FJ-R-1", "issued_on": ""}
        ).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.state == "issued" and item.certificate.number == "FJ-R-1"
    certificate = Certificate.objects.get()
    assert (certificate.issuance, certificate.issued_on, certificate.member) == (
        "reverse",
        datetime.date(2026, 1, 20),
        mobile["fuzhou"],
    )
    assert certificate.issuing_organization == "中共福清市江镜镇委员会"
    assert item.waiting_days() == 15
    assert [
        entry["who"] for entry in client.get(reverse("certificates:request_detail", args=[item.pk])).context["history"]
    ] == [secretary_a] * 4
    assert "FJ-R-1" in client.get(reverse("certificates:certificate_list")).content.decode()


def test_verification_and_issue_as_separate_steps_and_a_refusal(mobile, tree):
    item = file_request(mobile["fuzhou"])
    services.request_mark_sent(request=item, sent_on=datetime.date(2026, 1, 6), sent_via="post", actor=None)
    services.request_mark_verified(request=item, verified_on=datetime.date(2026, 1, 10), actor=None)
    assert item.state == "verified" and not Certificate.objects.exists()
    services.request_mark_issued(request=item, number="X1", issued_on=datetime.date(2026, 1, 12), actor=None)
    assert item.state == "issued" and item.issued_on == datetime.date(2026, 1, 12)

    other = file_request(mobile["putian"])
    with pytest.raises(ValidationError):  # not sent yet
        services.request_refuse(
            request=other, refused_on=datetime.date(2026, 1, 10), refusal_reason="不是本单位党员", actor=None
        )
    services.request_mark_sent(request=other, sent_on=datetime.date(2026, 1, 6), sent_via="post", actor=None)
    with pytest.raises(ValidationError) as caught:
        services.request_refuse(request=other, refused_on=datetime.date(2026, 1, 10), refusal_reason=" ", actor=None)
    assert "refusal_reason" in caught.value.error_dict
    assert ReverseIssuanceRequest.objects.get(pk=other.pk).state == "sent"
    services.request_refuse(
        request=other, refused_on=datetime.date(2026, 1, 10), refusal_reason="不是本单位党员", actor=None
    )
    assert other.waiting_days(datetime.date(2026, 6, 1)) == 5  # closed: the wait stopped


def test_dates_must_follow_the_steps_and_nothing_is_written(client_for, staff, mobile):
    client = client_for(staff)
    item = file_request(mobile["fuzhou"], filed_on=datetime.date(2026, 1, 5))
    response = client.post(step(item.pk, "sent"), {"sent_on": "2026-01-01", "sent_via": "express"})
    assert response.status_code == 200
    assert "sent_on" in response.context["steps"]["sent"].errors
    assert ReverseIssuanceRequest.objects.get().state == "filled"
    services.request_mark_sent(request=item, sent_on=datetime.date(2026, 1, 6), sent_via="post", actor=None)
    response = client.post(
        step(item.pk, "verified"), {"verified_on": "2026-01-10", "number": "X", "issued_on": "2026-01-02"}
    )
    assert response.status_code == 200 and "issued_on" in response.context["steps"]["verified"].errors
    item.refresh_from_db()
    assert item.state == "sent" and item.verified_on is None and not Certificate.objects.exists()


def test_an_issue_with_a_taken_number_writes_nothing(client_for, staff, mobile, tree):
    make_certificate(factories.make_member(tree["putian"]), number="TAKEN")
    item = file_request(mobile["fuzhou"])
    services.request_mark_sent(request=item, sent_on=datetime.date(2026, 1, 6), sent_via="post", actor=None)
    response = client_for(staff).post(step(item.pk, "verified"), {"verified_on": "2026-01-10", "number": "TAKEN"})
    assert response.status_code == 200
    assert [e.code for e in response.context["steps"]["verified"].errors.as_data()["number"]] == ["unique"]
    assert ReverseIssuanceRequest.objects.get().state == "sent" and Certificate.objects.count() == 1


@pytest.mark.parametrize(
    "changes, field, code",
    [
        ({"member": "350102198001010011"}, "member", "unknown_member"),
        ({"filed_on": ""}, "filed_on", "required"),
        ({"left_on": "2020-13-01"}, "left_on", "date_invalid"),
    ],
)
def test_bad_applications_are_refused(client_for, staff, mobile, changes, field, code):
    response = client_for(staff).post(CREATE, application(mobile["fuzhou"], **changes))
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()[field]] == [code]
    assert not ReverseIssuanceRequest.objects.exists()


def test_no_request_for_a_member_who_holds_a_valid_certificate_or_has_one_under_way(client_for, staff, mobile):
    make_certificate(mobile["putian"])
    client = client_for(staff)
    response = client.post(CREATE, application(mobile["putian"]))
    assert "member" in response.context["form"].errors
    file_request(mobile["fuzhou"])
    response = client.post(CREATE, application(mobile["fuzhou"]))
    assert response.status_code == 200 and "member" in response.context["form"].errors
    assert ReverseIssuanceRequest.objects.count() == 1


def test_a_member_without_a_home_organization_on_record_needs_one_typed(client_for, staff, tree):
    member = factories.make_member(tree["putian"], origin_organization="")
    response = client_for(staff).post(CREATE, application(member))
    assert [e.code for e in response.context["form"].errors.as_data()["home_organization"]] == [
        "home_organization_unknown"
    ]
    assert client_for(staff).post(CREATE, application(member, home_organization="中共某县委组织部")).status_code == 302


def test_scope_lists_counts_and_guessed_urls(client_for, secretary_a, secretary_b, reviewer, mobile):
    own, other = file_request(mobile["fuzhou"]), file_request(mobile["putian"])
    client = client_for(secretary_a)
    assert [item.member.name for item in client.get(LIST).context["page"].object_list] == ["林福州"]
    assert client.get(LIST).context["counts"]["filled"] == 1
    for url in (
        reverse("certificates:request_detail", args=[other.pk]),
        reverse("certificates:request_edit", args=[other.pk]),
        reverse("certificates:request_pdf", args=[other.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(step(other.pk, "sent"), {"sent_on": "2026-01-08", "sent_via": "express"}).status_code == 404
    assert client.post(CREATE, application(mobile["putian"], filed_on="2026-02-01")).status_code == 200
    assert ReverseIssuanceRequest.objects.filter(member=mobile["putian"]).count() == 1
    assert client.post(step(own.pk, "nonsense"), {}).status_code == 404
    reviewer_client = client_for(reviewer)
    assert reviewer_client.get(reverse("certificates:request_detail", args=[other.pk])).status_code == 200
    assert (
        reviewer_client.post(step(other.pk, "sent"), {"sent_on": "2026-01-08", "sent_via": "express"}).status_code
        == 403
    )
    assert ReverseIssuanceRequest.objects.get(pk=other.pk).state == "filled"


def test_list_by_state_with_waiting_days_and_the_count_issued_this_way(
    client_for, staff, mobile, tree, django_assert_max_num_queries
):
    for index in range(12):
        file_request(
            factories.make_member(tree["putian"], origin_organization="中共某镇委员会"),
            filed_on=clock.today() - datetime.timedelta(days=index),
        )
    item = file_request(mobile["fuzhou"], filed_on=datetime.date(2026, 1, 5))
    services.request_mark_sent(request=item, sent_on=datetime.date(2026, 1, 6), sent_via="post", actor=None)
    services.request_mark_issued(request=item, number="R-1", issued_on=datetime.date(2026, 1, 20), actor=None)
    make_certificate(mobile["putian"], issuance="reverse")
    client = client_for(staff)
    with django_assert_max_num_queries(14):
        response = client.get(LIST, {"state": "open"})
    rows = response.context["page"].object_list
    assert len(rows) == 12 and sorted(row.waited for row in rows) == list(range(12))
    assert response.context["issued_this_way"] == 2
    assert selectors.certificate_figures(staff)["reverse"] == 2
    assert [item.member.name for item in client.get(LIST, {"state": "issued"}).context["page"].object_list] == [
        "林福州"
    ]


def test_certificates_issued_this_way_and_requests_issued_are_told_apart(client_for, staff, mobile):
    """Issue 19: 反向发证 37 (certificates in the register, most issued before any request was kept
    here) beside 已发证 3 (requests) read as a contradiction. The requests page's states count
    requests and say so; the certificates' figure has one label wherever it is shown (the home page,
    the register, the requests page) and opens the register filtered to exactly those."""
    item = file_request(mobile["fuzhou"], filed_on=datetime.date(2026, 1, 5))
    services.request_mark_sent(request=item, sent_on=datetime.date(2026, 1, 6), sent_via="post", actor=None)
    services.request_mark_issued(request=item, number="R-1", issued_on=datetime.date(2026, 1, 20), actor=None)
    make_certificate(mobile["putian"], issuance="reverse")  # issued that way before the registry kept requests
    client = client_for(staff)
    requests_page = client.get(LIST).content.decode()
    states = dict(re.findall(r'id="state-(\w+)">\d+</span><span class="label">([^<]+)</span>', requests_page))
    assert set(states) == set(ReverseIssuanceRequest.State.values)
    assert all(label.startswith("申请：") for label in states.values()), states
    label = re.search(r'id="issued-this-way">2</span><span class="label">([^<]+)</span>', requests_page).group(1)
    assert "活动证" in label and "登记簿" in label
    register = client.get(reverse("certificates:certificate_list")).content.decode()
    assert re.search(r'id="issued-by-reverse">2</span><span class="label">([^<]+)</span>', register).group(1) == label
    home = client.get(reverse("home")).content.decode()
    link = re.search(rf'<th>{re.escape(label)}</th><td><a href="([^"]+)">2</a></td>', home).group(1)
    assert len(client.get(link).context["page"].object_list) == 2


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_request_and_the_application_print_to_pdf_with_chinese_text(client_for, staff, reviewer, mobile):
    item = file_request(mobile["fuzhou"])
    text = pdf_text(client_for(staff).get(reverse("certificates:request_pdf", args=[item.pk])))
    for expected in ("中共福清市江镜镇委员会", "林福州", "福建商会党委", mobile["fuzhou"].id_number):
        assert expected in text
    # where it is sent: a line to fill in while the address is not known, the address once it is
    assert "寄往" in text and "寄出前请填写" in re.sub(r"\s+", "", text)
    ReverseIssuanceRequest.objects.filter(pk=item.pk).update(home_address="福建省福清市江镜镇党建办")
    text = pdf_text(client_for(staff).get(reverse("certificates:request_pdf", args=[item.pk])))
    assert "福建省福清市江镜镇党建办" in re.sub(r"\s+", "", text) and "寄出前请填写" not in re.sub(r"\s+", "", text)
    certificate = make_certificate(mobile["putian"], number="FJ-PDF-9")
    text = pdf_text(
        client_for(reviewer).get(reverse("certificates:certificate_application_pdf", args=[certificate.pk]))
    )
    assert "陈莆田" in text and "FJ-PDF-9" in text and "中共仙游县榜头镇委员会" in text
    assert mobile["putian"].id_number not in text  # reviewers see ID numbers masked, on paper too
