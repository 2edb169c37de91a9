"""Issue 22 §2, the transfer letters (docs/lifecycle.md#transfer-letters): a letter is valid at most
REGISTRY_TRANSFER_LETTER_MAX_DAYS days (default 90, national practice: three months); a receipt
dated after the letter expired is refused until the letter is re-issued (a new number replacing the
expired one, with a new validity); a transfer into a temporary branch or a party group is refused.
The same rules on the event form, in the services and in the movement import."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches import clock
from branches.models import Organization
from registry.imports.kinds import run_import
from registry.models import Member, Movement
from registry.movements import rules, services
from tests import factories
from tests.registry.imports.workbooks import xlsx

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
HEADERS = [
    "姓名",
    "公民身份号码",
    "变动类型",
    "变动日期",
    "去向或来源",
    "介绍信编号",
    "有效期（天）",
    "回执日期",
    "活动证编号",
    "原因",
    "备注",
]


@pytest.fixture
def own(tree):
    return factories.make_member(
        tree["fuzhou_1"], category=Member.Category.SELF_MANAGED, registered_on=datetime.date(2020, 1, 1)
    )


def issue(member, letter="ZC-1", date=None, valid_days=30, **extra):
    event = rules.Event(
        kind="transfer_out",
        date=date or clock.today() - 40 * DAY,
        other_side="中共天津市某企业委员会",
        letter_number=letter,
        valid_days=valid_days,
        **extra,
    )
    return services.movement_record(member=member, event=event, actor=None)


def codes(error: ValidationError) -> set[str]:
    return {each.code for errors in error.error_dict.values() for each in errors}


def book(*rows):
    return xlsx([HEADERS, *rows], sheet="变动登记")


def import_codes(result):
    return {outcome.row: {error.code for error in outcome.errors} for outcome in result.outcomes if outcome.errors}


def row(member, kind, date, other="", letter=None, days=None, receipt=None):
    return [member.name, member.id_number, kind, date, other or None, letter, days, receipt, None, None, None]


# --- the cap on a letter's validity ------------------------------------------------------------------


def test_the_cap_is_a_setting_of_90_days():
    from django.conf import settings

    assert settings.REGISTRY_TRANSFER_LETTER_MAX_DAYS == 90


def test_the_form_refuses_a_letter_valid_longer_than_the_cap(client_for, secretary_a, own):
    response = client_for(secretary_a).post(
        reverse("registry:event_record", args=[own.pk, "transfer_out"]),
        {
            "date": clock.today().isoformat(),
            "other_side": "中共天津市某企业委员会",
            "letter_number": "ZC-9",
            "valid_days": 120,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("valid_days", "validity_over_cap")
    body = response.content.decode()
    assert "90" in body and "120" in body
    assert not Movement.objects.exists()


def test_the_cap_follows_the_setting_and_the_cap_itself_is_accepted(own, settings):
    settings.REGISTRY_TRANSFER_LETTER_MAX_DAYS = 60
    with pytest.raises(ValidationError) as refused:
        issue(own, valid_days=61)
    assert codes(refused.value) == {"validity_over_cap"}
    assert "60" in str(refused.value)
    assert issue(own, valid_days=60).valid_days == 60


def test_the_service_refuses_a_year_long_letter(own):
    with pytest.raises(ValidationError) as refused:
        issue(own, valid_days=365)
    assert codes(refused.value) == {"validity_over_cap"}
    assert not Movement.objects.exists()


def test_the_default_validity_never_exceeds_the_cap(own, settings):
    settings.REGISTRY_TRANSFER_LETTER_DAYS, settings.REGISTRY_TRANSFER_LETTER_MAX_DAYS = 120, 90
    assert issue(own, valid_days=None).valid_days == 90


def test_correcting_a_letter_past_the_cap_is_refused(own):
    movement = issue(own)
    with pytest.raises(ValidationError) as refused:
        services.movement_update(movement=movement, data={"valid_days": 200}, actor=None)
    assert codes(refused.value) == {"validity_over_cap"}
    movement.refresh_from_db()
    assert movement.valid_days == 30


# --- a receipt after the letter expired, and re-issuing ---------------------------------------------


def test_a_receipt_after_the_letter_expired_is_refused_on_the_page(client_for, secretary_a, own):
    movement = issue(own)  # issued 40 days ago, valid 30: expired 10 days ago
    response = client_for(secretary_a).post(
        reverse("registry:transfer_receipt", args=[movement.pk]), {"receipt_on": clock.today().isoformat()}
    )
    assert response.status_code == 400
    assert response.context["receipt_form"].has_error("receipt_on", "receipt_after_expiry")
    body = response.content.decode()
    assert movement.expires_on.isoformat() in body and "ZC-1" in body
    assert Member.objects.filter(pk=own.pk).exists()


def test_a_receipt_on_the_last_valid_day_is_accepted(own):
    movement = issue(own)
    services.transfer_receipt_record(movement=movement, receipt_on=movement.expires_on, actor=None)
    assert Member.all_members.get(pk=own.pk).left_on == movement.expires_on


def test_a_new_letter_with_a_receipt_after_its_validity_is_refused(own):
    with pytest.raises(ValidationError) as refused:
        issue(own, date=clock.today() - 40 * DAY, receipt_on=clock.today() - DAY)
    assert codes(refused.value) == {"receipt_after_expiry"}


def test_re_issuing_replaces_the_number_and_then_the_receipt_is_accepted(client_for, secretary_a, own):
    movement = issue(own)
    client = client_for(secretary_a)
    page = reverse("registry:transfer_reissue", args=[movement.pk])
    assert client.get(page).status_code == 200
    today = clock.today()
    response = client.post(page, {"letter_number": "ZC-1-R", "reissued_on": today.isoformat(), "valid_days": 30})
    assert response.status_code == 302 and response.url == reverse("registry:transfer_detail", args=[movement.pk])
    movement.refresh_from_db()
    assert (movement.letter_number, movement.replaced_letter_number) == ("ZC-1-R", "ZC-1")
    assert (movement.reissued_on, movement.expires_on) == (today, today + 30 * DAY)
    reason = movement.history.first().history_change_reason
    assert "ZC-1" in reason and "ZC-1-R" in reason  # the replaced number stays in the history too
    response = client.post(reverse("registry:transfer_receipt", args=[movement.pk]), {"receipt_on": today.isoformat()})
    assert response.status_code == 302
    assert Member.all_members.get(pk=own.pk).left_on == today
    with pytest.raises(ValidationError):
        issue(
            factories.make_member(
                own.organization, category=Member.Category.SELF_MANAGED, registered_on=datetime.date(2020, 1, 1)
            ),
            letter="ZC-1",
        )  # the old number stays used


def test_a_letter_still_valid_is_not_re_issued(own):
    movement = issue(own, date=clock.today() - 5 * DAY)
    with pytest.raises(ValidationError) as refused:
        services.transfer_letter_reissue(
            movement=movement, letter_number="ZC-2", reissued_on=clock.today(), valid_days=30, actor=None
        )
    assert codes(refused.value) == {"letter_not_expired"}
    assert (movement.expires_on + DAY).isoformat() in str(refused.value)


def test_re_issuing_is_held_to_the_cap_and_to_unused_numbers(own, tree):
    other = factories.make_member(
        tree["fuzhou_1"], category=Member.Category.SELF_MANAGED, registered_on=datetime.date(2020, 1, 1)
    )
    issue(other, letter="ZC-OTHER", date=clock.today() - 5 * DAY)
    movement = issue(own)
    with pytest.raises(ValidationError) as refused:
        services.transfer_letter_reissue(
            movement=movement, letter_number="ZC-OTHER", reissued_on=clock.today(), valid_days=120, actor=None
        )
    assert codes(refused.value) == {"validity_over_cap", "letter_in_use"}
    movement.refresh_from_db()
    assert movement.letter_number == "ZC-1" and not movement.replaced_letter_number


def test_re_issuing_is_post_scoped_and_refused_to_reviewers(client_for, secretary_b, reviewer, own):
    movement = issue(own)
    page = reverse("registry:transfer_reissue", args=[movement.pk])
    data = {"letter_number": "ZC-X", "reissued_on": clock.today().isoformat(), "valid_days": 30}
    assert client_for(secretary_b).post(page, data).status_code == 404
    assert client_for(reviewer).post(page, data).status_code == 403
    assert client_for(reviewer).get(page).status_code == 403
    movement.refresh_from_db()
    assert movement.letter_number == "ZC-1"


def test_a_refused_re_issue_shows_the_sentence_and_writes_nothing(client_for, secretary_a, own):
    movement = issue(own)
    response = client_for(secretary_a).post(
        reverse("registry:transfer_reissue", args=[movement.pk]),
        {
            "letter_number": "ZC-1-R",
            "reissued_on": clock.today().isoformat(),
            "valid_days": 100,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("valid_days", "validity_over_cap")
    movement.refresh_from_db()
    assert movement.letter_number == "ZC-1"


def test_the_expired_letters_offer_re_issuing(client_for, secretary_a, reviewer, own):
    movement = issue(own)
    link = reverse("registry:transfer_reissue", args=[movement.pk])
    assert link in client_for(secretary_a).get(reverse("registry:transfer_list")).content.decode()
    assert link in client_for(secretary_a).get(reverse("registry:transfer_detail", args=[movement.pk])).content.decode()
    assert link not in client_for(reviewer).get(reverse("registry:transfer_list")).content.decode()


# --- no transfer into a temporary branch or a party group ---------------------------------------------


@pytest.mark.parametrize("level", [Organization.Level.TEMPORARY_BRANCH, Organization.Level.PARTY_GROUP])
def test_a_move_into_a_temporary_branch_or_party_group_is_refused(own, tree, level):
    target = factories.make_organization(level=level, parent=tree["fuzhou"])
    event = rules.Event(kind="transfer_out", date=clock.today(), to_organization_id=target.pk, letter_number="ZC-T")
    with pytest.raises(ValidationError) as refused:
        services.movement_record(member=own, event=event, actor=None)
    assert codes(refused.value) == {"organization_cannot_hold"}
    assert target.name in str(refused.value)
    assert Member.objects.get(pk=own.pk).organization == tree["fuzhou_1"]


def test_a_transfer_in_for_a_member_of_a_party_group_is_refused(tree):
    group = factories.make_organization(level=Organization.Level.PARTY_GROUP, parent=tree["fuzhou_1"])
    mobile = factories.make_member(group, registered_on=datetime.date(2020, 1, 1))
    event = rules.Event(kind="transfer_in", date=clock.today(), other_side="某县委", letter_number="JS-T")
    with pytest.raises(ValidationError) as refused:
        services.movement_record(member=mobile, event=event, actor=None)
    assert codes(refused.value) == {"organization_cannot_hold"}
    assert Member.objects.get(pk=mobile.pk).category != Member.Category.SELF_MANAGED


def test_the_form_refuses_a_move_into_a_temporary_branch(client_for, staff, own, tree):
    target = factories.make_organization(level=Organization.Level.TEMPORARY_BRANCH, parent=tree["fuzhou"])
    response = client_for(staff).post(
        reverse("registry:event_record", args=[own.pk, "transfer_out"]),
        {
            "date": clock.today().isoformat(),
            "to_organization": target.pk,
            "letter_number": "ZC-T",
            "valid_days": 30,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("to_organization", "organization_cannot_hold")


# --- the movement import -------------------------------------------------------------------------------


def test_the_import_refuses_each_letter_rule(own, tree):
    group = factories.make_organization(
        "福州商会第一党支部第一党小组", level=Organization.Level.PARTY_GROUP, parent=tree["fuzhou_1"]
    )
    temporary = factories.make_organization(
        "福州商会临时党支部", level=Organization.Level.TEMPORARY_BRANCH, parent=tree["fuzhou"]
    )
    second = factories.make_member(
        tree["fuzhou_2"], category=Member.Category.SELF_MANAGED, registered_on=datetime.date(2020, 1, 1)
    )
    third = factories.make_member(
        tree["fuzhou_2"], category=Member.Category.SELF_MANAGED, registered_on=datetime.date(2020, 1, 1)
    )
    mobile = factories.make_member(group, registered_on=datetime.date(2020, 1, 1))
    result = run_import(
        "movements",
        book(
            row(own, "转出", "2026-06-01", "某市委", letter="ZC-A", days=120),  # 2 over the cap
            row(second, "转出", "2026-06-01", "某市委", letter="ZC-B", days=30, receipt="2026-08-01"),  # 3 after expiry
            row(third, "转出", "2026-06-01", temporary.name, letter="ZC-C"),  # 4 into a temporary branch
            row(mobile, "转入", "2026-06-01", "某县委", letter="JS-D"),  # 5 transfer in, held in a party group
        ),
        filename="m.xlsx",
    )
    assert import_codes(result) == {
        2: {"validity_over_cap"},
        3: {"receipt_after_expiry"},
        4: {"organization_cannot_hold"},
        5: {"organization_cannot_hold"},
    }
    assert not Movement.objects.exists()


def test_the_import_refuses_a_late_receipt_and_a_longer_validity_on_a_letter_already_issued(own):
    movement = issue(own, date=datetime.date(2026, 6, 1))
    late = run_import(
        "movements",
        book(
            row(own, "转出", "2026-06-01", "中共天津市某企业委员会", letter="ZC-1", days=30, receipt="2026-08-01"),
        ),
        filename="m.xlsx",
    )
    assert import_codes(late) == {2: {"receipt_after_expiry"}}
    longer = run_import(
        "movements",
        book(
            row(own, "转出", "2026-06-01", "中共天津市某企业委员会", letter="ZC-1", days=180),
        ),
        filename="m.xlsx",
    )
    assert import_codes(longer) == {2: {"validity_over_cap"}}
    in_time = run_import(
        "movements",
        book(
            row(own, "转出", "2026-06-01", "中共天津市某企业委员会", letter="ZC-1", days=30, receipt="2026-07-01"),
        ),
        filename="m.xlsx",
    )
    assert in_time.counts["updated"] == 1
    movement.refresh_from_db()
    assert movement.receipt_on == datetime.date(2026, 7, 1)


def test_the_re_issued_letter_prints_its_new_number_and_day(client_for, secretary_a, own):
    import io

    from pypdf import PdfReader

    movement = issue(own)
    day = clock.today() - 2 * DAY
    services.transfer_letter_reissue(
        movement=movement, letter_number="ZC-1-R", reissued_on=day, valid_days=60, actor=None
    )
    response = client_for(secretary_a).get(reverse("registry:transfer_letter_pdf", args=[movement.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "ZC-1-R" in text and f"{day.year}年{day.month}月{day.day}日" in text and "60" in text
