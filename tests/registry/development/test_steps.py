"""Issue 22: the steps around admission recorded in the registry, in order (a step before the one it
follows refused, naming that step or its date), the branch meeting's vote with who has a vote
counted from the roster, the higher committee's talk before its approval, the oath after it, and an
extension's approval (docs/lifecycle.md#steps-before-admission)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from registry.development import rules, selectors, services, step_services, worklists
from registry.development.rules import add_years, latest_start
from registry.models import Candidate, Discipline, Member, Notice
from tests import factories

DAY = datetime.timedelta(days=1)


def codes(error: ValidationError) -> set[str]:
    return {each.code for errors in error.error_dict.values() for each in errors}


def text(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.fixture
def bare_target(make_candidate, tree):
    """A development target with none of the steps before admission recorded, chosen 200 days ago."""

    def make(**fields):
        candidate = make_candidate(tree["fuzhou_1"], stage="target", **fields)
        Candidate.objects.filter(pk=candidate.pk).update(
            political_review_on=None,
            political_review="",
            training_completed_on=None,
            training_hours=None,
            pre_reviewed_on=None,
            application_form_on=None,
            application_form_number="",
        )
        return Candidate.objects.get(pk=candidate.pk)

    return make


def fresh(candidate) -> Candidate:
    return Candidate.objects.get(pk=candidate.pk)


def test_the_steps_before_admission_are_recorded_in_order(bare_target, staff, today):
    candidate = bare_target(target=today - datetime.timedelta(days=200))
    review_day, training_day = today - datetime.timedelta(days=100), today - datetime.timedelta(days=90)
    with pytest.raises(ValidationError) as refused:  # the pre-review follows the review and the training
        step_services.record_pre_review(candidate=candidate, day=today, actor=staff)
    assert codes(refused.value) == {"missing_step"}
    assert "政治审查" in text(refused.value) and "培训" in text(refused.value)
    with pytest.raises(ValidationError) as refused:  # before the development target's day
        step_services.record_political_review(
            candidate=candidate, day=candidate.target - DAY, conclusion="qualified", actor=staff
        )
    assert codes(refused.value) == {"out_of_order"} and candidate.target.isoformat() in text(refused.value)
    step_services.record_political_review(candidate=candidate, day=review_day, conclusion="qualified", actor=staff)
    with pytest.raises(ValidationError) as refused:
        step_services.record_training(candidate=fresh(candidate), day=training_day, hours=23, actor=staff)
    assert codes(refused.value) == {"training_hours"} and "24" in text(refused.value)
    step_services.record_training(candidate=fresh(candidate), day=training_day, hours=24, actor=staff)
    with pytest.raises(ValidationError) as refused:  # the day before the training: refused with its day
        step_services.record_pre_review(candidate=fresh(candidate), day=training_day - DAY, actor=staff)
    assert codes(refused.value) == {"out_of_order"} and training_day.isoformat() in text(refused.value)
    step_services.record_pre_review(candidate=fresh(candidate), day=training_day, actor=staff)
    step_services.record_application_form(
        candidate=fresh(candidate), day=training_day + DAY, number=" 2026001 ", actor=staff
    )
    candidate = fresh(candidate)
    assert (candidate.pre_reviewed_on, candidate.application_form_number) == (training_day, "2026001")
    assert candidate.history.first().history_change_reason == "记录入党志愿书"
    with pytest.raises(ValidationError) as refused:  # once
        step_services.record_political_review(candidate=candidate, day=today, conclusion="qualified", actor=staff)
    assert codes(refused.value) == {"recorded"}


def test_a_political_review_not_qualified_stops_the_pre_review(bare_target, staff, today):
    candidate = bare_target()
    step_services.record_political_review(
        candidate=candidate, day=today - DAY * 30, conclusion="not_qualified", actor=staff
    )
    step_services.record_training(candidate=fresh(candidate), day=today - DAY * 20, hours=24, actor=staff)
    with pytest.raises(ValidationError) as refused:
        step_services.record_pre_review(candidate=fresh(candidate), day=today, actor=staff)
    assert codes(refused.value) == {"political_review_not_qualified"}
    assert fresh(candidate).pre_reviewed_on is None


def test_the_admission_notice_follows_the_pre_review(bare_target, staff, today):
    candidate = bare_target()
    with pytest.raises(ValidationError) as refused:
        services.notice_start(candidate=candidate, decision="admission", starts_on=today, text="公示", actor=staff)
    assert codes(refused.value) == {"missing_step"} and "预审" in text(refused.value)
    assert not Notice.objects.filter(candidate=candidate).exists()


def _ready_to_admit(make_candidate, tree, staff, today):
    candidate = make_candidate(tree["fuzhou_1"], stage="target")
    services.notice_start(
        candidate=candidate, decision="admission", starts_on=today - DAY * 15, text="公示", actor=staff
    )
    return fresh(candidate)


def _introducers(tree):
    return [factories.make_member(tree["fuzhou_1"], name=name) for name in ("介绍人甲", "介绍人乙")]


def test_who_has_a_vote_is_counted_from_the_roster(tree, make_voters, today):
    """Full members held here, full on the day, not under 留党察看 — of the branch and its party groups."""
    voters = make_voters(tree["fuzhou_1"], 3)
    group = factories.make_organization("第一党小组", level="party_group", parent=tree["fuzhou_1"])
    in_group = make_voters(group, 1)
    factories.make_member(tree["fuzhou_1"], name="流动党员")  # registered mobile: votes at home
    factories.make_member(
        tree["fuzhou_1"],
        name="预备党员",
        category=Member.Category.SELF_MANAGED,
        status=Member.Status.PROBATIONARY,
        joined=today - DAY * 100,
        made_full=None,
    )
    factories.make_member(tree["fuzhou_1"], name="后转正", category=Member.Category.SELF_MANAGED, made_full=today)
    make_voters(tree["fuzhou_2"], 2)  # another branch
    Discipline.objects.create(
        member=voters[0],
        kind=Discipline.Kind.PROBATION,
        date=today,
        deciding_organization="某区纪委",
        breach=Discipline.Breach.INTEGRITY,
        term_years=1,
    )
    yesterday = {member.name for member in selectors.voters_on(tree["fuzhou_1"], today - DAY)}
    assert yesterday == {voters[0].name, voters[1].name, voters[2].name, in_group[0].name}
    # today the first is under 留党察看 and has no vote; the one made full today has one
    counted = {member.name for member in selectors.voters_on(tree["fuzhou_1"], today)}
    assert counted == {voters[1].name, voters[2].name, in_group[0].name, "后转正"}


def test_the_admission_is_carried_by_more_than_half_of_those_with_a_vote(
    tree, staff, make_candidate, make_voters, today
):
    make_voters(tree["fuzhou_1"], 4)  # 4 with a vote: 3 must be present, 3 must vote for
    candidate = _ready_to_admit(make_candidate, tree, staff, today)
    introducers = _introducers(tree)
    with pytest.raises(ValidationError) as refused:  # 2 of 4 present: not more than half
        services.admit(candidate=candidate, day=today, introducers=introducers, actor=staff, vote_present=2, vote_for=2)
    assert codes(refused.value) == {"vote_not_carried"} and "3" in text(refused.value)
    with pytest.raises(ValidationError) as refused:  # 4 present, 2 for: half of those with a vote is not enough
        services.admit(candidate=candidate, day=today, introducers=introducers, actor=staff, vote_present=4, vote_for=2)
    assert codes(refused.value) == {"vote_not_carried"}
    with pytest.raises(ValidationError) as refused:
        services.admit(candidate=candidate, day=today, introducers=introducers, actor=staff, vote_present=5, vote_for=3)
    assert codes(refused.value) == {"vote_counts"}
    assert not Member.objects.filter(id_number=candidate.id_number).exists()
    # 3 present and a written opinion for from one who could not come: 4 votes for [细则 art. 21]
    services.admit(candidate=candidate, day=today, introducers=introducers, actor=staff, vote_present=3, vote_for=4)
    candidate = fresh(candidate)
    assert (candidate.vote_expected, candidate.vote_present, candidate.vote_for) == (4, 3, 4)


def test_the_admission_needs_the_steps_before_it(tree, staff, make_candidate, make_voters, today):
    make_voters(tree["fuzhou_1"], 3)
    candidate = _ready_to_admit(make_candidate, tree, staff, today)
    Candidate.objects.filter(pk=candidate.pk).update(application_form_on=None, application_form_number="")
    with pytest.raises(ValidationError) as refused:
        services.admit(
            candidate=fresh(candidate),
            day=today,
            introducers=_introducers(tree),
            actor=staff,
            vote_present=3,
            vote_for=3,
        )
    assert codes(refused.value) == {"missing_step"} and "入党志愿书" in text(refused.value)


def test_the_talk_comes_before_the_approval_and_the_oath_after_it(tree, staff, make_candidate, today):
    candidate = make_candidate(tree["fuzhou_1"], stage="probationary")
    with pytest.raises(ValidationError) as refused:
        step_services.record_approval(candidate=candidate, which="admission", day=today, actor=staff)
    assert codes(refused.value) == {"missing_step"} and "谈话" in text(refused.value)
    with pytest.raises(ValidationError) as refused:
        step_services.record_oath(candidate=candidate, day=today, actor=staff)
    assert codes(refused.value) == {"missing_step"}
    talk = candidate.admitted + DAY * 10
    with pytest.raises(ValidationError) as refused:
        step_services.record_committee_talk(candidate=candidate, day=candidate.admitted - DAY, actor=staff)
    assert codes(refused.value) == {"out_of_order"} and candidate.admitted.isoformat() in text(refused.value)
    step_services.record_committee_talk(candidate=candidate, day=talk, actor=staff)
    with pytest.raises(ValidationError) as refused:
        step_services.record_approval(candidate=fresh(candidate), which="admission", day=talk - DAY, actor=staff)
    assert "out_of_order" in codes(refused.value) and talk.isoformat() in text(refused.value)
    step_services.record_approval(candidate=fresh(candidate), which="admission", day=talk + DAY * 20, actor=staff)
    with pytest.raises(ValidationError):
        step_services.record_oath(candidate=fresh(candidate), day=talk + DAY * 19, actor=staff)
    step_services.record_oath(candidate=fresh(candidate), day=talk + DAY * 30, actor=staff)
    assert fresh(candidate).oath_on == talk + DAY * 30


def test_an_extension_is_approved_after_its_decision_and_waits_on_the_work_list(tree, staff, make_candidate, today):
    admitted = latest_start(today - DAY * 20, 12)
    candidate = make_candidate(tree["fuzhou_1"], stage="probationary", admitted=admitted, approved=admitted + DAY * 40)
    decided = add_years(admitted, 1) + DAY * 3
    step_services.extend_probation(candidate=candidate, day=decided, months=6, actor=staff)
    waiting = worklists.WORKLISTS["approvals_waiting"].query(staff, today)
    assert list(waiting) == [fresh(candidate)]
    page = list(waiting)
    worklists.with_due_dates(page, "approvals_waiting", today)
    assert page[0].due == rules.approval_deadline(decided) and str(page[0].approval_of) == "延长预备期"
    with pytest.raises(ValidationError) as refused:
        step_services.record_approval(candidate=fresh(candidate), which="extension", day=decided - DAY, actor=staff)
    assert decided.isoformat() in text(refused.value)
    step_services.record_approval(candidate=fresh(candidate), which="extension", day=decided + DAY * 5, actor=staff)
    assert fresh(candidate).extension_approved == decided + DAY * 5
    assert not worklists.WORKLISTS["approvals_waiting"].query(staff, today).exists()


def test_the_steps_through_the_page(client_for, secretary_a, tree, bare_target, today):
    candidate = bare_target()
    client = client_for(secretary_a)
    url = reverse("registry:candidate_step", args=[candidate.pk, "pre_review"])
    refused = client.post(url, {"pre_review-date": today.isoformat()})
    assert refused.status_code == 200 and "政治审查" in refused.content.decode()
    assert fresh(candidate).pre_reviewed_on is None
    response = client.post(
        reverse("registry:candidate_step", args=[candidate.pk, "political_review"]),
        {"political_review-date": today.isoformat(), "political_review-conclusion": "qualified"},
    )
    assert response.status_code == 302
    assert fresh(candidate).political_review_on == today
    page = client.get(reverse("registry:candidate_detail", args=[candidate.pk])).content.decode()
    assert 'id="step-training"' in page and 'id="step-political_review"' not in page
