"""The steps of development through the services: each rule at its boundary, refusals that name the
rule and the date, nothing written when refused; admission puts the person on the roster."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from registry.development import services, step_services

# A year (18 years) before today as the rules count it: on 29 February, 28 February of last year
# (a year from 1 March would end on 1 March, docs/lifecycle.md#dates).
from registry.development.rules import add_years, latest_start
from registry.models import Candidate, Member, Notice, Stage
from tests import factories

DAY = datetime.timedelta(days=1)


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def full_member(organization, name, made_full=datetime.date(2010, 7, 1)):
    return factories.make_member(organization, name=name, made_full=made_full)


# The branch meeting's vote of `_admission_ready`'s three members with a vote: carried.
VOTE = {"vote_present": 3, "vote_for": 2}


def test_a_new_applicant_is_refused_under_18_and_accepted_at_18(tree, staff, today):
    birth = latest_start(today, 18 * 12) + DAY  # turns 18 tomorrow
    data = {
        "name": "少年",
        "id_number": factories.make_id_number(birth=birth),
        "organization": tree["fuzhou_1"],
        "applied": today,
    }
    with pytest.raises(ValidationError) as refused:
        services.candidate_create(data=data, actor=staff)
    assert "under_18" in [e.code for e in refused.value.error_dict["applied"]]
    assert (birth.replace(year=birth.year + 18)).isoformat() in messages_of(refused.value)
    assert not Candidate.objects.exists()
    data["applied"] = today + DAY - DAY  # still 17 years 364 days today
    data["id_number"] = factories.make_id_number(birth=latest_start(today, 18 * 12))
    candidate = services.candidate_create(data=data, actor=staff)
    assert candidate.stage == Stage.APPLICANT and candidate.history.count() == 1


def test_a_member_on_the_roster_is_not_a_candidate(tree, staff, today):
    member = factories.make_member(tree["putian"])
    with pytest.raises(ValidationError) as refused:
        services.candidate_create(
            data={"name": member.name, "id_number": member.id_number, "organization": tree["putian"], "applied": today},
            actor=staff,
        )
    assert refused.value.error_dict["id_number"][0].code == "on_roster"


def test_activist_needs_one_or_two_contact_persons(tree, staff, make_candidate, today):
    candidate = make_candidate(tree["fuzhou_1"])
    with pytest.raises(ValidationError):
        services.make_activist(candidate=candidate, day=today, contact_persons=["甲", "乙", "丙"], actor=staff)
    candidate.refresh_from_db()
    assert candidate.activist is None
    services.make_activist(candidate=candidate, day=today, contact_persons=["甲"], actor=staff)
    assert candidate.stage == Stage.ACTIVIST and candidate.contact_persons == "甲"


def _ready_target_notice(candidate, staff, starts_on):
    return services.notice_start(candidate=candidate, decision="target", starts_on=starts_on, text="公示", actor=staff)


def test_target_one_year_after_activist_less_a_day_is_refused(tree, staff, make_candidate, today):
    candidate = make_candidate(tree["fuzhou_1"], stage="activist", activist=latest_start(today, 12) + DAY)
    _ready_target_notice(candidate, staff, today - datetime.timedelta(days=30))
    with pytest.raises(ValidationError) as refused:
        services.make_target(candidate=candidate, day=today, actor=staff)
    assert refused.value.error_dict["date"][0].code == "target_too_soon"
    assert (today + DAY).isoformat() in messages_of(refused.value)
    candidate.refresh_from_db()
    assert candidate.target is None


@override_settings(REGISTRY_NOTICE_DAYS=10)
def test_decision_on_the_last_day_of_the_notice_is_refused_and_the_day_after_accepted(
    tree, staff, make_candidate, today
):
    candidate = make_candidate(tree["fuzhou_1"], stage="activist")
    starts_on = today - datetime.timedelta(days=10)  # ten days: starts_on … today - 1; decision from today
    notice = _ready_target_notice(candidate, staff, starts_on)
    assert notice.last_day == today - DAY and notice.decision_from == today
    with pytest.raises(ValidationError) as refused:
        services.make_target(candidate=candidate, day=today - DAY, actor=staff)
    assert refused.value.error_dict["date"][0].code == "notice_running"
    assert today.isoformat() in messages_of(refused.value)
    services.make_target(candidate=candidate, day=today, actor=staff)
    notice.refresh_from_db()
    assert candidate.stage == Stage.TARGET and notice.decided_on == today


def test_no_decision_without_a_notice(tree, staff, make_candidate, today):
    candidate = make_candidate(tree["fuzhou_1"], stage="activist")
    with pytest.raises(ValidationError) as refused:
        services.make_target(candidate=candidate, day=today, actor=staff)
    assert refused.value.error_dict["date"][0].code == "no_notice"


def test_an_open_objection_holds_the_decision_until_resolved(tree, staff, make_candidate, today):
    candidate = make_candidate(tree["fuzhou_1"], stage="activist")
    notice = _ready_target_notice(candidate, staff, today - datetime.timedelta(days=20))
    objection = services.objection_add(notice=notice, raised_on=notice.starts_on + DAY, text="群众反映", actor=staff)
    with pytest.raises(ValidationError) as refused:
        services.make_target(candidate=candidate, day=today, actor=staff)
    assert refused.value.error_dict["date"][0].code == "objection_open"
    assert (notice.starts_on + DAY).isoformat() in messages_of(refused.value)
    services.objection_resolve(objection=objection, resolved_on=today, resolution="经核实不属实", actor=staff)
    services.make_target(candidate=Candidate.objects.get(pk=candidate.pk), day=today, actor=staff)
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.TARGET


def test_assessments_and_objections_name_their_candidate_and_day(tree, staff, make_candidate, today):
    candidate = make_candidate(tree["fuzhou_1"], stage="activist")
    assessment = services.assessment_add(
        candidate=candidate, assessed_on=today, assessor="王书记", remark="", actor=staff
    )
    assert str(assessment) == f"{candidate} · {today}"
    notice = _ready_target_notice(candidate, staff, today - datetime.timedelta(days=3))
    objection = services.objection_add(notice=notice, raised_on=today, text="群众反映", actor=staff)
    assert str(objection) == f"{notice} · {today}" and str(candidate) in str(objection)


def test_an_objection_is_raised_during_the_notice(tree, staff, make_candidate, today):
    candidate = make_candidate(tree["fuzhou_1"], stage="activist")
    notice = _ready_target_notice(candidate, staff, today - datetime.timedelta(days=30))
    with pytest.raises(ValidationError) as refused:
        services.objection_add(notice=notice, raised_on=notice.last_day + DAY, text="晚了", actor=staff)
    assert refused.value.error_dict["raised_on"][0].code == "outside_notice"
    assert not notice.objections.exists()


def _admission_ready(tree, staff, make_candidate, today):
    """A development target of fuzhou_1 with the steps before admission recorded and the admission's
    notice over; fuzhou_1 has three members with a vote (VOTE carries)."""
    for index in range(3):
        factories.make_member(tree["fuzhou_1"], name=f"表决党员{index}", category=Member.Category.SELF_MANAGED)
    candidate = make_candidate(tree["fuzhou_1"], stage="target")
    services.notice_start(
        candidate=candidate,
        decision="admission",
        starts_on=today - datetime.timedelta(days=15),
        text="公示",
        actor=staff,
    )
    return Candidate.objects.get(pk=candidate.pk)


def test_admission_with_one_introducer_is_refused_and_nothing_written(tree, staff, make_candidate, today):
    candidate = _admission_ready(tree, staff, make_candidate, today)
    one = full_member(tree["fuzhou_1"], "介绍人甲")
    with pytest.raises(ValidationError) as refused:
        services.admit(candidate=candidate, day=today, introducers=[one], actor=staff, **VOTE)
    assert refused.value.error_dict["introducers"][0].code == "introducers"
    assert not Member.objects.filter(id_number=candidate.id_number).exists()
    assert Candidate.objects.get(pk=candidate.pk).admitted is None


def test_a_probationary_introducer_is_refused_with_the_end_of_their_probation(tree, staff, make_candidate, today):
    candidate = _admission_ready(tree, staff, make_candidate, today)
    full = full_member(tree["fuzhou_1"], "介绍人甲")
    joined = today - datetime.timedelta(days=100)
    probationary = factories.make_member(
        tree["fuzhou_1"], name="预备党员乙", status=Member.Status.PROBATIONARY, joined=joined, made_full=None
    )
    with pytest.raises(ValidationError) as refused:
        services.admit(candidate=candidate, day=today, introducers=[full, probationary], actor=staff, **VOTE)
    error = refused.value.error_dict["introducers"][0]
    assert error.code == "introducer_probationary"
    assert "预备党员乙" in messages_of(refused.value) and add_years(joined, 1).isoformat() in messages_of(refused.value)


def test_an_introducer_made_full_after_the_admission_date_is_refused(tree, staff, make_candidate, today):
    candidate = _admission_ready(tree, staff, make_candidate, today)
    late = full_member(tree["fuzhou_1"], "后转正", made_full=today)
    with pytest.raises(ValidationError) as refused:
        services.admit(
            candidate=candidate,
            day=today - DAY,
            introducers=[full_member(tree["fuzhou_1"], "甲"), late],
            actor=staff,
            **VOTE,
        )
    codes = {error.code for errors in refused.value.error_dict.values() for error in errors}
    assert "introducer_not_yet_full" in codes


def test_admission_puts_the_person_on_the_roster_in_the_same_transaction(tree, staff, make_candidate, today):
    candidate = _admission_ready(tree, staff, make_candidate, today)
    introducers = [full_member(tree["fuzhou_1"], "甲"), full_member(tree["fuzhou_2"], "乙")]
    member = services.admit(candidate=candidate, day=today, introducers=introducers, actor=staff, **VOTE)
    assert (member.status, member.category, member.joined, member.registered_on, member.organization) == (
        Member.Status.PROBATIONARY,
        Member.Category.SELF_MANAGED,
        today,
        today,
        tree["fuzhou_1"],
    )
    assert member.history.first().history_user == staff
    candidate.refresh_from_db()
    assert candidate.member == member and candidate.stage == Stage.PROBATIONARY
    assert candidate.introducers == "甲、乙" and set(candidate.introducer_members.all()) == set(introducers)
    assert Notice.objects.get(candidate=candidate).decided_on == today


def test_probation_is_extended_once_and_by_6_to_12_months(tree, staff, make_candidate, today):
    candidate = make_candidate(tree["fuzhou_1"], stage="probationary", admitted=latest_start(today, 12))
    with pytest.raises(ValidationError) as refused:
        step_services.extend_probation(candidate=candidate, day=today, months=13, actor=staff)
    assert refused.value.error_dict["months"][0].code == "extension_length"
    with pytest.raises(ValidationError) as refused:
        step_services.extend_probation(candidate=candidate, day=today, months=5, actor=staff)
    assert refused.value.error_dict["months"][0].code == "extension_length"
    step_services.extend_probation(candidate=candidate, day=today, months=6, actor=staff)
    with pytest.raises(ValidationError) as refused:
        step_services.extend_probation(
            candidate=Candidate.objects.get(pk=candidate.pk), day=today, months=6, actor=staff
        )
    assert refused.value.error_dict["months"][0].code == "extended_twice"
    assert today.isoformat() in messages_of(refused.value)
    assert Candidate.objects.get(pk=candidate.pk).probation_extension_months == 6


def test_making_full_after_probation_and_notice_sets_the_member_full(tree, staff, make_candidate, today):
    candidate = make_candidate(tree["fuzhou_1"], stage="probationary", admitted=latest_start(today, 12))
    Member.objects.filter(pk=candidate.member_id).update(joined=latest_start(today, 12))
    services.notice_start(
        candidate=candidate, decision="full", starts_on=today - datetime.timedelta(days=12), text="公示", actor=staff
    )
    services.make_full(candidate=Candidate.objects.get(pk=candidate.pk), day=today, actor=staff)
    member = Member.objects.get(pk=candidate.member_id)
    assert member.status == Member.Status.FULL and member.made_full == add_years(
        latest_start(today, 12), 1
    )  # the end of probation
    assert Candidate.objects.get(pk=candidate.pk).full_decided == today


def _probationary_with_full_notice(make_candidate, organization, admitted, staff, notice_starts):
    candidate = make_candidate(organization, stage="probationary", admitted=admitted)
    Member.objects.filter(pk=candidate.member_id).update(joined=admitted, registered_on=admitted)
    services.notice_start(candidate=candidate, decision="full", starts_on=notice_starts, text="公示", actor=staff)
    return Candidate.objects.get(pk=candidate.pk)


def test_made_full_is_the_end_of_probation_not_the_day_of_the_decision(tree, staff, make_candidate, on_day):
    """Issue 22: admitted 2025-10-27, decided 2026-12-06 → 转正时间 2026-10-27 [党章 art. 7; 细则 art. 32];
    the decision's date is kept apart."""
    on_day(datetime.date(2026, 12, 6))
    candidate = _probationary_with_full_notice(
        make_candidate, tree["fuzhou_1"], datetime.date(2025, 10, 27), staff, datetime.date(2026, 11, 20)
    )
    services.make_full(candidate=candidate, day=datetime.date(2026, 12, 6), actor=staff)
    candidate = Candidate.objects.get(pk=candidate.pk)
    assert (candidate.made_full, candidate.full_decided) == (datetime.date(2026, 10, 27), datetime.date(2026, 12, 6))
    assert Member.objects.get(pk=candidate.member_id).made_full == datetime.date(2026, 10, 27)
    assert Notice.objects.get(candidate=candidate).decided_on == datetime.date(2026, 12, 6)
    with pytest.raises(ValidationError):  # the approval follows the decision, not 转正时间
        step_services.record_approval(candidate=candidate, which="full", day=datetime.date(2026, 12, 5), actor=staff)


def test_made_full_after_an_extension_is_the_end_of_the_extended_probation(tree, staff, make_candidate, on_day):
    on_day(datetime.date(2025, 3, 20))
    candidate = make_candidate(
        tree["fuzhou_1"],
        stage="probationary",
        applied=datetime.date(2021, 1, 5),
        talked=datetime.date(2021, 1, 25),
        activist=datetime.date(2021, 3, 1),
        target=datetime.date(2022, 6, 1),
        admitted=datetime.date(2023, 8, 31),
    )
    Member.objects.filter(pk=candidate.member_id).update(
        joined=datetime.date(2023, 8, 31), registered_on=datetime.date(2023, 8, 31)
    )
    step_services.extend_probation(candidate=candidate, day=datetime.date(2024, 9, 2), months=6, actor=staff)
    services.notice_start(
        candidate=candidate, decision="full", starts_on=datetime.date(2025, 3, 1), text="公示", actor=staff
    )
    candidate = Candidate.objects.get(pk=candidate.pk)
    with pytest.raises(ValidationError) as refused:  # 18 months from 31 August end on 1 March, not 28 February
        services.make_full(candidate=candidate, day=datetime.date(2025, 2, 28), actor=staff)
    assert "2025-03-01" in messages_of(refused.value)
    services.make_full(candidate=candidate, day=datetime.date(2025, 3, 15), actor=staff)
    assert Member.objects.get(pk=candidate.member_id).made_full == datetime.date(2025, 3, 1)


def test_an_introducer_is_full_from_the_end_of_probation_not_from_the_decision(tree, staff, make_candidate, on_day):
    """Made full by a decision on 2026-12-06 of a probation that ended 2026-10-27: a full member on
    2026-11-01 (the introducer check follows the corrected 转正时间)."""
    on_day(datetime.date(2026, 12, 6))
    introduced = _probationary_with_full_notice(
        make_candidate, tree["fuzhou_1"], datetime.date(2025, 10, 27), staff, datetime.date(2026, 11, 20)
    )
    services.make_full(candidate=introduced, day=datetime.date(2026, 12, 6), actor=staff)
    introducer = Member.objects.get(pk=introduced.member_id)
    target = make_candidate(tree["fuzhou_1"], stage="target")
    services.notice_start(
        candidate=target, decision="admission", starts_on=datetime.date(2026, 10, 20), text="公示", actor=staff
    )
    services.admit(
        candidate=Candidate.objects.get(pk=target.pk),
        day=datetime.date(2026, 11, 1),
        introducers=[introducer, full_member(tree["fuzhou_1"], "老党员")],
        actor=staff,
        vote_present=1,  # the introducer, self-managed and full since 2026-10-27, is the one with a vote
        vote_for=1,
    )
    assert Candidate.objects.get(pk=target.pk).admitted == datetime.date(2026, 11, 1)


def test_made_full_this_year_counts_the_end_of_probation(tree, staff, make_candidate, on_day):
    """A probation that ended 2026-12-20, decided 2027-01-10: made full in 2026, not in 2027."""
    from registry.development import worklists

    on_day(datetime.date(2027, 1, 10))
    candidate = _probationary_with_full_notice(
        make_candidate, tree["fuzhou_1"], datetime.date(2025, 12, 20), staff, datetime.date(2026, 12, 25)
    )
    services.make_full(candidate=candidate, day=datetime.date(2027, 1, 10), actor=staff)
    totals = worklists.stage_totals(worklists.stage_counts_by_organization(staff, datetime.date(2027, 1, 10)))
    assert totals["made_full_this_year"] == 0 and totals["full"] == 1


def test_an_extension_is_decided_when_the_probation_ends_not_in_its_first_months(tree, staff, make_candidate, today):
    candidate = make_candidate(tree["fuzhou_1"], stage="probationary", admitted=today - datetime.timedelta(days=30))
    with pytest.raises(ValidationError) as refused:
        step_services.extend_probation(candidate=candidate, day=today, months=6, actor=staff)
    assert refused.value.error_dict["date"][0].code == "extension_too_soon"
    assert add_years(candidate.admitted, 1).isoformat() in messages_of(refused.value)
    assert Candidate.objects.get(pk=candidate.pk).probation_extension_months is None


@pytest.mark.parametrize("level", ["temporary_branch", "party_group"])
def test_a_temporary_branch_or_a_party_group_holds_no_candidates_and_admits_nobody(
    tree, staff, make_candidate, today, level
):
    holder = factories.make_organization(f"不能发展{level}", level=level, parent=tree["fuzhou_1"])
    data = {
        "name": "申请人",
        "id_number": factories.make_id_number(birth=datetime.date(1995, 1, 1)),
        "organization": holder,
        "applied": today,
    }
    with pytest.raises(ValidationError) as refused:
        services.candidate_create(data=data, actor=staff)
    assert refused.value.error_dict["organization"][0].code == "organization_cannot_hold"
    assert tree["fuzhou_1"].name in messages_of(refused.value)
    assert not Candidate.objects.filter(organization=holder).exists()
    held = make_candidate(holder, stage="target")  # as an old record may be
    services.notice_start(
        candidate=held, decision="admission", starts_on=today - datetime.timedelta(days=12), text="公示", actor=staff
    )
    with pytest.raises(ValidationError) as refused:
        services.admit(
            candidate=Candidate.objects.get(pk=held.pk),
            day=today,
            introducers=[full_member(tree["fuzhou_1"], "甲"), full_member(tree["fuzhou_1"], "乙")],
            actor=staff,
            **VOTE,
        )
    assert "organization_cannot_hold" in [error.code for error in refused.value.error_dict["date"]]
    assert not Member.objects.filter(id_number=held.id_number).exists()


def test_making_full_before_the_year_is_refused(tree, staff, make_candidate, today):
    candidate = make_candidate(tree["fuzhou_1"], stage="probationary", admitted=latest_start(today, 12) + DAY)
    with pytest.raises(ValidationError) as refused:
        services.make_full(candidate=candidate, day=today, actor=staff)
    assert refused.value.error_dict["date"][0].code == "full_too_soon"
    assert (today + DAY).isoformat() in messages_of(refused.value)


def test_cancelling_takes_the_member_off_the_roster_and_keeps_the_candidate(tree, staff, make_candidate, today):
    candidate = make_candidate(tree["fuzhou_1"], stage="probationary")
    member_id = candidate.member_id
    services.cancel_probation(candidate=candidate, day=today, reason="不履行义务", actor=staff)
    assert not Member.objects.filter(pk=member_id).exists()  # off the roster …
    former = Member.all_members.get(pk=member_id)  # … and kept, a former member with the reason and the day
    assert (former.left_on, former.left_as) == (today, "probation_cancelled")
    assert former.movements.get().kind == "probation_cancelled"
    candidate = Candidate.objects.get(pk=candidate.pk)
    assert candidate.stage == Stage.CANCELLED and candidate.member_id == member_id


def test_approval_is_recorded_once_after_the_decision(tree, staff, make_candidate, today):
    candidate = make_candidate(tree["fuzhou_1"], stage="probationary")
    with pytest.raises(ValidationError):
        step_services.record_approval(candidate=candidate, which="admission", day=candidate.admitted - DAY, actor=staff)
    step_services.record_committee_talk(candidate=candidate, day=today - DAY, actor=staff)
    step_services.record_approval(candidate=candidate, which="admission", day=today, actor=staff)
    with pytest.raises(ValidationError):
        step_services.record_approval(candidate=candidate, which="admission", day=today, actor=staff)
    with pytest.raises(ValidationError):
        step_services.record_approval(candidate=candidate, which="full", day=today, actor=staff)
