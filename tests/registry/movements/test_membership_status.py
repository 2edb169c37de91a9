"""Issue 22 §2, leaving the party in its kinds, 停止党籍 and 恢复党籍, lost contact as a case, the report
to the home organization and whole-unit transfers (docs/lifecycle.md#left-the-party,
#membership-status, #lost-contact): the same rules on the event form, in the services and in the
movement import; each refusal a sentence naming the rule and the date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches import clock
from registry.development.rules import add_months
from registry.imports.kinds import run_import
from registry.lostcontact import services as lost_services
from registry.models import LostContactCase, Member, Movement
from registry.movements import balance, rules, services
from registry.movements.imports import EVENT_CANONICAL
from tests import factories
from tests.registry.imports.workbooks import xlsx

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)
HEADERS = ["姓名", "公民身份号码", "变动类型", "变动日期", "去向或来源", "整建制", "原因"]


@pytest.fixture
def own(tree):
    return factories.make_member(tree["fuzhou_1"], category=Member.Category.SELF_MANAGED, registered_on=D(2020, 1, 1))


@pytest.fixture
def mobile(tree):
    return factories.make_member(
        tree["fuzhou_1"],
        category=Member.Category.REGISTERED_MOBILE,
        registered_on=D(2020, 1, 1),
        origin_organization="中共某县某镇委员会",
    )


def record(member, kind, date, **extra):
    return services.movement_record(member=member, event=rules.Event(kind=kind, date=date, **extra), actor=None)


def codes(error: ValidationError) -> set[str]:
    return {each.code for errors in error.error_dict.values() for each in errors}


# --- who we may remove ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["removed", "expelled", "lapsed", "withdrew", "suspended"])
def test_a_registered_mobile_member_cannot_leave_the_party_here(mobile, kind):
    """Failed before issue 22 for 除名: a registered mobile member was removed by us."""
    with pytest.raises(ValidationError) as refused:
        record(mobile, kind, clock.today())
    assert codes(refused.value) == {"not_held_here"}
    assert "中共某县某镇委员会" in " ".join(refused.value.messages)
    assert Member.objects.filter(pk=mobile.pk).exists()


def test_for_a_registered_mobile_member_we_report_to_the_home_organization(mobile, own):
    report = record(
        mobile, "reported_home", clock.today(), other_side="中共某县某镇委员会", reason="连续六个月未交党费"
    )
    assert report.departed_on is None and Member.objects.filter(pk=mobile.pk).exists()
    with pytest.raises(ValidationError) as refused:
        record(own, "reported_home", clock.today(), other_side="某党委", reason="违纪")
    assert codes(refused.value) == {"reported_home_held_here"}


@pytest.mark.parametrize(
    "kind", ["expelled", "withdrew", "persuaded", "persuasion_refused", "lapsed", "not_recognized"]
)
def test_each_kind_of_leaving_takes_a_self_managed_member_off_the_roster(own, kind):
    movement = record(own, kind, clock.today() - DAY, reason="支部大会决定，上级党委批准")
    member = Member.all_members.get(pk=own.pk)
    assert (member.left_on, member.left_as, movement.departed_on) == (clock.today() - DAY, kind, clock.today() - DAY)


# --- lost contact, 停止党籍, 恢复党籍 ----------------------------------------------------------------


def test_lost_contact_is_a_case_and_suspension_waits_six_months(own, tree):
    lost_on = D(2025, 8, 31)
    record(own, "lost_contact", lost_on, lost_reason=LostContactCase.Reason.WORK, reason="去向不明")
    case = LostContactCase.objects.get(member=own)
    assert case.is_open and case.reason == "1" and Member.objects.get(pk=own.pk).lost_contact
    lost_services.search_add(case=case, date=D(2025, 10, 1), method="电话", result="停机", actor=None)
    with pytest.raises(ValidationError) as twice:
        record(own, "lost_contact", D(2025, 9, 1))
    assert codes(twice.value) == {"already_lost_contact"}
    earliest = add_months(lost_on, 6)
    assert earliest == D(2026, 3, 1)  # never shortened (31 August + 6 months)
    with pytest.raises(ValidationError) as early:
        record(own, "suspended", earliest - DAY)
    assert codes(early.value) == {"suspension_too_soon"} and "2026-03-01" in " ".join(early.value.messages)
    record(own, "suspended", earliest)
    case.refresh_from_db()
    member = Member.all_members.get(pk=own.pk)
    assert (case.outcome, case.closed_on) == ("suspended", earliest)
    assert (member.left_as, member.left_on, member.lost_contact) == ("suspended", earliest, False)
    # 恢复党籍: the same record back on the roster, an arrival of that day
    restored_on = earliest + 30 * DAY
    record(member, "restored", restored_on)
    member.refresh_from_db()
    assert member.left_on is None and member.registered_on == restored_on
    year = balance.year_balance(restored_on.year, today=restored_on)
    assert dict(year.total.arrivals_by_kind())["restored"] == 1
    assert dict(year.total.departures_by_kind())["suspended"] == 1


def test_suspension_needs_a_case_and_restoration_a_suspension(own):
    with pytest.raises(ValidationError) as refused:
        record(own, "suspended", clock.today())
    assert codes(refused.value) == {"suspension_without_case"}
    with pytest.raises(ValidationError) as on_roster:
        record(own, "restored", clock.today())
    assert codes(on_roster.value) == {"restore_not_suspended"}


def test_a_suspended_member_never_found_is_removed_without_leaving_twice(own):
    record(own, "lost_contact", D(2023, 1, 5), lost_reason="5")  # settled abroad: no six months to wait
    record(own, "suspended", D(2023, 2, 1))
    member = Member.all_members.get(pk=own.pk)
    lapsed = record(member, "lapsed", D(2025, 3, 1))
    member.refresh_from_db()
    assert member.left_as == "lapsed" and member.left_on == D(2023, 2, 1) and lapsed.departed_on is None


def test_contact_restored_closes_the_case(own):
    record(own, "lost_contact", D(2025, 1, 10))
    with pytest.raises(ValidationError) as refused:
        record(own, "contact_found", D(2025, 1, 9))
    assert codes(refused.value) == {"found_before_lost"}
    record(own, "contact_found", D(2025, 4, 1))
    case = LostContactCase.objects.get(member=own)
    assert (case.outcome, case.closed_on) == ("found", D(2025, 4, 1))
    assert not Member.objects.get(pk=own.pk).lost_contact


# --- whole-unit transfers ------------------------------------------------------------------------


def test_a_whole_unit_transfer_is_marked_and_only_a_transfer_may_be(mobile, own):
    movement = record(mobile, "transfer_in", clock.today(), other_side="某县委", letter_number="JS-W", whole_unit=True)
    assert movement.whole_unit
    with pytest.raises(ValidationError) as refused:
        record(own, "died", clock.today(), whole_unit=True)
    assert codes(refused.value) == {"whole_unit_not_transfer"}


# --- the forms -----------------------------------------------------------------------------------


def test_the_member_page_offers_the_kinds_of_leaving_only_where_membership_is_held(
    client_for, secretary_a, own, mobile
):
    client = client_for(secretary_a)
    body = client.get(reverse("registry:member_detail", args=[own.pk])).content.decode()
    assert reverse("registry:event_record", args=[own.pk, "expelled"]) in body
    assert reverse("registry:event_record", args=[own.pk, "reported_home"]) not in body
    body = client.get(reverse("registry:member_detail", args=[mobile.pk])).content.decode()
    assert reverse("registry:event_record", args=[mobile.pk, "expelled"]) not in body
    assert reverse("registry:event_record", args=[mobile.pk, "reported_home"]) in body


def test_the_form_refuses_leaving_for_a_mobile_member_in_a_sentence(client_for, secretary_a, mobile):
    response = client_for(secretary_a).post(
        reverse("registry:event_record", args=[mobile.pk, "lapsed"]), {"date": clock.today().isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "not_held_here")
    assert "中共某县某镇委员会" in response.content.decode()
    assert not Movement.objects.exists()


def test_the_form_opens_a_case_and_the_former_page_restores(client_for, secretary_a, own):
    client = client_for(secretary_a)
    lost_on = clock.today() - 200 * DAY
    response = client.post(
        reverse("registry:event_record", args=[own.pk, "lost_contact"]),
        {"date": lost_on.isoformat(), "lost_reason": "3", "reason": "毕业后未报到"},
    )
    assert response.status_code == 302
    assert LostContactCase.objects.get(member=own).reason == "3"
    response = client.post(
        reverse("registry:event_record", args=[own.pk, "suspended"]), {"date": clock.today().isoformat()}
    )
    assert response.status_code == 302
    body = client.get(reverse("registry:former_member_detail", args=[own.pk])).content.decode()
    restore = reverse("registry:event_record", args=[own.pk, "restored"])
    assert restore in body
    assert client.post(restore, {"date": clock.today().isoformat()}).status_code == 302
    assert Member.objects.filter(pk=own.pk).exists()


# --- the movement import -------------------------------------------------------------------------


def book(*rows):
    return xlsx([HEADERS, *rows], sheet="变动登记")


def row(member, kind, date, other=None, whole=None, reason=None):
    return [member.name, member.id_number, kind, date, other, whole, reason]


def import_codes(result):
    return {outcome.row: {error.code for error in outcome.errors} for outcome in result.outcomes if outcome.errors}


def test_the_import_reads_the_new_words_and_refuses_alike(tree, own, mobile):
    others = [
        factories.make_member(tree["fuzhou_2"], category=Member.Category.SELF_MANAGED, registered_on=D(2020, 1, 1))
        for _ in range(3)
    ]
    result = run_import(
        "movements",
        book(
            row(own, "失联", "2025-01-10", reason="①外出务工经商"),  # 2
            row(own, "停止党籍", "2025-08-01"),  # 3
            row(own, "恢复党籍", "2025-09-01"),  # 4
            row(mobile, "开除党籍", "2025-09-01"),  # 5 not held here
            row(mobile, "报告流出地", "2025-09-02", "中共某县某镇委员会", reason="违纪"),  # 6
            row(others[0], "除名", "2025-09-03"),  # 7 kind not stated
            row(others[1], "转出", "2025-09-04", "某市委", whole="是"),  # 8 no letter number
            row(others[2], "劝而不退除名", "2025-09-05"),  # 9
        ),
        filename="m.xlsx",
    )
    assert import_codes(result) == {5: {"not_held_here"}, 8: {"transfer_out_no_letter"}}
    assert not Movement.objects.exists()
    result = run_import(
        "movements",
        book(
            row(own, "失联", "2025-01-10", reason="①外出务工经商"),
            row(own, "停止党籍", "2025-08-01"),
            row(own, "恢复党籍", "2025-09-01"),
            row(mobile, "报告流出地", "2025-09-02", "中共某县某镇委员会", reason="违纪"),
            row(others[0], "除名", "2025-09-03"),
            row(others[2], "劝而不退除名", "2025-09-05"),
        ),
        filename="m.xlsx",
    )
    assert not import_codes(result)
    assert LostContactCase.objects.get(member=own).outcome == "suspended"
    assert Member.objects.filter(pk=own.pk).exists()
    assert Member.all_members.get(pk=others[0].pk).left_as == "removed"
    assert Member.all_members.get(pk=others[2].pk).left_as == "persuasion_refused"
    assert Movement.objects.get(member=mobile).kind == "reported_home"


def test_a_suspension_too_soon_is_refused_by_the_import(own):
    result = run_import(
        "movements",
        book(row(own, "失联", "2025-01-10", reason="外出务工"), row(own, "停止党籍", "2025-07-09")),
        filename="m.xlsx",
    )
    assert import_codes(result) == {3: {"suspension_too_soon"}}


def test_a_removal_without_its_kind_is_listed_as_needing_it(client_for, staff, own, tree):
    other = factories.make_member(tree["fuzhou_2"], category=Member.Category.SELF_MANAGED, registered_on=D(2020, 1, 1))
    run_import("movements", book(row(own, "除名", "2025-09-03")), filename="m.xlsx")
    record(other, "lapsed", D(2025, 9, 4))
    listed = client_for(staff).get(reverse("registry:former_member_list"), {"left_as": "removed"})
    assert [member.pk for member in listed.context["page"].object_list] == [own.pk]
    export = client_for(staff).get(reverse("registry:movement_export"), {"kind": "removed"})
    assert export.status_code == 200
    assert EVENT_CANONICAL[Movement.Kind.REMOVED] == "除名（类型未注明）"
