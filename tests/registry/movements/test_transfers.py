"""Transfers out with their introduction letters (number, to whom, issued, valid N days, dues paid
through, printed as stub / letter / receipt), the receipt that takes the member off the roster, the
lists of letters waiting, expired, cancelled and of receipts we owe."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from branches import clock
from registry.models import Member, Movement
from registry.movements import rules, services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(tree):
    return factories.make_member(
        tree["fuzhou_1"],
        category=Member.Category.SELF_MANAGED,
        registered_on=datetime.date(2020, 1, 1),
        dues_paid_through=datetime.date(2025, 5, 1),
    )


def issue(member, letter="ZC-2025-001", date=None, **extra):
    event = rules.Event(
        kind="transfer_out",
        date=date or clock.today() - datetime.timedelta(days=3),
        other_side="中共天津市某企业委员会",
        letter_number=letter,
        **extra,
    )
    return services.movement_record(member=member, event=event, actor=None)


def test_issuing_a_letter_keeps_the_member_and_uses_the_setting(client_for, secretary_a, own, settings):
    settings.REGISTRY_TRANSFER_LETTER_DAYS = 45
    response = client_for(secretary_a).post(
        reverse("registry:event_record", args=[own.pk, "transfer_out"]),
        {
            "date": clock.today().isoformat(),
            "other_side": "中共天津市某企业委员会",
            "letter_number": "ZC-1",
        },
    )
    movement = Movement.objects.get()
    assert response.url == reverse("registry:transfer_detail", args=[movement.pk])
    assert movement.valid_days == 45 and movement.dues_paid_through == datetime.date(2025, 5, 1)
    assert Member.objects.filter(pk=own.pk).exists()


def test_the_letter_pdf_shows_number_both_organizations_and_the_dues_month(client_for, secretary_a, own):
    movement = issue(own)
    response = client_for(secretary_a).get(reverse("registry:transfer_letter_pdf", args=[movement.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "ZC-2025-001" in text
    assert "福州商会第一党支部" in text and "中共天津市某企业委员会" in text
    assert "2025年5月" in text


def test_the_receipt_takes_the_member_off_the_roster_on_its_date(client_for, secretary_a, own):
    movement = issue(own)
    day = clock.today()
    response = client_for(secretary_a).post(
        reverse("registry:transfer_receipt", args=[movement.pk]), {"receipt_on": day.isoformat()}
    )
    assert response.status_code == 302
    former = Member.all_members.get(pk=own.pk)
    assert (former.left_on, former.left_as) == (day, "transfer_out")
    assert not Member.objects.filter(pk=own.pk).exists()


def test_a_receipt_before_the_letter_is_refused_and_nothing_written(client_for, secretary_a, own):
    movement = issue(own)
    early = movement.date - datetime.timedelta(days=1)
    response = client_for(secretary_a).post(
        reverse("registry:transfer_receipt", args=[movement.pk]), {"receipt_on": early.isoformat()}
    )
    assert response.status_code == 400
    assert response.context["receipt_form"].has_error("receipt_on", "receipt_before_letter")
    assert early.isoformat() in response.content.decode()
    assert Member.objects.filter(pk=own.pk).exists()


def test_receipt_and_cancel_are_post_only_and_scoped(client_for, secretary_a, secretary_b, reviewer, own):
    movement = issue(own)
    receipt = reverse("registry:transfer_receipt", args=[movement.pk])
    assert client_for(secretary_a).get(receipt).status_code == 405
    assert client_for(secretary_b).post(receipt, {"receipt_on": clock.today().isoformat()}).status_code == 404
    assert client_for(reviewer).post(receipt, {"receipt_on": clock.today().isoformat()}).status_code == 403
    assert client_for(secretary_b).get(reverse("registry:transfer_detail", args=[movement.pk])).status_code == 404
    assert Member.objects.filter(pk=own.pk).exists()


def test_a_cancelled_letter_leaves_the_member_and_frees_nothing(client_for, secretary_a, own):
    movement = issue(own)
    response = client_for(secretary_a).post(
        reverse("registry:transfer_cancel", args=[movement.pk]), {"cancelled_on": clock.today().isoformat()}
    )
    assert response.status_code == 302
    movement.refresh_from_db()
    assert movement.cancelled_on and Member.objects.filter(pk=own.pk).exists()
    with pytest.raises(ValidationError, match="ZC-2025-001"):
        issue(own, letter="ZC-2025-001")  # the number stays used


def test_lists_waiting_expired_owed_cancelled(client_for, staff, tree, own, django_assert_max_num_queries):
    today = clock.today()
    issue(own, letter="ZC-W")
    for number in range(6):
        other = factories.make_member(
            tree["putian"], category=Member.Category.SELF_MANAGED, registered_on=datetime.date(2020, 1, 1)
        )
        issue(other, letter=f"ZC-E{number}", date=today - datetime.timedelta(days=60))
        mobile = factories.make_member(tree["fuzhou_2"], registered_on=datetime.date(2020, 1, 1))
        services.movement_record(
            member=mobile,
            event=rules.Event(
                kind="transfer_in",
                date=today - datetime.timedelta(days=40),
                other_side="某县委",
                letter_number=f"JS-{number}",
            ),
            actor=None,
        )
    client = client_for(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("registry:transfer_list"))
    assert [m.letter_number for m in response.context["waiting"]] == ["ZC-W"]
    assert len(response.context["expired"]) == 6 and len(response.context["owed"]) == 6
    body = response.content.decode()
    assert "ZC-E0" in body and "JS-0" in body
