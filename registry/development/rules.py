"""The rules of development (docs/lifecycle.md#development), in one place: the order of the stages,
the age of 18, the two one-year intervals, the public notices, the introducers, the probation.

Used by the services (a stage recorded on the registry's pages) and by the import (a row of the
ledger, which is history: docs/lifecycle.md#imported-history checks order, intervals and age, not
notices and introducers). Every refusal is a `Refusal`: the field it concerns, a code (the import's
error code, e.g. "target_too_soon") and a sentence that names the rule and the date that would
make it possible.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from registry.idnumbers import birth_date_from_id

# docs/lifecycle.md#development-stages and #approval, #probation, #development-work-lists
ADULT_AGE = 18  # years, on the day of applying [党章]
TARGET_AFTER_ACTIVIST_YEARS = 1  # [细则]
PROBATION_YEARS = 1  # [党章]
EXTENSION_MONTHS = (6, 12)  # once, by 6 to 12 months [党章]
APPROVAL_MONTHS = 3  # the higher committee approves within 3 months [细则]
TALK_WITHIN_MONTHS = 1  # a talk within one month of the application
ASSESSMENT_EVERY_MONTHS = 6  # half-yearly assessments of activists
CONTACT_PERSONS = (1, 2)
INTRODUCERS = 2

# The stages in order, with the date field that records each (the ledger's columns).
CHAIN = ("applied", "activist", "target", "admitted", "made_full")


@dataclass(frozen=True)
class Refusal:
    field: str
    code: str
    message: str


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; a day the month lacks (31 April) is the month's last."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later. A year counted from 29 February is full on 1 March: a
    one-year interval is never shortened to 364 days."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def iso(day: datetime.date) -> str:
    return day.isoformat()


def as_validation_error(refusals: list[Refusal]) -> ValidationError:
    errors: dict[str, list] = {}
    for refusal in refusals:
        errors.setdefault(refusal.field, []).append(ValidationError(refusal.message, code=refusal.code))
    return ValidationError(errors)


def raise_if(refusals: list[Refusal]) -> None:
    if refusals:
        raise as_validation_error(refusals)


def field_labels() -> dict[str, str]:
    return {
        "applied": _("the application"), "talked": _("the talk"), "activist": _("becoming an activist"),
        "target": _("becoming a development target"), "admitted": _("admission as probationary member"),
        "approved": _("the higher committee's approval"), "made_full": _("becoming a full member"),
        "assessed": _("the assessment"), "notice": _("the start of the public notice"),
        "withdrawn": _("withdrawing the public notice"), "raised": _("the objection"),
        "resolved": _("resolving the objection"), "extended": _("extending the probation"),
        "cancelled": _("cancelling the probation"),
    }


# --- dates and their order ---------------------------------------------------------------------

def eighteenth_birthday(id_number: str) -> datetime.date:
    return add_years(birth_date_from_id(id_number), ADULT_AGE)


def age_refusal(id_number: str, applied: datetime.date) -> Refusal | None:
    """At least 18 years old on the day of applying, the birth date read from the ID number [党章]."""
    try:
        adult = eighteenth_birthday(id_number)
    except (ValueError, IndexError):
        return None  # an invalid ID number is refused by its own validator
    if applied < adult:
        return Refusal("applied", "under_18", _(
            "Applying to join requires being 18 years old: by the ID number the applicant turns 18 on %(date)s, "
            "so the application may be dated %(date)s or later."
        ) % {"date": iso(adult)})
    return None


def future_refusals(dates: dict, today: datetime.date) -> list[Refusal]:
    labels = field_labels()
    return [
        Refusal(field, "future", _("The date of %(stage)s (%(date)s) is in the future: it may be %(today)s at the latest.")
                % {"stage": labels.get(field, field), "date": iso(value), "today": iso(today)})
        for field, value in dates.items() if value and value > today
    ]


def earliest_full(admitted: datetime.date, extension_months: int | None = None) -> datetime.date:
    """The end of probation: one year from admission, plus an extension where one was decided."""
    end = add_years(admitted, PROBATION_YEARS)
    return add_months(end, extension_months) if extension_months else end


def earliest_target(activist: datetime.date) -> datetime.date:
    return add_years(activist, TARGET_AFTER_ACTIVIST_YEARS)


def target_refusal(activist: datetime.date, target: datetime.date) -> Refusal | None:
    earliest = earliest_target(activist)
    if target < earliest:
        return Refusal("target", "target_too_soon", _(
            "A development target may be chosen only a full year after becoming an activist, that is on %(date)s or later."
        ) % {"date": iso(earliest)})
    return None


def full_refusal(admitted: datetime.date, made_full: datetime.date, extension_months: int | None = None) -> Refusal | None:
    earliest = earliest_full(admitted, extension_months)
    if made_full < earliest:
        if extension_months:
            message = _(
                "A probationary member may be made full only when the probation, extended by %(months)d months, is over, "
                "that is on %(date)s or later."
            ) % {"months": extension_months, "date": iso(earliest)}
        else:
            message = _(
                "A probationary member may be made full only after a full year of probation, that is on %(date)s or later."
            ) % {"date": iso(earliest)}
        return Refusal("made_full", "full_too_soon", message)
    return None


def history_refusals(dates: dict, *, id_number: str, today: datetime.date, extension_months: int | None = None) -> list[Refusal]:
    """A candidate's dates as a ledger row gives them (docs/spreadsheets.md#development-columns):
    none in the future, no later stage without an earlier one, in order, the age of 18 on the day
    of applying, a year between activist and target and between admission and full membership.

    `dates` maps the fields of CHAIN (and "talked", "approved") to dates or None."""
    labels = field_labels()
    refusals = future_refusals(dates, today)
    given = [field for field in CHAIN if dates.get(field)]
    ordered = True
    for field in given:
        earlier = CHAIN[CHAIN.index(field) - 1] if field != CHAIN[0] else None
        if earlier and not dates.get(earlier):
            ordered = False
            refusals.append(Refusal(field, "missing_stage", _(
                "The date of %(stage)s is given without the date of %(earlier)s: the stages come in order, fill in the earlier one."
            ) % {"stage": labels[field], "earlier": labels[earlier]}))
    if dates.get("approved") and not dates.get("admitted"):
        ordered = False
        refusals.append(Refusal("approved", "missing_stage", _(
            "The date of %(stage)s is given without the date of %(earlier)s: the stages come in order, fill in the earlier one."
        ) % {"stage": labels["approved"], "earlier": labels["admitted"]}))
    pairs = list(zip(given, given[1:])) + [("applied", "talked"), ("admitted", "approved")]
    for earlier, later in pairs:
        if dates.get(earlier) and dates.get(later) and dates[later] < dates[earlier]:
            ordered = False
            refusals.append(Refusal(later, "out_of_order", _(
                "The date of %(stage)s (%(date)s) is before the date of %(earlier)s (%(earlier_date)s): "
                "the stages come in order, so it may be %(earlier_date)s or later."
            ) % {"stage": labels[later], "date": iso(dates[later]), "earlier": labels[earlier],
                 "earlier_date": iso(dates[earlier])}))
    if dates.get("applied"):
        refusal = age_refusal(id_number, dates["applied"])
        if refusal:
            refusals.append(refusal)
    if ordered:
        if dates.get("activist") and dates.get("target"):
            refusals.append(target_refusal(dates["activist"], dates["target"]))
        if dates.get("admitted") and dates.get("made_full"):
            refusals.append(full_refusal(dates["admitted"], dates["made_full"], extension_months))
    return [refusal for refusal in refusals if refusal]


def not_before(field: str, day: datetime.date, earlier_field: str, earlier: datetime.date | None) -> Refusal | None:
    if earlier and day < earlier:
        labels = field_labels()
        return Refusal(field, "out_of_order", _(
            "The date of %(stage)s (%(date)s) is before the date of %(earlier)s (%(earlier_date)s): "
            "the stages come in order, so it may be %(earlier_date)s or later."
        ) % {"stage": labels.get(field, field), "date": iso(day), "earlier": labels.get(earlier_field, earlier_field),
             "earlier_date": iso(earlier)})
    return None


# --- the registry's own steps ------------------------------------------------------------------

def contact_persons_refusal(names: list[str]) -> Refusal | None:
    low, high = CONTACT_PERSONS
    if not low <= len(names) <= high:
        return Refusal("contact_persons", "contact_persons", _(
            "An activist has one or two contact persons (培养联系人); %(count)d were given."
        ) % {"count": len(names)})
    return None


def notice_refusal(notice, decision_label: str, day: datetime.date, today: datetime.date) -> Refusal | None:
    """The decision follows a public notice of REGISTRY_NOTICE_DAYS days [002]: it may be recorded
    on or after the notice's first day + its length, and only when no objection is open
    (docs/lifecycle.md#public-notices). `notice` is the decision's open notice, or None."""
    if notice is None:
        return Refusal("date", "no_notice", _(
            "A decision on %(decision)s must follow a public notice of %(days)d days: start the notice first; "
            "the decision may then be recorded from %(date)s."
        ) % {"decision": decision_label, "days": settings.REGISTRY_NOTICE_DAYS,
             "date": iso(today + datetime.timedelta(days=settings.REGISTRY_NOTICE_DAYS))})
    if day < notice.decision_from:
        return Refusal("date", "notice_running", _(
            "The public notice runs %(days)d days, from %(start)s to %(last)s: the decision may be recorded on %(date)s or later."
        ) % {"days": notice.days, "start": iso(notice.starts_on), "last": iso(notice.last_day), "date": iso(notice.decision_from)})
    open_objections = [objection for objection in notice.objections.all() if objection.resolved_on is None]
    if open_objections:
        return Refusal("date", "objection_open", _(
            "An objection raised on %(raised)s during the public notice is still open: resolve it, then record the decision "
            "(on the day it is resolved or later)."
        ) % {"raised": iso(open_objections[0].raised_on)})
    resolved = [objection.resolved_on for objection in notice.objections.all() if objection.resolved_on]
    if resolved and day < max(resolved):
        return Refusal("date", "objection_open", _(
            "An objection to the public notice was resolved only on %(date)s: the decision may be recorded on %(date)s or later."
        ) % {"date": iso(max(resolved))})
    return None


def objection_refusal(notice, raised_on: datetime.date) -> Refusal | None:
    if not notice.starts_on <= raised_on <= notice.last_day:
        return Refusal("raised_on", "outside_notice", _(
            "An objection is raised during the public notice, from %(start)s to %(last)s."
        ) % {"start": iso(notice.starts_on), "last": iso(notice.last_day)})
    return None


def introducer_refusals(introducers: list, day: datetime.date) -> list[Refusal]:
    """Two introducers (入党介绍人) who are full members on the roster on the day of admission."""
    refusals = []
    if len(introducers) != INTRODUCERS:
        refusals.append(Refusal("introducers", "introducers", _(
            "Admission needs two introducers who are full members; %(count)d were chosen."
        ) % {"count": len(introducers)}))
    for member in introducers:
        if member.status != "full":
            full_from = add_years(member.joined, PROBATION_YEARS) if member.joined else None
            refusals.append(Refusal("introducers", "introducer_probationary", _(
                "%(name)s is a probationary member: an introducer must be a full member, which %(name)s can be "
                "at the end of the probation (%(date)s at the earliest)."
            ) % {"name": member.name, "date": iso(full_from) if full_from else "—"}))
        elif member.made_full and member.made_full > day:
            refusals.append(Refusal("introducers", "introducer_not_yet_full", _(
                "%(name)s became a full member on %(date)s: as an introducer, only for an admission on %(date)s or later."
            ) % {"name": member.name, "date": iso(member.made_full)}))
        elif member.joined and member.joined > day:
            refusals.append(Refusal("introducers", "introducer_not_yet_full", _(
                "%(name)s joined the party on %(date)s: as an introducer, only for an admission after that."
            ) % {"name": member.name, "date": iso(member.joined)}))
    return refusals


def extension_refusals(candidate, day: datetime.date, months: int) -> list[Refusal]:
    refusals = []
    if candidate.probation_extension_months:
        refusals.append(Refusal("months", "extended_twice", _(
            "Probation may be extended only once; it was extended on %(date)s by %(months)d months."
        ) % {"date": iso(candidate.probation_extended_on), "months": candidate.probation_extension_months}))
    low, high = EXTENSION_MONTHS
    if not low <= months <= high:
        refusals.append(Refusal("months", "extension_length", _(
            "Probation is extended by 6 to 12 months; %(months)d months were given."
        ) % {"months": months}))
    return refusals


# --- what is due next ----------------------------------------------------------------------------

def approval_deadline(day: datetime.date) -> datetime.date:
    return add_months(day, APPROVAL_MONTHS)


def next_assessment(candidate, last_assessed: datetime.date | None) -> datetime.date | None:
    anchor = max(filter(None, [candidate.activist, last_assessed]), default=None)
    return add_months(anchor, ASSESSMENT_EVERY_MONTHS) if anchor else None


def due_next(candidate, today: datetime.date) -> list[dict]:
    """What the candidate's page says is due next, with the date: [{label, date, overdue}]."""
    stage = candidate.stage
    items = []

    def due(label, day):
        items.append({"label": label, "date": day, "overdue": day < today})

    if stage == "applicant":
        if not candidate.talked:
            due(_("Talk with the applicant (within one month of the application)"),
                add_months(candidate.applied, TALK_WITHIN_MONTHS))
        due(_("May be made an activist"), candidate.applied)
    elif stage == "activist":
        last = max((a.assessed_on for a in candidate.assessments.all()), default=None)
        due(_("Half-yearly assessment"), next_assessment(candidate, last))
        due(_("May become a development target (after a public notice)"), earliest_target(candidate.activist))
    elif stage == "target":
        due(_("May be admitted (after a public notice, with two introducers)"), candidate.target)
    elif stage == "probationary":
        if not candidate.approved:
            due(_("Approval of the admission by the higher committee"), approval_deadline(candidate.admitted))
        due(_("End of probation: may be made full (after a public notice)"),
            earliest_full(candidate.admitted, candidate.probation_extension_months))
    elif stage == "full" and not candidate.full_approved:
        due(_("Approval of full membership by the higher committee"), approval_deadline(candidate.made_full))
    return items


def path_of(candidate) -> list[dict]:
    """The candidate's whole path as a timeline, oldest first: [{date, label, detail, kind}]."""
    events = []

    def add(day, label, detail="", kind="stage"):
        if day:
            events.append({"date": day, "label": label, "detail": detail, "kind": kind})

    add(candidate.applied, _("Applied to join the party"))
    add(candidate.talked, _("Talk with the applicant"), kind="talk")
    add(candidate.activist, _("Became an activist"),
        _("Contact persons: %(names)s") % {"names": candidate.contact_persons} if candidate.contact_persons else "")
    for assessment in candidate.assessments.all():
        add(assessment.assessed_on, _("Assessment by %(assessor)s") % {"assessor": assessment.assessor}, assessment.remark,
            kind="assessment")
    for notice in candidate.notices.all():
        add(notice.starts_on, _("Public notice: %(decision)s") % {"decision": notice.get_decision_display()},
            _("%(start)s to %(last)s") % {"start": iso(notice.starts_on), "last": iso(notice.last_day)}, kind="notice")
        for objection in notice.objections.all():
            add(objection.raised_on, _("Objection raised"), objection.text, kind="objection")
            add(objection.resolved_on, _("Objection resolved"), objection.resolution, kind="objection")
        add(notice.withdrawn_on, _("Public notice withdrawn"), kind="notice")
    add(candidate.target, _("Became a development target"))
    add(candidate.admitted, _("Admitted as probationary member"),
        _("Introducers: %(names)s") % {"names": candidate.introducers} if candidate.introducers else "")
    add(candidate.approved, _("Admission approved by the higher committee"), kind="approval")
    if candidate.probation_extended_on:
        add(candidate.probation_extended_on, _("Probation extended by %(months)d months")
            % {"months": candidate.probation_extension_months}, kind="probation")
    add(candidate.made_full, _("Became a full member"))
    add(candidate.full_approved, _("Full membership approved by the higher committee"), kind="approval")
    add(candidate.cancelled_on, _("Probationary status cancelled"), candidate.cancel_reason)
    events.sort(key=lambda event: event["date"])
    return events
