"""The writes of the steps around admission and of the probation (docs/lifecycle.md#steps-before-admission,
#probation), each a dated record on the candidate, in order: the political review and the training
of a development target, the grassroots committee's pre-review, the application form (入党志愿书) it
issues, the branch meeting's vote (checked here, recorded with the admission by
registry.development.services.admit), the higher committee's talk, its approval — of the
admission, of an extension, of full membership — and the oath; an extension of the probation.

Keyword-only, one transaction each, the history row written with the change; each checks the rules
of registry.development.rules first (a step needs the steps before it, and is dated on or after
them) and raises a ValidationError whose messages name the step and the step or the date that would
make it possible; nothing is written then.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches import clock
from branches.services import save_with_history
from registry.development import rules, selectors
from registry.development.rules import Refusal, raise_if
from registry.models import Candidate, Stage

# What a step reads of the candidate to check the order: the stages' dates and the steps'.
ORDERED = (*rules.CHAIN, *rules.STEP_FOLLOWS, "probation_extended_on")


def require_stage(candidate: Candidate, *stages: str, field: str = "date") -> None:
    if candidate.stage not in stages:
        raise ValidationError(
            {
                field: ValidationError(
                    _("This step is not possible at the stage %(stage)s.") % {"stage": candidate.get_stage_display()},
                    code="stage",
                )
            }
        )


def recorded(candidate: Candidate) -> dict:
    """The candidate's dates that steps are ordered by (None: not recorded)."""
    return {field: getattr(candidate, field) for field in ORDERED}


def _not_recorded_twice(candidate: Candidate, field: str) -> None:
    if getattr(candidate, field):
        raise ValidationError(
            {
                "date": ValidationError(
                    _("This step was already recorded on %(date)s.") % {"date": rules.iso(getattr(candidate, field))},
                    code="recorded",
                )
            }
        )


def _step(candidate: Candidate, field: str, day: datetime.date, *, stages, extra: list[Refusal] = ()) -> None:
    """The checks every step shares: its stage, once, not in the future, after the steps it follows."""
    require_stage(candidate, *stages)
    _not_recorded_twice(candidate, field)
    refusals = _on_date(rules.future_refusals({field: day}, clock.today()), "date")
    raise_if(refusals + rules.step_refusals(field, day, recorded(candidate)) + [r for r in extra if r])


@transaction.atomic
def record_political_review(*, candidate: Candidate, day: datetime.date, conclusion: str, actor) -> Candidate:
    """The political review (政治审查) of a development target, concluded on `day` [细则 art. 16]."""
    _step(candidate, "political_review_on", day, stages=(Stage.TARGET,))
    candidate.political_review_on, candidate.political_review = day, Candidate.PoliticalReview(conclusion)
    save_with_history(candidate, actor=actor, reason=_("Political review recorded"))
    return candidate


@transaction.atomic
def record_training(*, candidate: Candidate, day: datetime.date, hours: int, actor) -> Candidate:
    """The development target's short training, completed on `day`: at least 3 days or 24 class hours
    [细则 art. 17]."""
    _step(candidate, "training_completed_on", day, stages=(Stage.TARGET,), extra=[rules.training_refusal(hours)])
    candidate.training_completed_on, candidate.training_hours = day, hours
    save_with_history(candidate, actor=actor, reason=_("Training recorded"))
    return candidate


@transaction.atomic
def record_pre_review(*, candidate: Candidate, day: datetime.date, actor) -> Candidate:
    """The grassroots committee's pre-review (预审), after the political review — qualified — and the
    training [细则 art. 16, 17, 19]; the admission's public notice follows it."""
    refusal = rules.political_review_refusal(candidate.political_review, candidate.political_review_on)
    _step(candidate, "pre_reviewed_on", day, stages=(Stage.TARGET,), extra=[refusal])
    candidate.pre_reviewed_on = day
    save_with_history(candidate, actor=actor, reason=_("Pre-review recorded"))
    return candidate


@transaction.atomic
def record_application_form(*, candidate: Candidate, day: datetime.date, number: str, actor) -> Candidate:
    """The application form (入党志愿书), issued after the pre-review, with its number [细则 art. 19]."""
    _step(candidate, "application_form_on", day, stages=(Stage.TARGET,))
    candidate.application_form_on, candidate.application_form_number = day, number.strip()
    save_with_history(candidate, actor=actor, reason=_("Application form recorded"))
    return candidate


@transaction.atomic
def record_committee_talk(*, candidate: Candidate, day: datetime.date, actor) -> Candidate:
    """The talk (谈话) the higher committee has with the new probationary member before it approves
    the admission [党章 art. 5; 细则 art. 23]."""
    _step(candidate, "committee_talk_on", day, stages=(Stage.PROBATIONARY,))
    candidate.committee_talk_on = day
    save_with_history(candidate, actor=actor, reason=_("The higher committee's talk recorded"))
    return candidate


@transaction.atomic
def record_oath(*, candidate: Candidate, day: datetime.date, actor) -> Candidate:
    """The oath (入党宣誓) before the party flag, after the higher committee's approval [党章 art. 6]."""
    _step(candidate, "oath_on", day, stages=(Stage.PROBATIONARY, Stage.FULL))
    candidate.oath_on = day
    save_with_history(candidate, actor=actor, reason=_("Oath recorded"))
    return candidate


def admission_refusals(
    candidate: Candidate, day: datetime.date, vote_present: int | None, vote_for: int | None
) -> tuple[int, list[Refusal]]:
    """What the admission adds to its own rules (registry.development.services.admit): the steps
    before it recorded (the application form, after the pre-review), a qualified political review,
    and the branch meeting's vote carried — the members with a vote counted from the roster on the
    day (selectors.voters_on). Returns (members with a vote, the refusals)."""
    expected = len(selectors.voters_on(candidate.organization, day))
    refusals = rules.step_refusals("admitted", day, recorded(candidate))
    refusal = rules.political_review_refusal(candidate.political_review, candidate.political_review_on)
    refusals += [refusal] if refusal else []
    refusals += rules.vote_refusals(expected, vote_present, vote_for)
    return expected, refusals


def _on_date(refusals: list[Refusal], field: str) -> list[Refusal]:
    return [Refusal(field, refusal.code, refusal.message) for refusal in refusals]


# Which decision an approval is of: the field the approval fills, and the decision's field.
APPROVALS = {
    "admission": ("approved", "admitted"),
    "extension": ("extension_approved", "probation_extended_on"),
    "full": ("full_approved", "full_decided"),
}


@transaction.atomic
def record_approval(*, candidate: Candidate, which: str, day: datetime.date, actor) -> Candidate:
    """The higher committee's approval (上级党委审批) of the admission — after its talk with the new member
    [党章 art. 5; 细则 art. 23, 24] —, of an extension of the probation [细则 art. 33], or of full
    membership, each on or after the branch meeting's decision."""
    field, decision = APPROVALS[which]
    # Full membership is approved after the branch meeting's decision (full_decided; a 转正时间 from a
    # ledger without it stands for it), an extension after its decision (the end of the first year for a
    # ledger's extension without its date).
    decided = getattr(candidate, decision)
    if decided is None and which == "full":
        decided = candidate.made_full
    if decided is None and which == "extension" and candidate.admitted and candidate.probation_extension_months:
        decided = rules.end_of_probation(candidate.admitted)
    if decided is None or (which == "extension" and candidate.cancelled_on):
        raise ValidationError({"date": ValidationError(_("There is no decision to approve yet."), code="stage")})
    if getattr(candidate, field):
        raise ValidationError(
            {
                "date": ValidationError(
                    _("The approval was already recorded on %(date)s.")
                    % {"date": rules.iso(getattr(candidate, field))},
                    code="approved",
                )
            }
        )
    refusals = _on_date(rules.future_refusals({"approved": day}, clock.today()), "date")
    refusal = rules.not_before("approved", day, decision, decided)
    refusals += _on_date([refusal] if refusal else [], "date")
    if which == "admission":
        refusals += rules.step_refusals("approved", day, recorded(candidate))
    raise_if(refusals)
    setattr(candidate, field, day)
    save_with_history(candidate, actor=actor, reason=_("Approval recorded"))
    return candidate


@transaction.atomic
def extend_probation(*, candidate: Candidate, day: datetime.date, months: int, actor) -> Candidate:
    """Probation extended once, by 6 to 12 months, decided by the branch meeting when the probation
    ends [党章 art. 7; 细则 art. 33]; the extended probation ends on admission + a year + the extension."""
    require_stage(candidate, Stage.PROBATIONARY)
    refusals = _on_date(rules.future_refusals({"extended": day}, clock.today()), "date")
    refusals += rules.extension_refusals(candidate, day, months)
    raise_if(refusals)
    candidate.probation_extended_on, candidate.probation_extension_months = day, months
    save_with_history(candidate, actor=actor, reason=_("Probation extended"))
    return candidate
