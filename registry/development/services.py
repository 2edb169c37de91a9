"""Every write to candidates, their assessments, notices and objections. Keyword-only, one
transaction each, the history row written with the change (branches.services.save_with_history).

Each step checks the rules of registry.development.rules first and raises a ValidationError whose
messages name the rule and the date that would make the step possible; nothing is written then.
Admission puts the person on the roster through registry.members.services.member_create in the
same transaction (docs/lifecycle.md#admission).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches import access, clock
from branches.services import apply_changes, save_with_history, update_with_history
from registry.development import rules, step_services
from registry.development.rules import Refusal, raise_if
from registry.development.step_services import require_stage
from registry.idnumbers import normalize_id_number
from registry.members import rules as member_rules
from registry.members import services as member_services
from registry.models import Assessment, Candidate, Member, Movement, Notice, Objection, Stage
from registry.movements import rules as movement_rules
from registry.movements import services as movement_services
from registry.sendbacks import services as sendback_services
from spreadsheets.dates import DAY


def _remap(refusals: list[Refusal], field: str) -> list[Refusal]:
    """The refusals of one step, shown next to the form's date field."""
    return [Refusal(field, refusal.code, refusal.message) for refusal in refusals]


def _on_roster_refusal(id_number: str, actor) -> list[Refusal]:
    """A member is not a candidate. Named to whoever sees them; to a secretary of another branch,
    only that the number is a member's of an organization they do not keep (issue 20 §3)."""
    member = Member.objects.filter(id_number=id_number).only("id", "name", "organization_id").first()
    if member is None:
        return []
    if actor is not None and not access.visible_organizations(actor).filter(pk=member.organization_id).exists():
        message = _(
            "This person is already on the roster, in an organization you do not keep: a member is not a candidate."
        )
    else:
        message = _("%(name)s (this ID number) is already on the roster: a member is not a candidate.") % {
            "name": member.name
        }
    return [Refusal("id_number", "on_roster", message)]


def _holder_refusals(organization) -> list[Refusal]:
    refusal = rules.holder_refusal(organization)
    return [refusal] if refusal else []


# --- candidates -----------------------------------------------------------------------------------


@transaction.atomic
def candidate_create(*, data: dict, actor) -> Candidate:
    """A new applicant (入党申请人), with the application date and, where known, the talk."""
    data = dict(data)
    data["id_number"] = normalize_id_number(data.get("id_number", ""))
    candidate = Candidate(**data)
    refusals = _on_roster_refusal(candidate.id_number, actor) + _holder_refusals(candidate.organization)
    refusals += rules.history_refusals(
        {"applied": candidate.applied, "talked": candidate.talked}, id_number=candidate.id_number, today=clock.today()
    )
    raise_if(refusals)
    save_with_history(candidate, actor=actor)
    return candidate


@transaction.atomic
def candidate_update(*, candidate: Candidate, data: dict, actor, version: str | None = None) -> list[str]:
    """The candidate's details (name, phone, notes); the stages change only through their steps."""
    changed = update_with_history(
        candidate, changes=data, actor=actor, version=version, only=("name", "phone", "notes")
    )
    if changed:  # a question the committee sent back on this record is settled: "corrected"
        sendback_services.record_corrected(kind="candidate", record=candidate, actor=actor)
    return changed


@transaction.atomic
def record_talk(*, candidate: Candidate, day: datetime.date, actor) -> Candidate:
    """The talk (谈话) with an applicant, due within a month of the application."""
    refusals = _remap(rules.future_refusals({"talked": day}, clock.today()), "date")
    refusal = rules.not_before("talked", day, "applied", candidate.applied)
    raise_if(refusals + _remap([refusal] if refusal else [], "date"))
    candidate.talked = day
    save_with_history(candidate, actor=actor, reason=_("Talk recorded"))
    return candidate


def _rights_back(members, day: datetime.date) -> dict:
    """Member pk → the day their rights come back, for those under 留党察看 on `day`."""
    found = {}
    for member in members:
        record = member_rules.probation_on(member, day)
        if record is not None:
            found[member.pk] = record.ends_on
    return found


def _contact_persons_under_probation(names: list[str], day: datetime.date) -> dict:
    """Contact persons are named; a name is refused when every roster member of that name is under
    留党察看 on `day` (a name nobody on the roster has is the form's own business)."""
    members = Member.objects.filter(name__in=names).prefetch_related("disciplines")
    by_name = {}
    for member in members:
        by_name.setdefault(member.name, []).append(member)
    found = {}
    for name, namesakes in by_name.items():
        records = [member_rules.probation_on(member, day) for member in namesakes]
        if all(records):
            found[name] = min(record.ends_on for record in records)
    return found


@transaction.atomic
def make_activist(*, candidate: Candidate, day: datetime.date, contact_persons: list[str], actor) -> Candidate:
    """Applicant → activist (入党积极分子), with one or two contact persons (培养联系人)."""
    require_stage(candidate, Stage.APPLICANT)
    refusals = _remap(rules.future_refusals({"activist": day}, clock.today()), "date")
    refusal = rules.not_before("activist", day, "applied", candidate.applied)
    refusals += _remap([refusal] if refusal else [], "date")
    refusal = rules.contact_persons_refusal(contact_persons)
    refusals += [refusal] if refusal else []
    refusals += rules.contact_person_probation_refusals(_contact_persons_under_probation(contact_persons, day))
    raise_if(refusals)
    candidate.activist = day
    candidate.contact_persons = "、".join(contact_persons)
    save_with_history(candidate, actor=actor, reason=_("Made an activist"))
    return candidate


@transaction.atomic
def assessment_add(
    *, candidate: Candidate, assessed_on: datetime.date, assessor: str, remark: str, actor
) -> Assessment:
    """A half-yearly assessment (考察) of an activist or development target."""
    require_stage(candidate, Stage.ACTIVIST, Stage.TARGET, field="assessed_on")
    refusals = _remap(rules.future_refusals({"assessed": assessed_on}, clock.today()), "assessed_on")
    refusal = rules.not_before("assessed", assessed_on, "activist", candidate.activist)
    raise_if(refusals + _remap([refusal] if refusal else [], "assessed_on"))
    assessment = Assessment(
        candidate=candidate, assessed_on=assessed_on, assessor=assessor.strip(), remark=remark.strip()
    )
    save_with_history(assessment, actor=actor)
    return assessment


# --- public notices and objections ----------------------------------------------------------------

# The stage a candidate is at when each decision's notice may start.
NOTICE_STAGE = {
    Notice.Decision.TARGET: Stage.ACTIVIST,
    Notice.Decision.ADMISSION: Stage.TARGET,
    Notice.Decision.FULL: Stage.PROBATIONARY,
}


def open_notice(candidate: Candidate, decision: str) -> Notice | None:
    """The decision's notice that is neither decided nor withdrawn (with its objections)."""
    return (
        Notice.objects.filter(
            candidate=candidate, decision=decision, decided_on__isnull=True, withdrawn_on__isnull=True
        )
        .prefetch_related("objections")
        .order_by("-starts_on", "-id")
        .first()
    )


@transaction.atomic
def notice_start(*, candidate: Candidate, decision: str, starts_on: datetime.date, text: str, actor) -> Notice:
    """A public notice (公示) for one of the three decisions, REGISTRY_NOTICE_DAYS long [002]."""
    decision = Notice.Decision(decision)
    require_stage(candidate, NOTICE_STAGE[decision], field="decision")
    stage_date = {
        Notice.Decision.TARGET: ("activist", candidate.activist),
        Notice.Decision.ADMISSION: ("target", candidate.target),
        Notice.Decision.FULL: ("admitted", candidate.admitted),
    }[decision]
    refusal = rules.not_before("notice", starts_on, *stage_date)
    refusals = [Refusal("starts_on", refusal.code, refusal.message)] if refusal else []
    # The admission's notice follows the committee's pre-review (docs/lifecycle.md#steps-before-admission).
    if decision == Notice.Decision.ADMISSION:
        recorded = step_services.recorded(candidate)
        refusals += _remap(
            rules.step_refusals("notice", starts_on, recorded, follows=("pre_reviewed_on",)), "starts_on"
        )
    existing = open_notice(candidate, decision)
    if existing is not None:
        refusals.append(
            Refusal(
                "decision",
                "notice_exists",
                _(
                    "A public notice for this decision started on %(date)s is still open: record the decision "
                    "or withdraw it first."
                )
                % {"date": rules.iso(existing.starts_on)},
            )
        )
    raise_if(refusals)
    notice = Notice(
        candidate=candidate,
        decision=decision,
        starts_on=starts_on,
        last_day=Notice.last_day_for(starts_on),
        text=text.strip(),
    )
    save_with_history(notice, actor=actor)
    return notice


@transaction.atomic
def notice_withdraw(*, notice: Notice, day: datetime.date, actor) -> Notice:
    if not notice.is_open:
        raise ValidationError(_("This public notice is already closed."), code="notice_closed")
    refusal = rules.not_before("withdrawn", day, "notice", notice.starts_on)
    raise_if(_remap([refusal] if refusal else [], "date"))
    notice.withdrawn_on = day
    save_with_history(notice, actor=actor)
    return notice


@transaction.atomic
def objection_add(*, notice: Notice, raised_on: datetime.date, text: str, actor) -> Objection:
    """An objection (异议) raised during the notice; the decision waits until it is resolved."""
    if not notice.is_open:
        raise ValidationError(
            {"notice": ValidationError(_("This public notice is already closed."), code="notice_closed")}
        )
    refusal = rules.objection_refusal(notice, raised_on)
    refusals = [refusal] if refusal else []
    refusals += _remap(rules.future_refusals({"raised": raised_on}, clock.today()), "raised_on")
    raise_if(refusals)
    objection = Objection(notice=notice, raised_on=raised_on, text=text.strip())
    save_with_history(objection, actor=actor)
    return objection


@transaction.atomic
def objection_resolve(*, objection: Objection, resolved_on: datetime.date, resolution: str, actor) -> Objection:
    if objection.resolved_on:
        raise ValidationError(
            {
                "objection": ValidationError(
                    _("This objection was already resolved on %(date)s.") % {"date": rules.iso(objection.resolved_on)},
                    code="resolved",
                )
            }
        )
    refusals = _remap(rules.future_refusals({"resolved": resolved_on}, clock.today()), "resolved_on")
    if resolved_on < objection.raised_on:
        refusals.append(
            Refusal(
                "resolved_on",
                "out_of_order",
                _("An objection is resolved on or after the day it was raised, %(date)s.")
                % {"date": rules.iso(objection.raised_on)},
            )
        )
    raise_if(refusals)
    objection.resolved_on, objection.resolution = resolved_on, resolution.strip()
    save_with_history(objection, actor=actor)
    return objection


def _decision_refusals(candidate: Candidate, decision: str, day: datetime.date) -> tuple[Notice | None, list[Refusal]]:
    notice = open_notice(candidate, decision)
    refusal = rules.notice_refusal(notice, Notice.Decision(decision).label, day, clock.today())
    return notice, [refusal] if refusal else []


def _close(notice: Notice, day: datetime.date, actor) -> None:
    notice.decided_on = day
    save_with_history(notice, actor=actor)


# --- the three decisions and what follows -------------------------------------------------------


@transaction.atomic
def make_target(*, candidate: Candidate, day: datetime.date, actor) -> Candidate:
    """Activist → development target (发展对象): a year after becoming an activist [细则], after a notice."""
    require_stage(candidate, Stage.ACTIVIST)
    refusals = _remap(rules.future_refusals({"target": day}, clock.today()), "date")
    refusal = rules.target_refusal(candidate.activist, day)
    refusals += _remap([refusal] if refusal else [], "date")
    notice, notice_refusals = _decision_refusals(candidate, Notice.Decision.TARGET, day)
    raise_if(refusals + notice_refusals)
    candidate.target = day
    save_with_history(candidate, actor=actor, reason=_("Made a development target"))
    _close(notice, day, actor)
    return candidate


@transaction.atomic
def admit(
    *,
    candidate: Candidate,
    day: datetime.date,
    introducers: list[Member],
    actor,
    vote_present: int | None = None,
    vote_for: int | None = None,
) -> Member:
    """Development target → probationary member (预备党员): the branch meeting's vote on `day`, carried
    (the members with a vote counted from the roster), after the steps before it and a notice, with
    two introducers who are full members on that day. Puts the person on the roster: probationary,
    self-managed, 入党时间 and 登记时间 = the admission date (docs/lifecycle.md#admission)."""
    require_stage(candidate, Stage.TARGET)
    refusals = _remap(rules.future_refusals({"admitted": day}, clock.today()), "date")
    refusal = rules.not_before("admitted", day, "target", candidate.target)
    refusals += _remap([refusal] if refusal else [], "date")
    notice, notice_refusals = _decision_refusals(candidate, Notice.Decision.ADMISSION, day)
    refusals += notice_refusals + rules.introducer_refusals(introducers, day, _rights_back(introducers, day))
    refusals += _on_roster_refusal(candidate.id_number, actor) + _remap(
        _holder_refusals(candidate.organization), "date"
    )
    expected, step_refusals = step_services.admission_refusals(candidate, day, vote_present, vote_for)
    raise_if(refusals + step_refusals)
    member = member_services.member_create(
        data={
            "name": candidate.name,
            "id_number": candidate.id_number,
            "organization": candidate.organization,
            "category": Member.Category.SELF_MANAGED,
            "status": Member.Status.PROBATIONARY,
            "joined": day,
            "joined_precision": DAY,
            "registered_on": day,
            "phone": candidate.phone,
        },
        actor=actor,
    )
    candidate.admitted, candidate.member = day, member
    candidate.vote_expected, candidate.vote_present, candidate.vote_for = expected, vote_present, vote_for
    candidate.introducers = "、".join(introducer.name for introducer in introducers)
    save_with_history(candidate, actor=actor, reason=_("Admitted as probationary member"))
    candidate.introducer_members.set(introducers)
    _close(notice, day, actor)
    return member


def _member_of(candidate: Candidate) -> Member:
    if candidate.member_id is None:
        raise ValidationError(
            {
                "date": ValidationError(
                    _("This candidate's record on the roster is gone: the step cannot change it."), code="no_member"
                )
            }
        )
    return candidate.member


@transaction.atomic
def make_full(*, candidate: Candidate, day: datetime.date, actor) -> Candidate:
    """Probationary → full member (转正): the branch meeting decides on `day`, on or after the end of
    the probation (a year, or as extended), after a notice. 转正时间 — the candidate's and the
    member's — is the day the probation ended, not `day` [党章 art. 7; 细则 art. 32]; `day` is kept
    as the decision's date (full_decided)."""
    require_stage(candidate, Stage.PROBATIONARY)
    refusals = _remap(rules.future_refusals({"made_full": day}, clock.today()), "date")
    refusal = rules.full_refusal(candidate.admitted, day, candidate.probation_extension_months)
    refusals += _remap([refusal] if refusal else [], "date")
    notice, notice_refusals = _decision_refusals(candidate, Notice.Decision.FULL, day)
    raise_if(refusals + notice_refusals)
    member = _member_of(candidate)
    made_full = rules.end_of_probation(candidate.admitted, candidate.probation_extension_months)
    member_services.member_update(
        member=member,
        data={
            "status": Member.Status.FULL,
            "made_full": made_full,
            "made_full_precision": DAY,
        },
        actor=actor,
    )
    candidate.made_full, candidate.full_decided = made_full, day
    save_with_history(candidate, actor=actor, reason=_("Made a full member"))
    _close(notice, day, actor)
    return candidate


def take_off_roster(*, member: Member, day: datetime.date, actor, reason: str) -> None:
    """Takes a member off the roster as the movement register does (docs/lifecycle.md#former-members):
    a dated departure "probation cancelled"; the record stays, among the former members."""
    movement_services.movement_record(
        member=member,
        actor=actor,
        event=movement_rules.Event(kind=Movement.Kind.PROBATION_CANCELLED, date=day, reason=reason[:200]),
    )


@transaction.atomic
def cancel_probation(*, candidate: Candidate, day: datetime.date, reason: str, actor) -> Candidate:
    """Probationary status cancelled (取消预备党员资格) [党章]: off the roster; the candidate stays."""
    require_stage(candidate, Stage.PROBATIONARY)
    refusals = _remap(rules.future_refusals({"cancelled": day}, clock.today()), "date")
    refusal = rules.not_before("cancelled", day, "admitted", candidate.admitted)
    raise_if(refusals + _remap([refusal] if refusal else [], "date"))
    member = candidate.member
    # The candidate record stays linked to the member, who is now a former member.
    candidate.cancelled_on, candidate.cancel_reason = day, reason.strip()
    save_with_history(candidate, actor=actor, reason=_("Probation cancelled"))
    if member is not None:
        take_off_roster(member=member, day=day, actor=actor, reason=reason.strip() or _("Probation cancelled"))
    return candidate


# --- the ledger import ------------------------------------------------------------------------------


@transaction.atomic
def candidate_from_ledger(
    *, data: dict, candidate: Candidate | None, member: Member | None, actor, reason: str
) -> Candidate:
    """Writes one checked row of the development ledger (registry/development/imports.py): the
    candidate, new or updated with the values the row gives, and — for a row with 接收预备党员时间 —
    the member on the roster (probationary, or full with 转正时间), or the link to the member who is
    already there with that 入党时间; with 取消预备党员资格时间, off the roster again
    (docs/spreadsheets.md#development-columns)."""
    if candidate is None:
        candidate = Candidate(**data)
    else:
        apply_changes(candidate, data)
    if candidate.admitted and candidate.member_id is None and not candidate.cancelled_on:
        if member is None:
            full = bool(candidate.made_full)
            member = member_services.member_create(
                data={
                    "name": candidate.name,
                    "id_number": candidate.id_number,
                    "organization": candidate.organization,
                    "category": Member.Category.SELF_MANAGED,
                    "status": Member.Status.FULL if full else Member.Status.PROBATIONARY,
                    "joined": candidate.admitted,
                    "joined_precision": DAY,
                    "registered_on": candidate.admitted,
                    "made_full": candidate.made_full,
                    "made_full_precision": DAY,
                    "phone": candidate.phone,
                },
                actor=actor,
            )
        candidate.member = member
    if candidate.member_id and candidate.made_full and candidate.member.status == Member.Status.PROBATIONARY:
        member_services.member_update(
            member=candidate.member,
            data={
                "status": Member.Status.FULL,
                "made_full": candidate.made_full,
                "made_full_precision": DAY,
            },
            actor=actor,
        )
    save_with_history(candidate, actor=actor, reason=reason)
    if candidate.cancelled_on and candidate.member_id and candidate.member.left_on is None:
        # 取消预备党员资格时间 on the row: off the roster, as cancel_probation takes them.
        take_off_roster(
            member=candidate.member, day=candidate.cancelled_on, actor=actor, reason=_("Probation cancelled")
        )
    return candidate
