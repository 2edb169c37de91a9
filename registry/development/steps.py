"""The steps a candidate's page offers, each a form and the one service it calls; which steps a
stage allows. The views look a step up here by the name in its URL."""

from django.utils.translation import gettext_lazy as _

from branches import clock
from branches.steps import Step, steps_by_name
from registry.development import forms, selectors, services, step_services
from registry.models import Candidate, Stage


def _open_notices(candidate: Candidate) -> bool:
    return any(notice.is_open for notice in candidate.notices.all())


def _open_objections(candidate: Candidate) -> bool:
    return any(o.resolved_on is None for notice in candidate.notices.all() for o in notice.objections.all())


def _at(*stages):
    return lambda candidate: candidate.stage in stages


def _target_without(field: str):
    """A step before admission not yet recorded (docs/lifecycle.md#steps-before-admission)."""
    return lambda candidate: candidate.stage == Stage.TARGET and not getattr(candidate, field)


def _approval_waits(candidate: Candidate) -> bool:
    return bool(
        (candidate.admitted and not candidate.approved and not candidate.cancelled_on)
        or (
            candidate.stage == Stage.PROBATIONARY
            and candidate.probation_extended_on
            and not candidate.extension_approved
        )
        or (candidate.made_full and not candidate.full_approved)
    )


STEPS = steps_by_name(
    Step(
        "talk",
        _("Record the talk"),
        forms.StepForm,
        lambda c, data, form, actor: services.record_talk(candidate=c, day=data["date"], actor=actor),
        _("Talk recorded."),
        lambda c: c.stage == Stage.APPLICANT and not c.talked,
    ),
    Step(
        "activist",
        _("Make an activist"),
        forms.ActivistForm,
        lambda c, data, form, actor: services.make_activist(
            candidate=c, day=data["date"], contact_persons=data["contact_persons"], actor=actor
        ),
        _("Made an activist."),
        _at(Stage.APPLICANT),
    ),
    Step(
        "assessment",
        _("Record an assessment"),
        forms.AssessmentForm,
        lambda c, data, form, actor: services.assessment_add(
            candidate=c, assessed_on=data["date"], assessor=data["assessor"], remark=data["remark"], actor=actor
        ),
        _("Assessment recorded."),
        _at(Stage.ACTIVIST, Stage.TARGET),
    ),
    Step(
        "notice",
        _("Start a public notice"),
        forms.NoticeForm,
        lambda c, data, form, actor: services.notice_start(
            candidate=c, decision=data["decision"], starts_on=data["date"], text=data["text"], actor=actor
        ),
        _("Public notice started."),
        _at(Stage.ACTIVIST, Stage.TARGET, Stage.PROBATIONARY),
    ),
    Step(
        "objection",
        _("Record an objection"),
        forms.ObjectionForm,
        lambda c, data, form, actor: services.objection_add(
            notice=data["notice"], raised_on=data["date"], text=data["text"], actor=actor
        ),
        _("Objection recorded: the decision waits until it is resolved."),
        _open_notices,
    ),
    Step(
        "resolve",
        _("Resolve an objection"),
        forms.ResolveForm,
        lambda c, data, form, actor: services.objection_resolve(
            objection=data["objection"], resolved_on=data["date"], resolution=data["resolution"], actor=actor
        ),
        _("Objection resolved."),
        _open_objections,
    ),
    Step(
        "withdraw",
        _("Withdraw a public notice"),
        forms.WithdrawForm,
        lambda c, data, form, actor: services.notice_withdraw(notice=data["notice"], day=data["date"], actor=actor),
        _("Public notice withdrawn."),
        _open_notices,
    ),
    Step(
        "target",
        _("Make a development target"),
        forms.StepForm,
        lambda c, data, form, actor: services.make_target(candidate=c, day=data["date"], actor=actor),
        _("Made a development target."),
        _at(Stage.ACTIVIST),
    ),
    Step(
        "political_review",
        _("Record the political review"),
        forms.PoliticalReviewForm,
        lambda c, data, form, actor: step_services.record_political_review(
            candidate=c, day=data["date"], conclusion=data["conclusion"], actor=actor
        ),
        _("Political review recorded."),
        _target_without("political_review_on"),
    ),
    Step(
        "training",
        _("Record the training"),
        forms.TrainingForm,
        lambda c, data, form, actor: step_services.record_training(
            candidate=c, day=data["date"], hours=data["hours"], actor=actor
        ),
        _("Training recorded."),
        _target_without("training_completed_on"),
    ),
    Step(
        "pre_review",
        _("Record the committee's pre-review"),
        forms.StepForm,
        lambda c, data, form, actor: step_services.record_pre_review(candidate=c, day=data["date"], actor=actor),
        _("Pre-review recorded."),
        _target_without("pre_reviewed_on"),
    ),
    Step(
        "application_form",
        _("Record the application form"),
        forms.ApplicationFormForm,
        lambda c, data, form, actor: step_services.record_application_form(
            candidate=c, day=data["date"], number=data["number"], actor=actor
        ),
        _("Application form recorded."),
        _target_without("application_form_on"),
    ),
    Step(
        "admit",
        _("Admit as probationary member"),
        forms.AdmitForm,
        lambda c, data, form, actor: services.admit(
            candidate=c,
            day=data["date"],
            introducers=form.introducers(),
            vote_present=data["vote_present"],
            vote_for=data["vote_for"],
            actor=actor,
        ),
        _("Admitted as probationary member and put on the roster."),
        _at(Stage.TARGET),
    ),
    Step(
        "committee_talk",
        _("Record the higher committee's talk"),
        forms.StepForm,
        lambda c, data, form, actor: step_services.record_committee_talk(candidate=c, day=data["date"], actor=actor),
        _("The higher committee's talk recorded."),
        lambda c: c.stage == Stage.PROBATIONARY and not c.committee_talk_on and not c.approved,
    ),
    Step(
        "approval",
        _("Record the higher committee's approval"),
        forms.ApprovalForm,
        lambda c, data, form, actor: step_services.record_approval(
            candidate=c, which=data["which"], day=data["date"], actor=actor
        ),
        _("Approval recorded."),
        _approval_waits,
    ),
    Step(
        "oath",
        _("Record the oath"),
        forms.StepForm,
        lambda c, data, form, actor: step_services.record_oath(candidate=c, day=data["date"], actor=actor),
        _("Oath recorded."),
        lambda c: c.stage in (Stage.PROBATIONARY, Stage.FULL) and c.approved and not c.oath_on,
    ),
    Step(
        "extend",
        _("Extend the probation"),
        forms.ExtendForm,
        lambda c, data, form, actor: step_services.extend_probation(
            candidate=c, day=data["date"], months=data["months"], actor=actor
        ),
        _("Probation extended."),
        _at(Stage.PROBATIONARY),
    ),
    Step(
        "full",
        _("Make a full member"),
        forms.FullForm,
        lambda c, data, form, actor: services.make_full(candidate=c, day=data["date"], actor=actor),
        _("Made a full member."),
        _at(Stage.PROBATIONARY),
    ),
    Step(
        "cancel",
        _("Cancel the probationary status"),
        forms.CancelForm,
        lambda c, data, form, actor: services.cancel_probation(
            candidate=c, day=data["date"], reason=data["reason"], actor=actor
        ),
        _("Probationary status cancelled; the record left the roster."),
        _at(Stage.PROBATIONARY),
    ),
)


NOTICE_FOR_STAGE = {Stage.ACTIVIST: "target", Stage.TARGET: "admission", Stage.PROBATIONARY: "full"}


def step_form(step: Step, candidate: Candidate, user, data=None, introducers=None):
    """The step's form, bound to `data` (a POST) or with today's date and sensible initial values."""
    kwargs = {"candidate": candidate, "user": user, "prefix": step.name}
    if step.form is forms.AdmitForm:
        kwargs["introducers"] = introducers
    if data is not None:
        return step.form(data, **kwargs)
    if step.form is forms.AdmitForm:
        kwargs["voters"] = len(selectors.voters_on(candidate.organization, clock.today()))
    initial = {"date": clock.today()}
    if step.name == "notice":
        decision = NOTICE_FOR_STAGE.get(candidate.stage, "target")
        initial.update(decision=decision, text=forms.default_notice_text(candidate, decision))
    if step.name == "approval":
        initial["which"] = (
            "full"
            if candidate.made_full
            else "extension"
            if candidate.probation_extended_on and not candidate.extension_approved and candidate.approved
            else "admission"
        )
    return step.form(initial=initial, **kwargs)


def available_forms(candidate: Candidate, user, *, bound: tuple[str, object] | None = None, introducers=None) -> list:
    """[(step, form)] for the steps the candidate's stage allows; `bound` (name, form) replaces
    that step's blank form by the one the user sent (with its errors)."""
    result = []
    for step in STEPS.values():
        if bound and bound[0] == step.name:
            result.append((step, bound[1]))
        elif step.available(candidate):
            result.append((step, step_form(step, candidate, user, introducers=introducers)))
    return result
