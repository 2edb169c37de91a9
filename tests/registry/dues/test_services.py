"""Recording dues: one member over one or several months, a branch's month sheet, and the
roster's 党费交至 that never disagrees with the ledger."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from registry.dues import services
from registry.members import services as member_services
from registry.models import DuesEntry, Member
from tests import factories

D = Decimal
DAY = datetime.date
AS_OF = datetime.date(2026, 11, 27)


def month(year, number):
    return datetime.date(year, number, 1)


def ledger(member):
    return {entry.month: entry.amount for entry in DuesEntry.objects.filter(member=member)}


def test_a_range_is_split_over_its_months_to_the_fen(tree, staff):
    member = factories.make_payer(tree["putian"], dues_paid_through=None)
    entries = services.payment_record(
        member=member,
        first_month=month(2026, 1),
        last_month=month(2026, 3),
        amount=D("10.00"),
        paid_on=datetime.date(2026, 3, 6),
        note="补交",
        actor=staff,
        as_of=AS_OF,
    )
    assert [entry.amount for entry in entries] == [D("3.33"), D("3.33"), D("3.34")]
    assert sum(entry.amount for entry in entries) == D("10.00")
    assert {entry.received_by for entry in entries} == {tree["putian"]}
    member.refresh_from_db()
    assert (member.dues_paid_through, member.dues_paid_through_precision) == (month(2026, 3), "month")
    assert entries[0].history.get().history_user == staff


@pytest.mark.parametrize(
    "first, last, amount, field, words",
    [
        (month(2025, 11), month(2026, 2), "40", "months", "跨年"),
        (month(2026, 1), month(2026, 1), "-5", "amount", "负数"),
        (month(2028, 1), month(2028, 1), "10", "months", "12 个月"),
        (month(1999, 5), month(1999, 5), "10", "months", "入党时间"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(tree, staff, first, last, amount, field, words):
    member = factories.make_payer(tree["putian"], dues_paid_through=None)
    with pytest.raises(ValidationError) as error:
        services.payment_record(
            member=member, first_month=first, last_month=last, amount=D(amount), paid_on=None, actor=staff, as_of=AS_OF
        )
    assert words in " ".join(error.value.message_dict[field])
    assert not DuesEntry.objects.exists()
    member.refresh_from_db()
    assert member.dues_paid_through is None


def test_the_same_month_twice_is_refused_and_a_declared_month_becomes_paid(tree, staff):
    member = factories.make_payer(tree["putian"], dues_paid_through=month(2026, 3))
    assert ledger(member) == {month(2026, 3): None}  # declared
    services.payment_record(
        member=member,
        first_month=month(2026, 3),
        last_month=month(2026, 4),
        amount=D("20"),
        paid_on=None,
        actor=staff,
        as_of=AS_OF,
    )
    assert ledger(member) == {month(2026, 3): D("10.00"), month(2026, 4): D("10.00")}
    with pytest.raises(ValidationError) as error:
        services.payment_record(
            member=member,
            first_month=month(2026, 4),
            last_month=month(2026, 4),
            amount=D("10"),
            paid_on=None,
            actor=staff,
            as_of=AS_OF,
        )
    assert "已登记" in error.value.message_dict["months"][0]
    assert ledger(member)[month(2026, 4)] == D("10.00")


def test_the_roster_and_the_ledger_never_disagree_both_ways(tree, staff):
    member = factories.make_payer(tree["putian"], dues_paid_through=None)
    # The roster's 党费交至 typed on the form → a declared entry in the ledger.
    member_services.member_update(
        member=member,
        data={"dues_paid_through": datetime.date(2026, 5, 17), "dues_paid_through_precision": "day"},
        actor=staff,
    )
    assert ledger(member) == {month(2026, 5): None}
    member.refresh_from_db()
    assert (member.dues_paid_through, member.dues_paid_through_precision) == (month(2026, 5), "month")
    # A payment in the ledger → the roster's 党费交至.
    services.payment_record(
        member=member,
        first_month=month(2026, 8),
        last_month=month(2026, 8),
        amount=D("10"),
        paid_on=None,
        actor=staff,
        as_of=AS_OF,
    )
    member.refresh_from_db()
    assert member.dues_paid_through == month(2026, 8)
    # Deleting the latest entry → back to the one before.
    services.entry_delete(entry=DuesEntry.objects.get(member=member, month=month(2026, 8)), actor=staff)
    member.refresh_from_db()
    assert member.dues_paid_through == month(2026, 5)
    # Typing an earlier month, or clearing it, is refused: the ledger says more.
    for typed in (month(2026, 2), None):
        with pytest.raises(ValidationError) as error:
            member_services.member_update(member=member, data={"dues_paid_through": typed}, actor=staff)
        assert "台账" in error.value.message_dict["dues_paid_through"][0]
    member.refresh_from_db()
    assert member.dues_paid_through == month(2026, 5) and ledger(member) == {month(2026, 5): None}
    # The roster's history shows 党费交至 moving with the ledger.
    assert member.history.filter(dues_paid_through=month(2026, 8)).exists()


def test_the_member_form_shows_the_refusal_next_to_the_field(tree, staff, client_for):
    from django.urls import reverse

    member = factories.make_payer(tree["putian"], dues_paid_through=month(2026, 6))
    data = dict.fromkeys(
        (
            "gender",
            "ethnicity",
            "birth_date",
            "education",
            "native_place",
            "made_full",
            "enterprise",
            "origin_organization",
            "left_home",
            "registered_on",
            "notes",
        ),
        "",
    )
    data.update(
        {
            "name": member.name,
            "id_number": member.id_number,
            "joined": "2005-07-01",
            "status": "full",
            "category": member.category,
            "organization": member.organization_id,
            "phone": member.phone,
            "work_address": member.work_address,
            "origin_address": member.origin_address,
            "occupation": member.occupation,
            "dues_paid_through": "2026-01",
        }
    )
    response = client_for(staff).post(reverse("registry:member_edit", args=[member.pk]), data)
    assert response.status_code == 200
    assert "党费台账已记录交至 2026-06" in " ".join(response.context["form"].errors["dues_paid_through"])
    member.refresh_from_db()
    assert member.dues_paid_through == month(2026, 6)


def test_the_month_sheet_saves_50_members_in_a_bounded_number_of_queries(tree, staff, django_assert_max_num_queries):
    branch = tree["fuzhou_1"]
    members = [
        factories.make_payer(branch, dues_paid_through=None if index % 2 else month(2026, 10)) for index in range(50)
    ]
    lines = [
        services.SheetLine(member, D("12.50") if index % 5 else None, "代交" if index == 1 else "")
        for index, member in enumerate(members)
    ]
    with django_assert_max_num_queries(16):
        counts = services.month_sheet_save(
            organization=branch,
            month=month(2026, 11),
            lines=lines,
            paid_on=datetime.date(2026, 11, 20),
            actor=staff,
            as_of=AS_OF,
        )
    assert counts == {"new": 40, "updated": 0, "unchanged": 0}
    paid = Member.objects.filter(pk__in=[m.pk for m in members], dues_paid_through=month(2026, 11))
    assert paid.count() == 40
    assert DuesEntry.history.filter(history_type="+", history_user=staff, month=month(2026, 11)).count() == 40
    # Saved again with one amount changed: one update, the rest unchanged.
    lines[1] = services.SheetLine(members[1], D("20.00"), "代交")
    counts = services.month_sheet_save(
        organization=branch,
        month=month(2026, 11),
        lines=lines,
        paid_on=datetime.date(2026, 11, 20),
        actor=staff,
        as_of=AS_OF,
    )
    assert counts == {"new": 0, "updated": 1, "unchanged": 39}


def test_a_wrong_line_refuses_the_whole_sheet(tree, staff):
    branch = tree["fuzhou_1"]
    early = factories.make_payer(
        branch,
        name="新党员",
        joined=datetime.date(2026, 6, 1),
        made_full=None,
        status="probationary",
        dues_paid_through=None,
    )
    other = factories.make_payer(branch, dues_paid_through=None)
    with pytest.raises(ValidationError) as error:
        services.month_sheet_save(
            organization=branch,
            month=month(2026, 5),
            lines=[services.SheetLine(other, D("10")), services.SheetLine(early, D("10"))],
            paid_on=None,
            actor=staff,
            as_of=AS_OF,
        )
    assert "新党员" in error.value.messages[0] and "入党时间" in error.value.messages[0]
    assert not DuesEntry.objects.exists()


def test_what_is_due_is_saved_from_a_month(tree, staff):
    member = factories.make_payer(tree["putian"])
    basis = services.basis_save(
        member=member, month=DAY(2026, 1, 1), kind="retired", monthly_base=D("5000.01"), actor=staff
    )
    assert basis.history.get().history_user == staff
    with pytest.raises(ValidationError):
        services.basis_save(member=member, month=DAY(2026, 1, 1), kind="in_work", monthly_base=D("-1"), actor=staff)
