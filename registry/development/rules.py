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
import itertools
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from branches.models import Organization
from registry.idnumbers import birth_date_from_id

# docs/lifecycle.md#development-stages and #approval, #probation, #development-work-lists
ADULT_AGE = 18  # years, on the day of applying [党章]
TARGET_AFTER_ACTIVIST_YEARS = 1  # [细则]
PROBATION_YEARS = 1  # 转正时间 is the day it ends: admission + 1 year + any extension [党章 art. 7; 细则 art. 32]
EXTENSION_MONTHS = (6, 12)  # once, by 6 to 12 months, decided when the probation ends [党章 art. 7; 细则 art. 33]
APPROVAL_MONTHS = 3  # the higher committee approves within 3 months [细则]
TALK_WITHIN_MONTHS = 1  # a talk within one month of the application
ASSESSMENT_EVERY_MONTHS = 6  # half-yearly assessments of activists
CONTACT_PERSONS = (1, 2)
INTRODUCERS = 2
# Who may not hold candidates: a temporary branch does not develop members, a party group decides nothing.
CANNOT_HOLD = (Organization.Level.TEMPORARY_BRANCH, Organization.Level.PARTY_GROUP)

# The stages in order, with the date field that records each (the ledger's columns).
CHAIN = ("applied", "activist", "target", "admitted", "made_full")


@dataclass(frozen=True)
class Refusal:
    field: str
    code: str
    message: str


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (earlier when negative). The one rule of the registry's date
    arithmetic, for months and years alike: a period is never shortened, so a day the target month
    lacks moves to the first of the next month — 31 August + 18 months is 1 March, 29 February + 12
    months is 1 March (docs/lifecycle.md#dates). A probation, an interval or a deadline counted this
    way is never a day shorter than the regulations' months and years."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if day.day <= last:
        return datetime.date(year, month, day.day)
    return datetime.date(year, month, last) + datetime.timedelta(days=1)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later: `add_months` by 12 a year (a year counted from 29 February is full
    on 1 March)."""
    return add_months(day, 12 * years)


def latest_start(end: datetime.date, months: int) -> datetime.date:
    """The latest day from which `months` (by `add_months`) end on or before `end`: the inverse the
    work lists need to put "a period has ended by `end`" as one range over a date column."""
    day = min(add_months(end, -months), end)
    while add_months(day, months) > end:
        day -= datetime.timedelta(days=1)
    while add_months(day + datetime.timedelta(days=1), months) <= end:
        day += datetime.timedelta(days=1)
    return day


def earliest_start(first: datetime.date, months: int) -> datetime.date:
    """The earliest day from which `months` (by `add_months`) end on or after `first`."""
    return latest_start(first - datetime.timedelta(days=1), months) + datetime.timedelta(days=1)


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
        "applied": _("the application"),
        "talked": _("the talk"),
        "activist": _("becoming an activist"),
        "target": _("becoming a development target"),
        "admitted": _("admission as probationary member"),
        "approved": _("the higher committee's approval"),
        "made_full": _("becoming a full member"),
        "full_decided": _("the decision on full membership"),
        "assessed": _("the assessment"),
        "notice": _("the start of the public notice"),
        "withdrawn": _("withdrawing the public notice"),
        "raised": _("the objection"),
        "resolved": _("resolving the objection"),
        "extended": _("extending the probation"),
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
        return Refusal(
            "applied",
            "under_18",
            _(
                "Applying to join requires being 18 years old: by the ID number the applicant turns 18 on %(date)s, "
                "so the application may be dated %(date)s or later."
            )
            % {"date": iso(adult)},
        )
    return None


def future_refusals(dates: dict, today: datetime.date) -> list[Refusal]:
    labels = field_labels()
    return [
        Refusal(
            field,
            "future",
            _("The date of %(stage)s (%(date)s) is in the future: it may be %(today)s at the latest.")
            % {"stage": labels.get(field, field), "date": iso(value), "today": iso(today)},
        )
        for field, value in dates.items()
        if value and value > today
    ]


def end_of_probation(admitted: datetime.date, extension_months: int | None = None) -> datetime.date:
    """转正时间: the day the probation ends — a year from admission, plus the extension where one was
    decided, counted as one period [党章 art. 7; 细则 art. 32]. Membership counts from this day,
    whatever day the branch meeting decides on it (docs/lifecycle.md#probation)."""
    return add_months(admitted, 12 * PROBATION_YEARS + (extension_months or 0))


def earliest_target(activist: datetime.date) -> datetime.date:
    return add_years(activist, TARGET_AFTER_ACTIVIST_YEARS)


def target_refusal(activist: datetime.date, target: datetime.date) -> Refusal | None:
    earliest = earliest_target(activist)
    if target < earliest:
        return Refusal(
            "target",
            "target_too_soon",
            _(
                "A development target may be chosen only a full year after becoming an activist, that is on "
                "%(date)s or later."
            )
            % {"date": iso(earliest)},
        )
    return None


def full_refusal(
    admitted: datetime.date, decided: datetime.date, extension_months: int | None = None
) -> Refusal | None:
    """The branch meeting decides on full membership on or after the day the probation ends [细则 art. 32]."""
    earliest = end_of_probation(admitted, extension_months)
    if decided < earliest:
        if extension_months:
            message = _(
                "A probationary member may be made full only when the probation, extended by %(months)d "
                "months, is over, that is on %(date)s or later."
            ) % {"months": extension_months, "date": iso(earliest)}
        else:
            message = _(
                "A probationary member may be made full only after a full year of probation, that is on "
                "%(date)s or later."
            ) % {"date": iso(earliest)}
        return Refusal("made_full", "full_too_soon", message)
    return None


def made_full_refusal(
    admitted: datetime.date, made_full: datetime.date, extension_months: int | None = None
) -> Refusal | None:
    """A ledger's 转正时间 is the day the probation ended, not the day of the meeting that decided it
    [党章 art. 7; 细则 art. 32]: admission + one year + any extension, to the day."""
    expected = end_of_probation(admitted, extension_months)
    if made_full != expected:
        if extension_months:
            message = _(
                "转正时间 is the day the probation ended, not the day of the decision: admitted on "
                "%(admitted)s with the probation extended by %(months)d months, it is %(date)s."
            ) % {"admitted": iso(admitted), "months": extension_months, "date": iso(expected)}
        else:
            message = _(
                "转正时间 is the day the probation ended, not the day of the decision: admitted on %(admitted)s, it is "
                "%(date)s (a year of probation)."
            ) % {"admitted": iso(admitted), "date": iso(expected)}
        return Refusal("made_full", "full_not_end_of_probation", message)
    return None


def extension_length_refusal(months: int) -> Refusal | None:
    """An extension is by 6 to 12 months [党章 art. 7; 细则 art. 33]."""
    low, high = EXTENSION_MONTHS
    if not low <= months <= high:
        return Refusal(
            "months",
            "extension_length",
            _("Probation is extended by 6 to 12 months (at least 6, at most 12); %(months)d months were given.")
            % {"months": months},
        )
    return None


def holder_refusal(organization) -> Refusal | None:
    """Who may hold candidates: branches, joint branches, general branches and committees. A temporary
    branch (临时党支部) does not develop members and a party group (党小组) decides nothing
    (docs/lifecycle.md#who-holds-candidates)."""
    if organization is None or organization.level not in CANNOT_HOLD:
        return None
    parent = organization.parent
    if parent is not None and parent.level not in CANNOT_HOLD:
        message = _(
            "%(name)s is a %(level)s, which holds no candidates and develops no members: a candidate is held by a "
            "branch, joint branch, general branch or committee, such as %(parent)s above it."
        ) % {"name": organization.name, "level": organization.get_level_display(), "parent": parent.name}
    else:
        message = _(
            "%(name)s is a %(level)s, which holds no candidates and develops no members: a candidate is held by a "
            "branch, joint branch, general branch or committee."
        ) % {"name": organization.name, "level": organization.get_level_display()}
    return Refusal("organization", "organization_cannot_hold", message)


def history_refusals(
    dates: dict, *, id_number: str, today: datetime.date, extension_months: int | None = None
) -> list[Refusal]:
    """A candidate's dates as a ledger row gives them (docs/spreadsheets.md#development-columns):
    none in the future, no later stage without an earlier one, in order, the age of 18 on the day
    of applying, a year between activist and target, 转正时间 the day the probation ended (admission
    + a year + `extension_months`), an extension of 6 to 12 months.

    `dates` maps the fields of CHAIN (and "talked", "approved") to dates or None."""
    labels = field_labels()
    refusals = future_refusals(dates, today)
    given = [field for field in CHAIN if dates.get(field)]
    ordered = True
    for field in given:
        earlier = CHAIN[CHAIN.index(field) - 1] if field != CHAIN[0] else None
        if earlier and not dates.get(earlier):
            ordered = False
            refusals.append(
                Refusal(
                    field,
                    "missing_stage",
                    _(
                        "The date of %(stage)s is given without the date of %(earlier)s: the stages come in "
                        "order, fill in the earlier one."
                    )
                    % {"stage": labels[field], "earlier": labels[earlier]},
                )
            )
    if dates.get("approved") and not dates.get("admitted"):
        ordered = False
        refusals.append(
            Refusal(
                "approved",
                "missing_stage",
                _(
                    "The date of %(stage)s is given without the date of %(earlier)s: the stages come in order, "
                    "fill in the earlier one."
                )
                % {"stage": labels["approved"], "earlier": labels["admitted"]},
            )
        )
    pairs = list(itertools.pairwise(given)) + [("applied", "talked"), ("admitted", "approved")]
    for earlier, later in pairs:
        if dates.get(earlier) and dates.get(later) and dates[later] < dates[earlier]:
            ordered = False
            refusals.append(
                Refusal(
                    later,
                    "out_of_order",
                    _(
                        "The date of %(stage)s (%(date)s) is before the date of %(earlier)s (%(earlier_date)s): "
                        "the stages come in order, so it may be %(earlier_date)s or later."
                    )
                    % {
                        "stage": labels[later],
                        "date": iso(dates[later]),
                        "earlier": labels[earlier],
                        "earlier_date": iso(dates[earlier]),
                    },
                )
            )
    if dates.get("applied"):
        refusal = age_refusal(id_number, dates["applied"])
        if refusal:
            refusals.append(refusal)
    if ordered:
        if dates.get("activist") and dates.get("target"):
            refusals.append(target_refusal(dates["activist"], dates["target"]))
        if dates.get("admitted") and dates.get("made_full"):
            refusals.append(made_full_refusal(dates["admitted"], dates["made_full"], extension_months))
    if extension_months is not None:
        refusal = extension_length_refusal(extension_months)
        if refusal:
            refusals.append(Refusal("probation_extension_months", refusal.code, refusal.message))
    return [refusal for refusal in refusals if refusal]


def not_before(field: str, day: datetime.date, earlier_field: str, earlier: datetime.date | None) -> Refusal | None:
    if earlier and day < earlier:
        labels = field_labels()
        return Refusal(
            field,
            "out_of_order",
            _(
                "The date of %(stage)s (%(date)s) is before the date of %(earlier)s (%(earlier_date)s): "
                "the stages come in order, so it may be %(earlier_date)s or later."
            )
            % {
                "stage": labels.get(field, field),
                "date": iso(day),
                "earlier": labels.get(earlier_field, earlier_field),
                "earlier_date": iso(earlier),
            },
        )
    return None


# --- the registry's own steps ------------------------------------------------------------------


def contact_persons_refusal(names: list[str]) -> Refusal | None:
    low, high = CONTACT_PERSONS
    if not low <= len(names) <= high:
        return Refusal(
            "contact_persons",
            "contact_persons",
            _("An activist has one or two contact persons (培养联系人); %(count)d were given.") % {"count": len(names)},
        )
    return None


def notice_refusal(notice, decision_label: str, day: datetime.date, today: datetime.date) -> Refusal | None:
    """The decision follows a public notice of REGISTRY_NOTICE_DAYS days [002]: it may be recorded
    on or after the notice's first day + its length, and only when no objection is open
    (docs/lifecycle.md#public-notices). `notice` is the decision's open notice, or None."""
    if notice is None:
        return Refusal(
            "date",
            "no_notice",
            _(
                "A decision on %(decision)s must follow a public notice of %(days)d days: start the notice first; "
                "the decision may then be recorded from %(date)s."
            )
            % {
                "decision": decision_label,
                "days": settings.REGISTRY_NOTICE_DAYS,
                "date": iso(today + datetime.timedelta(days=settings.REGISTRY_NOTICE_DAYS)),
            },
        )
    if day < notice.decision_from:
        return Refusal(
            "date",
            "notice_running",
            _(
                "The public notice runs %(days)d days, from %(start)s to %(last)s: the decision may be "
                "recorded on %(date)s or later."
            )
            % {
                "days": notice.days,
                "start": iso(notice.starts_on),
                "last": iso(notice.last_day),
                "date": iso(notice.decision_from),
            },
        )
    open_objections = [objection for objection in notice.objections.all() if objection.resolved_on is None]
    if open_objections:
        return Refusal(
            "date",
            "objection_open",
            _(
                "An objection raised on %(raised)s during the public notice is still open: resolve it, then "
                "record the decision (on the day it is resolved or later)."
            )
            % {"raised": iso(open_objections[0].raised_on)},
        )
    resolved = [objection.resolved_on for objection in notice.objections.all() if objection.resolved_on]
    if resolved and day < max(resolved):
        return Refusal(
            "date",
            "objection_open",
            _(
                "An objection to the public notice was resolved only on %(date)s: the decision may be recorded "
                "on %(date)s or later."
            )
            % {"date": iso(max(resolved))},
        )
    return None


def objection_refusal(notice, raised_on: datetime.date) -> Refusal | None:
    if not notice.starts_on <= raised_on <= notice.last_day:
        return Refusal(
            "raised_on",
            "outside_notice",
            _("An objection is raised during the public notice, from %(start)s to %(last)s.")
            % {"start": iso(notice.starts_on), "last": iso(notice.last_day)},
        )
    return None


def under_probation_refusal(
    field: str, code: str, name: str, role: str, rights_back_on: datetime.date | None
) -> Refusal:
    """An introducer or contact person under 留党察看 on the day (docs/lifecycle.md#discipline): during
    the term a member has no vote and cannot be elected [党章 art. 41], nor introduce anyone [细则]. The
    rights come back by themselves on `rights_back_on`. Who is under 留党察看 is asked of
    registry.members.rules.under_probation_of_rights by the caller (this module decides from facts)."""
    return Refusal(
        field,
        code,
        _(
            "%(name)s is under 留党察看 (probation within the party) on that day and has no rights as a member "
            "[党章 art. 41]: a %(role)s only from %(date)s, when the term ends."
        )
        % {"name": name, "role": role, "date": iso(rights_back_on) if rights_back_on else "—"},
    )


def contact_person_probation_refusals(rights_back: dict[str, datetime.date | None]) -> list[Refusal]:
    """Contact persons (培养联系人) are full members on the roster, none under 留党察看 on the day:
    `rights_back` maps each such name to the day their rights come back."""
    return [
        under_probation_refusal("contact_persons", "contact_person_under_probation", name, _("contact person"), day)
        for name, day in rights_back.items()
    ]


def introducer_refusals(introducers: list, day: datetime.date, rights_back: dict | None = None) -> list[Refusal]:
    """Two introducers (入党介绍人) who are full members on the roster on the day of admission, none under
    留党察看 on that day (`rights_back`: member pk → the day their rights come back, for those under it)."""
    rights_back = rights_back or {}
    refusals = []
    if len(introducers) != INTRODUCERS:
        refusals.append(
            Refusal(
                "introducers",
                "introducers",
                _("Admission needs two introducers who are full members; %(count)d were chosen.")
                % {"count": len(introducers)},
            )
        )
    for member in introducers:
        if member.status != "full":
            full_from = add_years(member.joined, PROBATION_YEARS) if member.joined else None
            refusals.append(
                Refusal(
                    "introducers",
                    "introducer_probationary",
                    _(
                        "%(name)s is a probationary member: an introducer must be a full member, which %(name)s can be "
                        "at the end of the probation (%(date)s at the earliest)."
                    )
                    % {"name": member.name, "date": iso(full_from) if full_from else "—"},
                )
            )
        elif member.made_full and member.made_full > day:
            refusals.append(
                Refusal(
                    "introducers",
                    "introducer_not_yet_full",
                    _(
                        "%(name)s became a full member on %(date)s: as an introducer, only for an admission on "
                        "%(date)s or later."
                    )
                    % {"name": member.name, "date": iso(member.made_full)},
                )
            )
        elif member.joined and member.joined > day:
            refusals.append(
                Refusal(
                    "introducers",
                    "introducer_not_yet_full",
                    _("%(name)s joined the party on %(date)s: as an introducer, only for an admission after that.")
                    % {"name": member.name, "date": iso(member.joined)},
                )
            )
        elif member.pk in rights_back:
            refusals.append(
                under_probation_refusal(
                    "introducers", "introducer_under_probation", member.name, _("introducer"), rights_back[member.pk]
                )
            )
    return refusals


def extension_refusals(candidate, day: datetime.date, months: int) -> list[Refusal]:
    """An extension is decided when the probation ends, once, by 6 to 12 months [党章 art. 7; 细则 art. 33]:
    not in the probation's first months, but on or after the day a year of probation ends."""
    refusals = []
    if candidate.probation_extension_months:
        extended_on = candidate.probation_extended_on
        refusals.append(
            Refusal(
                "months",
                "extended_twice",
                _("Probation may be extended only once; it was extended on %(date)s by %(months)d months.")
                % {"date": iso(extended_on) if extended_on else "—", "months": candidate.probation_extension_months},
            )
        )
    ends = end_of_probation(candidate.admitted)
    if day < ends:
        refusals.append(
            Refusal(
                "date",
                "extension_too_soon",
                _(
                    "An extension of the probation is decided when the probation ends, on %(date)s or later (a "
                    "year from the admission on %(admitted)s)."
                )
                % {"date": iso(ends), "admitted": iso(candidate.admitted)},
            )
        )
    refusal = extension_length_refusal(months)
    if refusal:
        refusals.append(refusal)
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
            due(
                _("Talk with the applicant (within one month of the application)"),
                add_months(candidate.applied, TALK_WITHIN_MONTHS),
            )
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
        due(
            _("End of probation: may be made full (after a public notice)"),
            end_of_probation(candidate.admitted, candidate.probation_extension_months),
        )
    elif stage == "full" and not candidate.full_approved:
        due(
            _("Approval of full membership by the higher committee"),
            approval_deadline(candidate.full_decided or candidate.made_full),
        )
    return items


def path_of(candidate) -> list[dict]:
    """The candidate's whole path as a timeline, oldest first: [{date, label, detail, kind}]."""
    events = []

    def add(day, label, detail="", kind="stage"):
        if day:
            events.append({"date": day, "label": label, "detail": detail, "kind": kind})

    add(candidate.applied, _("Applied to join the party"))
    add(candidate.talked, _("Talk with the applicant"), kind="talk")
    add(
        candidate.activist,
        _("Became an activist"),
        _("Contact persons: %(names)s") % {"names": candidate.contact_persons} if candidate.contact_persons else "",
    )
    for assessment in candidate.assessments.all():
        add(
            assessment.assessed_on,
            _("Assessment by %(assessor)s") % {"assessor": assessment.assessor},
            assessment.remark,
            kind="assessment",
        )
    for notice in candidate.notices.all():
        add(
            notice.starts_on,
            _("Public notice: %(decision)s") % {"decision": notice.get_decision_display()},
            _("%(start)s to %(last)s") % {"start": iso(notice.starts_on), "last": iso(notice.last_day)},
            kind="notice",
        )
        for objection in notice.objections.all():
            add(objection.raised_on, _("Objection raised"), objection.text, kind="objection")
            add(objection.resolved_on, _("Objection resolved"), objection.resolution, kind="objection")
        add(notice.withdrawn_on, _("Public notice withdrawn"), kind="notice")
    add(candidate.target, _("Became a development target"))
    add(
        candidate.admitted,
        _("Admitted as probationary member"),
        _("Introducers: %(names)s") % {"names": candidate.introducers} if candidate.introducers else "",
    )
    add(candidate.approved, _("Admission approved by the higher committee"), kind="approval")
    if candidate.probation_extended_on:
        add(
            candidate.probation_extended_on,
            _("Probation extended by %(months)d months") % {"months": candidate.probation_extension_months},
            kind="probation",
        )
    add(candidate.made_full, _("Became a full member (the probation ended)"))
    add(candidate.full_decided, _("Full membership decided by the branch meeting"))
    add(candidate.full_approved, _("Full membership approved by the higher committee"), kind="approval")
    add(candidate.cancelled_on, _("Probationary status cancelled"), candidate.cancel_reason)
    events.sort(key=lambda event: event["date"])
    return events
