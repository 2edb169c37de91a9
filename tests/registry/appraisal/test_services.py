"""Recording a round and grading it (registry/appraisal/services.py): the cap over the full members
taking part, probationary members not graded, the outcomes of 不合格 — 限期改正 with its deadline, or a
departure recorded as the member's movement (only where membership is held here) — and nothing
written when anything is refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from registry.appraisal import services
from registry.models import AppraisalResult, AppraisalRound, Member, Movement
from tests.registry.appraisal.helpers import DAYS, YEAR, full, grade, held_here, make_round, probationary

pytestmark = pytest.mark.django_db


def refusal_codes(error: ValidationError) -> dict:
    return {key: {each.code for each in errors} for key, errors in error.error_dict.items()}


def test_one_round_per_organization_and_year(tree):
    make_round(tree["fuzhou_1"])
    with pytest.raises(ValidationError):
        make_round(tree["fuzhou_1"])
    make_round(tree["fuzhou_2"])
    assert AppraisalRound.objects.count() == 2


def test_a_party_group_holds_no_round(tree):
    from tests import factories

    group = factories.make_organization("第一党小组", level="party_group", parent=tree["fuzhou_1"])
    with pytest.raises(ValidationError) as refused:
        make_round(group)
    assert refusal_codes(refused.value) == {"organization": {"organization_cannot_appraise"}}


def test_exactly_a_third_of_the_full_members_may_be_excellent(tree):
    members = [full(tree["fuzhou_1"]) for _ in range(9)]
    learner = probationary(tree["fuzhou_1"])  # takes part, not counted
    appraisal_round = make_round(tree["fuzhou_1"])
    grades = {member: ("excellent" if index < 3 else "qualified") for index, member in enumerate(members)}
    assert grade(appraisal_round, {**grades, learner: ""}) == 10
    assert AppraisalResult.objects.filter(grade="excellent").count() == 3

    grades[members[3]] = "excellent"  # a fourth of nine
    with pytest.raises(ValidationError) as refused:
        grade(appraisal_round, grades)
    assert refusal_codes(refused.value) == {"__all__": {"excellent_over_third"}}
    assert AppraisalResult.objects.filter(grade="excellent").count() == 3  # nothing written


def test_the_cap_rounds_down_and_counts_the_members_not_posted(tree):
    members = [full(tree["fuzhou_1"]) for _ in range(5)]
    appraisal_round = make_round(tree["fuzhou_1"])
    grade(appraisal_round, dict.fromkeys(members, "qualified"))
    grade(appraisal_round, {members[0]: "excellent"})  # a third of 5 is 1
    with pytest.raises(ValidationError) as refused:
        grade(appraisal_round, {members[1]: "excellent"})  # the first is still excellent
    assert refusal_codes(refused.value) == {"__all__": {"excellent_over_third"}}


def test_leaving_a_member_out_of_the_round_lowers_the_cap(tree):
    members = [full(tree["fuzhou_1"]) for _ in range(3)]
    appraisal_round = make_round(tree["fuzhou_1"])
    grade(appraisal_round, {members[0]: "excellent", members[1]: "qualified", members[2]: "qualified"})
    with pytest.raises(ValidationError):
        grade(appraisal_round, {members[2]: {"took_part": False}})  # 1 excellent of 2
    grade(appraisal_round, {members[0]: "qualified", members[2]: {"took_part": False}})
    assert set(appraisal_round.results.values_list("member_id", flat=True)) == {members[0].pk, members[1].pk}


def test_a_probationary_member_takes_part_without_a_grade(tree):
    learner, member = probationary(tree["fuzhou_1"]), full(tree["fuzhou_1"])
    appraisal_round = make_round(tree["fuzhou_1"])
    with pytest.raises(ValidationError) as refused:
        grade(appraisal_round, {learner: "qualified", member: "qualified"})
    assert refusal_codes(refused.value) == {f"grade_{learner.pk}": {"probationary_graded"}}
    assert not AppraisalResult.objects.exists()
    grade(appraisal_round, {learner: {"votes": (1, 2, 0, 0)}, member: "qualified"})
    result = AppraisalResult.objects.get(member=learner)
    assert (result.grade, result.votes) == ("", (1, 2, 0, 0))


def test_a_member_made_full_after_the_decision_was_probationary_in_that_round(tree):
    member = full(tree["fuzhou_1"], joined=datetime.date(2025, 1, 10), made_full=datetime.date(2026, 1, 10))
    with pytest.raises(ValidationError):
        grade(make_round(tree["fuzhou_1"]), {member: "qualified"})


def test_correction_within_a_deadline(tree):
    members = [full(tree["fuzhou_1"]) for _ in range(3)]
    appraisal_round = make_round(tree["fuzhou_1"])
    with pytest.raises(ValidationError) as refused:
        grade(appraisal_round, {members[0]: {"grade": "unqualified", "outcome": "correction"}})
    assert refusal_codes(refused.value) == {f"deadline_{members[0].pk}": {"deadline_required"}}
    with pytest.raises(ValidationError) as refused:
        grade(
            appraisal_round,
            {members[1]: {"grade": "qualified", "outcome": "correction", "deadline": DAYS["decided_on"]}},
        )
    assert refusal_codes(refused.value) == {
        f"outcome_{members[1].pk}": {"outcome_without_unqualified"},
        f"deadline_{members[1].pk}": {"deadline_before_decision"},
    }
    deadline = datetime.date(YEAR + 1, 3, 31)
    grade(appraisal_round, {members[0]: {"grade": "unqualified", "outcome": "correction", "deadline": deadline}})
    result = AppraisalResult.objects.get(member=members[0])
    assert (result.outcome, result.correction_deadline, result.movement) == ("correction", deadline, None)
    assert Member.objects.filter(pk=members[0].pk).exists()  # stays on the roster


@pytest.mark.parametrize("outcome", ["persuaded", "persuasion_refused", "lapsed"])
def test_a_departure_is_the_members_movement_of_that_kind(tree, staff, outcome):
    member, other = held_here(tree["fuzhou_1"]), full(tree["fuzhou_1"])
    appraisal_round = make_round(tree["fuzhou_1"])
    grade(appraisal_round, {member: {"grade": "unqualified", "outcome": outcome}, other: "qualified"}, actor=staff)
    result = AppraisalResult.objects.get(member=member)
    movement = Movement.objects.get(member=member)
    assert result.movement == movement
    assert (movement.kind, movement.date) == (outcome, DAYS["decided_on"])
    former = Member.all_members.get(pk=member.pk)
    assert (former.left_on, former.left_as) == (DAYS["decided_on"], outcome)
    # the result of a member who left by it stays as it is; the others may still change
    with pytest.raises(ValidationError) as refused:
        grade(
            appraisal_round,
            {former: {"grade": "unqualified", "outcome": "correction", "deadline": datetime.date(2026, 3, 1)}},
        )
    assert refusal_codes(refused.value) == {f"grade_{member.pk}": {"departure_recorded"}}
    grade(appraisal_round, {other: "basically_qualified"})
    with pytest.raises(ValidationError) as refused:
        services.round_update(
            appraisal_round=appraisal_round, data={"decided_on": datetime.date(2025, 12, 28)}, actor=None
        )
    assert refusal_codes(refused.value) == {"decided_on": {"departure_recorded"}}


def test_no_departure_for_a_member_held_elsewhere_nor_without_the_decision_day(tree):
    mobile, own = full(tree["fuzhou_1"]), held_here(tree["fuzhou_1"])  # a registered mobile member, a self-managed one
    appraisal_round = make_round(tree["fuzhou_1"])
    with pytest.raises(ValidationError) as refused:
        grade(appraisal_round, {mobile: {"grade": "unqualified", "outcome": "persuaded"}})
    assert refusal_codes(refused.value) == {f"outcome_{mobile.pk}": {"not_held_here"}}
    undecided = make_round(tree["fuzhou_2"], year=YEAR, study_on=datetime.date(2025, 11, 1))
    stranger = held_here(tree["fuzhou_2"])
    with pytest.raises(ValidationError) as refused:
        grade(undecided, {stranger: {"grade": "unqualified", "outcome": "lapsed"}})
    assert refusal_codes(refused.value) == {f"outcome_{stranger.pk}": {"decision_day_required"}}
    assert not Movement.objects.exists() and not AppraisalResult.objects.exists()
    assert own.left_on is None


def test_a_member_of_another_branch_is_not_graded_here(tree):
    stranger = full(tree["putian"])
    with pytest.raises(ValidationError) as refused:
        grade(make_round(tree["fuzhou_1"]), {stranger: "qualified"})
    assert {each.code for each in refused.value.error_dict["__all__"]} == {"not_member_of_organization"}


def test_a_party_groups_members_are_appraised_in_its_branch(tree):
    from tests import factories

    group = factories.make_organization("第一党小组", level="party_group", parent=tree["fuzhou_1"])
    member = full(group)
    grade(make_round(tree["fuzhou_1"]), {member: "qualified"})
    assert AppraisalResult.objects.get().member == member


def test_every_write_keeps_its_history(tree, staff):
    member = full(tree["fuzhou_1"])
    appraisal_round = make_round(tree["fuzhou_1"])
    grade(appraisal_round, {member: "qualified"}, actor=staff)
    grade(appraisal_round, {member: "basically_qualified"}, actor=staff)
    result = AppraisalResult.objects.get()
    assert [row.grade for row in result.history.order_by("history_id")] == ["qualified", "basically_qualified"]
    assert result.history.latest("history_id").history_user == staff
    grade(appraisal_round, {member: {"took_part": False}}, actor=staff)
    assert not AppraisalResult.objects.exists()
    assert AppraisalResult.history.filter(history_type="-").count() == 1
