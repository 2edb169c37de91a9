"""Every write of the annual appraisal (docs/appraisal.md): a round and its days, the grading of its
members in one go, and the import's rows — keyword-only, one transaction each, each record saved
with its history row naming who. A refusal is a ValidationError raised before anything is written
(or, for the cap checked once more after writing, with everything undone).

A departure (劝退, 劝而不退除名, 自行脱党除名) is the member's movement of that kind, recorded through
registry/movements/services.py on the round's decision day — the member leaves the roster as any
departure does — and linked from the result. Only for a member whose membership is held here; for
any other the refusal is `not_held_here`, as the movements say it.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches import clock
from branches.people import recorder
from branches.services import recorded_change, save_with_history
from registry.appraisal import rules, selectors
from registry.models import AppraisalResult, AppraisalRound, Member, Movement
from registry.movements import services as movement_services
from registry.movements.facts import Event

DATE_FIELDS = ("study_on", "self_assessment_on", "vote_on", "decided_on")
RESULT_FIELDS = (*AppraisalResult.VOTE_FIELDS, "grade", "outcome", "correction_deadline")


def _refuse(found: Iterable[rules.Refusal], key=lambda refusal: refusal.field or "__all__") -> None:
    errors: dict[str, list] = {}
    for refusal in found:
        errors.setdefault(key(refusal), []).append(ValidationError(refusal.message, code=refusal.code))
    if errors:
        raise ValidationError(errors)


# --- rounds ---------------------------------------------------------------------------------------


@dataclass
class RoundData:
    year: int
    study_on: datetime.date | None = None
    self_assessment_on: datetime.date | None = None
    vote_on: datetime.date | None = None
    decided_on: datetime.date | None = None
    notes: str = ""


def _round_refusals(organization, data: RoundData, today: datetime.date) -> list[rules.Refusal]:
    return rules.round_refusals(
        organization_level=organization.level,
        year=data.year,
        today=today,
        **{name: getattr(data, name) for name in DATE_FIELDS},
    )


@transaction.atomic
def round_create(*, organization, data: RoundData, actor, today: datetime.date | None = None) -> AppraisalRound:
    """A branch's appraisal of a year (one per organization and year)."""
    _refuse(_round_refusals(organization, data, today or clock.today()))
    appraisal_round = AppraisalRound(
        organization=organization,
        year=data.year,
        notes=data.notes,
        created_by=recorder(actor),
        **{name: getattr(data, name) for name in DATE_FIELDS},
    )
    save_with_history(appraisal_round, actor=actor, reason=_("Appraisal of %(year)d") % {"year": data.year})
    return appraisal_round


@transaction.atomic
def round_update(
    *, appraisal_round: AppraisalRound, data: dict, actor, version: str | None = None, today=None
) -> list[str]:
    """The days of a round's steps and its notes (its organization and year are its key). The decision
    day stays once a departure was recorded on it: the movement is dated by it."""
    with recorded_change(appraisal_round, actor=actor, version=version) as change:
        values = {name: data.get(name, getattr(appraisal_round, name)) for name in (*DATE_FIELDS, "notes")}
        found = _round_refusals(
            appraisal_round.organization, RoundData(year=appraisal_round.year, **values), today or clock.today()
        )
        if (
            values["decided_on"] != appraisal_round.decided_on
            and appraisal_round.results.filter(movement__isnull=False).exists()
        ):
            found.append(
                rules.Refusal(
                    "decided_on",
                    "departure_recorded",
                    _("A departure was recorded on the decision day: the day stays as it is."),
                )
            )
        _refuse(found)
        change.apply(values)
    return change.fields


# --- grading --------------------------------------------------------------------------------------


@dataclass
class Grading:
    """One member's row of the grading page: taking part or not, the votes, the grade, the outcome."""

    member: Member
    took_part: bool = True
    votes: tuple = (None, None, None, None)  # excellent, qualified, basically qualified, unqualified
    grade: str = ""
    outcome: str = ""
    deadline: datetime.date | None = None

    def values(self) -> dict:
        return {
            **dict(zip(AppraisalResult.VOTE_FIELDS, self.votes, strict=True)),
            "grade": self.grade,
            "outcome": self.outcome,
            "correction_deadline": self.deadline,
        }


def _changes_fixed_result(result: AppraisalResult | None, values: dict | None) -> bool:
    """Whether a result whose departure was recorded would change (or go): it no longer may."""
    if result is None or result.movement_id is None:
        return False
    return values is None or any(getattr(result, name) != values[name] for name in ("grade", "outcome"))


@transaction.atomic
def round_grade(
    *, appraisal_round: AppraisalRound, gradings: list[Grading], actor, today: datetime.date | None = None
) -> int:
    """The whole round's grading as the page sends it: for each member listed, their result is
    written (taking part) or removed (not taking part); then at most the share of 优秀 among the full
    members taking part, and the departures recorded. Refusals are keyed `<field>_<member id>` (the
    grading form's fields) or the whole round's; nothing is written when one is found. Returns how
    many results changed."""
    appraisal_round = (
        AppraisalRound.objects.select_for_update().select_related("organization").get(pk=appraisal_round.pk)
    )
    today = today or clock.today()
    day = rules.round_day(year=appraisal_round.year, decided_on=appraisal_round.decided_on, today=today)
    existing = {result.member_id: result for result in appraisal_round.results.select_related("member", "movement")}
    members_here = set(selectors.members_of(appraisal_round.organization).values_list("pk", flat=True))
    found: list[tuple[int, rules.Refusal]] = []
    final: dict[int, tuple[rules.Person, str]] = {}  # member id → (person, grade) of those taking part
    for member_id, result in existing.items():
        final[member_id] = (selectors.person_of(result.member, day), result.grade)
    for grading in gradings:
        member, result = grading.member, existing.get(grading.member.pk)
        values = grading.values() if grading.took_part else None
        if _changes_fixed_result(result, values):
            found.append(
                (
                    member.pk,
                    rules.Refusal(
                        "grade",
                        "departure_recorded",
                        _("%(name)s's departure was recorded from this result: it stays as it is.")
                        % {"name": member.name},
                    ),
                )
            )
            continue
        if not grading.took_part:
            final.pop(member.pk, None)
            continue
        if result is None and member.pk not in members_here:
            found.append((member.pk, _not_member(member, appraisal_round)))
            continue
        person = selectors.person_of(member, day)
        found += [
            (member.pk, refusal)
            for refusal in rules.result_refusals(
                person,
                grade=grading.grade,
                outcome=grading.outcome,
                deadline=grading.deadline,
                decided_on=appraisal_round.decided_on,
                departure_recorded=result is not None and result.movement_id is not None,
            )
        ]
        final[member.pk] = (person, grading.grade)
    over = _over_cap(final.values())
    if over is not None:
        found.append((0, rules.Refusal("", over.code, over.message)))
    if found:
        _refuse((refusal for _pk, refusal in found), key=_keyed(found))
    changed = 0
    for grading in gradings:
        result = existing.get(grading.member.pk)
        if not grading.took_part:
            if result is not None:
                _result_remove(result, actor=actor)
                changed += 1
            continue
        changed += _result_write(appraisal_round, grading.member, grading.values(), result, actor=actor)
    return changed


def _keyed(found: list[tuple[int, rules.Refusal]]):
    keys = {id(refusal): (f"{refusal.field}_{pk}" if pk and refusal.field else "__all__") for pk, refusal in found}
    return lambda refusal: keys[id(refusal)]


def _not_member(member: Member, appraisal_round: AppraisalRound) -> rules.Refusal:
    return rules.Refusal(
        "",
        "not_member_of_organization",
        _(
            "%(name)s is not a member of %(organization)s (nor of one of its party groups): a member is appraised "
            "in their own branch."
        )
        % {"name": member.name, "organization": appraisal_round.organization.name},
    )


def _over_cap(taking_part: Iterable[tuple[rules.Person, str]]) -> rules.Refusal | None:
    graded = [grade for person, grade in taking_part if not person.probationary]
    return rules.excellent_over_cap(excellent=graded.count(rules.EXCELLENT), graded=len(graded))


def _result_write(
    appraisal_round, member: Member, values: dict, result: AppraisalResult | None, *, actor, reason=""
) -> int:
    """Creates or updates one result with its history; records the departure its outcome names. 1 if
    something was written, else 0."""
    reason = reason or _("Appraisal of %(year)d") % {"year": appraisal_round.year}
    if result is None:
        result = AppraisalResult(appraisal_round=appraisal_round, member=member, **values)
        _link_departure(result, appraisal_round, member, actor=actor)
        save_with_history(result, actor=actor, reason=reason)
        return 1
    with recorded_change(result, actor=actor, reason=reason) as change:
        change.apply(values)
        _link_departure(result, appraisal_round, member, actor=actor)
    return 1 if change.fields else 0


def _link_departure(result: AppraisalResult, appraisal_round, member: Member, *, actor) -> None:
    """A departure named by the outcome and not linked yet: the member's movement of that kind — the
    one they already left by (a former member, imported history), or one recorded now through the
    movement services on the round's decision day (the member leaves the roster)."""
    if result.outcome not in rules.DEPARTURES or result.movement_id is not None:
        return
    if member.left_on is not None:
        movement = (
            Movement.objects.filter(member=member, kind=result.outcome).order_by("-date", "-id").first()
            if member.left_as == result.outcome
            else None
        )
        if movement is None:
            raise ValidationError(
                _("%(name)s left the roster on %(day)s for another reason: the outcome cannot be a departure.")
                % {"name": member.name, "day": member.left_on.isoformat()},
                code="left_otherwise",
            )
        result.movement = movement
        return
    result.movement = movement_services.movement_record(
        member=member,
        event=Event(
            kind=result.outcome,
            date=appraisal_round.decided_on,
            reason=(_("Appraisal of %(year)d: unqualified") % {"year": appraisal_round.year})[:200],
        ),
        actor=actor,
    )


def _result_remove(result: AppraisalResult, *, actor) -> None:
    result._history_user = recorder(actor)
    result._change_reason = _("Not taking part in the appraisal")
    result.delete()


def check_cap(appraisal_round: AppraisalRound, *, today: datetime.date | None = None) -> None:
    """The cap as the round holds it now (after an import wrote): refused, and so undone, when over."""
    day = rules.round_day(
        year=appraisal_round.year, decided_on=appraisal_round.decided_on, today=today or clock.today()
    )
    results = appraisal_round.results.select_related("member")
    over = _over_cap((selectors.person_of(result.member, day), result.grade) for result in results)
    if over is not None:
        raise ValidationError(over.message, code=over.code)


# --- the import -----------------------------------------------------------------------------------


@dataclass
class ImportedResult:
    """One checked row of the `appraisal` import."""

    organization: object  # the round's organization
    year: int
    member: Member
    values: dict  # the fields of AppraisalResult the row gives (an empty cell is not here: it erases nothing)
    existing: AppraisalResult | None = None


@transaction.atomic
def results_import(*, rows: list[ImportedResult], actor, reason: str) -> int:
    """Writes the import's checked rows: the round of each organization and year is made when it is not
    there yet (without its days: the page records them), then each result with its history and the
    departures it names; the cap is checked once more per round (a breach undoes the whole import).
    Returns how many results were written."""
    rounds = {
        (appraisal_round.organization_id, appraisal_round.year): appraisal_round
        for appraisal_round in AppraisalRound.objects.select_for_update().filter(
            organization__in={row.organization.pk for row in rows}, year__in={row.year for row in rows}
        )
    }
    written = 0
    for row in rows:
        key = (row.organization.pk, row.year)
        if key not in rounds:
            rounds[key] = round_create(organization=row.organization, data=RoundData(year=row.year), actor=actor)
        appraisal_round = rounds[key]
        written += _result_write(
            appraisal_round, row.member, dict(row.values), row.existing, actor=actor, reason=reason
        )
    for appraisal_round in rounds.values():
        check_cap(appraisal_round)
    return written
