"""The steps a candidate's page offers, each a form and the one service it calls; which steps a
stage allows. The views look a step up here by the name in its URL."""

from django.utils.translation import gettext_lazy as _

from branches import clock
from branches.steps import Step, steps_by_name
from registry.development import forms, services
from registry.models import Candidate, Stage


def _open_notices(candidate: Candidate) -> bool:
    return any(notice.is_open for notice in candidate.notices.all())


def _open_objections(candidate: Candidate) -> bool:
    return any(o.resolved_on is None for notice in candidate.notices.all() for o in notice.objections.all())


def _at(*stages):
    return lambda candidate: candidate.stage in stages


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
        "admit",
        _("Admit as probationary member"),
        forms.AdmitForm,
        lambda c, data, form, actor: services.admit(
            candidate=c, day=data["date"], introducers=form.introducers(), actor=actor
        ),
        _("Admitted as probationary member and put on the roster."),
        _at(Stage.TARGET),
    ),
    Step(
        "approval",
        _("Record the higher committee's approval"),
        forms.ApprovalForm,
        lambda c, data, form, actor: services.record_approval(
            candidate=c, which=data["which"], day=data["date"], actor=actor
        ),
        _("Approval recorded."),
        lambda c: (c.admitted and not c.approved and not c.cancelled_on) or (c.made_full and not c.full_approved),
    ),
    Step(
        "extend",
        _("Extend the probation"),
        forms.ExtendForm,
        lambda c, data, form, actor: services.extend_probation(
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
    initial = {"date": clock.today()}
    if step.name == "notice":
        decision = NOTICE_FOR_STAGE.get(candidate.stage, "target")
        initial.update(decision=decision, text=forms.default_notice_text(candidate, decision))
    if step.name == "approval":
        initial["which"] = "full" if candidate.made_full else "admission"
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
