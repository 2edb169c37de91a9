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
TRAINING_HOURS = 24  # a development target's training: at least 3 days or 24 class hours [细则 art. 17]
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
    if day.day <= 28:  # every month has the day (and monthrange's weekday is not needed)
        return datetime.date(year, month, day.day)
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
        "political_review_on": _("the political review"),
        "training_completed_on": _("the training"),
        "pre_reviewed_on": _("the committee's pre-review"),
        "application_form_on": _("issuing the application form"),
        "committee_talk_on": _("the higher committee's talk"),
        "oath_on": _("the oath"),
        "probation_extended_on": _("extending the probation"),
        "extension_approved": _("the approval of the extension"),
        "full_approved": _("the approval of full membership"),
        "cancelled_on": _("cancelling the probation"),
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
    dates: dict,
    *,
    id_number: str,
    today: datetime.date,
    extension_months: int | None = None,
    vote: tuple | None = None,
    training_hours: int | None = None,
) -> list[Refusal]:
    """A candidate's dates as a ledger row gives them (docs/spreadsheets.md#development-columns):
    none in the future, no later stage without an earlier one, in order, the age of 18 on the day
    of applying, a year between activist and target, 转正时间 the day the probation ended (admission
    + a year + `extension_months`), an extension of 6 to 12 months; and the steps around admission
    where given (`step_history_refusals`: in order, the training's hours, the vote carried).

    `dates` maps the fields of CHAIN (and "talked", "approved", the steps' fields of STEP_FOLLOWS and
    AFTER_ADMISSION) to dates or None; `vote` is (expected, present, for), any of them None."""
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
    if ordered:
        refusals += step_history_refusals(
            dates, vote=vote, training_hours=training_hours, extension_months=extension_months
        )
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
    refusals += [extension_day_refusal(candidate.admitted, day), extension_length_refusal(months)]
    return [refusal for refusal in refusals if refusal]


# --- the steps around admission (docs/lifecycle.md#steps-before-admission) -----------------------

# Each step follows the steps it names [细则 art. 16–24; 党章 art. 5, 6]: the political review and the
# training of a development target [细则 art. 16, 17]; the grassroots committee's pre-review after
# both, and the application form (入党志愿书) it then issues [细则 art. 19]; the branch meeting's vote,
# which is the admission [细则 art. 20, 21]; the higher committee's talk before it approves [党章 art. 5;
# 细则 art. 23] and its approval [细则 art. 24]; the oath after the approval [党章 art. 6]. Recorded on
# the registry's pages a step needs the steps before it (`step_refusals`); on an imported row each is
# optional, and in order with the nearest earlier step the row gives (`step_history_refusals`).
STEP_FOLLOWS = {
    "political_review_on": ("target",),
    "training_completed_on": ("target",),
    "pre_reviewed_on": ("political_review_on", "training_completed_on"),
    "application_form_on": ("pre_reviewed_on",),
    "admitted": ("application_form_on",),
    "committee_talk_on": ("admitted",),
    "approved": ("committee_talk_on",),
    "oath_on": ("approved",),
}
BEFORE_ADMISSION = ("political_review_on", "training_completed_on", "pre_reviewed_on", "application_form_on")
# The dates that need an admission date on a ledger row: the steps after it and the probation's end.
AFTER_ADMISSION = (
    "committee_talk_on",
    "oath_on",
    "probation_extended_on",
    "extension_approved",
    "full_decided",
    "full_approved",
    "cancelled_on",
)
NOT_QUALIFIED = "not_qualified"  # Candidate.PoliticalReview.NOT_QUALIFIED


def _missing_stage(field: str, earlier: str) -> Refusal:
    labels = field_labels()
    return Refusal(
        field,
        "missing_stage",
        _(
            "The date of %(stage)s is given without the date of %(earlier)s: the stages come in order, fill in the "
            "earlier one."
        )
        % {"stage": labels[field], "earlier": labels[earlier]},
    )


def _earlier_given(field: str, dates: dict) -> list[str]:
    """The steps `field` follows that `dates` gives, looking past those it does not give."""
    found = []
    for earlier in STEP_FOLLOWS.get(field, ()):
        names = [earlier] if dates.get(earlier) else _earlier_given(earlier, dates)
        found += [name for name in names if name not in found]
    return found


def step_refusals(
    field: str, day: datetime.date, recorded: dict, follows: tuple[str, ...] | None = None
) -> list[Refusal]:
    """A step recorded on the registry's pages: each step it follows (STEP_FOLLOWS, or `follows`) is
    recorded, and it is dated on or after each of them. `recorded` maps the candidate's fields to
    their dates (None: not recorded). The refusals name the step, and the step to record first or the
    date from which this one is possible; they are the form's "date"."""
    labels = field_labels()
    refusals = []
    for earlier in STEP_FOLLOWS.get(field, ()) if follows is None else follows:
        earlier_day = recorded.get(earlier)
        if earlier_day is None:
            refusals.append(
                Refusal(
                    "date",
                    "missing_step",
                    _(
                        "%(step)s follows %(earlier)s, which is not recorded yet: record %(earlier)s first; "
                        "%(step)s may then be dated on that day or later."
                    )
                    % {"step": labels.get(field, field), "earlier": labels.get(earlier, earlier)},
                )
            )
        else:
            refusal = not_before(field, day, earlier, earlier_day)
            if refusal:
                refusals.append(Refusal("date", refusal.code, refusal.message))
    return refusals


def political_review_refusal(conclusion: str, concluded_on: datetime.date | None) -> Refusal | None:
    """No one whose political review is not qualified is admitted [细则 art. 16]."""
    if conclusion != NOT_QUALIFIED:
        return None
    return Refusal(
        "date",
        "political_review_not_qualified",
        _(
            "The political review concluded on %(date)s found the development target not qualified: no one is "
            "admitted without a qualified political review [细则 art. 16]."
        )
        % {"date": iso(concluded_on) if concluded_on else "—"},
    )


def training_refusal(hours: int | None) -> Refusal | None:
    """A development target's training lasts at least 3 days or 24 class hours [细则 art. 17]."""
    if hours is None or hours >= TRAINING_HOURS:
        return None
    return Refusal(
        "training_hours",
        "training_hours",
        _(
            "The development target's training lasts at least 3 days or %(needed)d class hours [细则 art. 17]; "
            "%(hours)d were given."
        )
        % {"needed": TRAINING_HOURS, "hours": hours},
    )


def votes_needed(expected: int) -> int:
    """More than half of `expected`: the smallest number that is."""
    return expected // 2 + 1


def vote_refusals(expected: int | None, present: int | None, votes_for: int | None) -> list[Refusal]:
    """The branch meeting's vote on an admission: it may decide only when more than half of the full
    members with a vote are present [细则 art. 20], and admits only when the votes for are more than
    half of the members with a vote [细则 art. 21] — so also more than half of those present. A member
    who cannot come and sends a written opinion before the meeting is counted among the votes
    [细则 art. 21]: the votes for may exceed those present, never those with a vote. Who has a vote
    (full members whose membership is held here, not under 留党察看 on the day) is counted by the
    caller (registry.development.selectors.voters_on)."""
    given = {"vote_expected": expected, "vote_present": present, "vote_for": votes_for}
    if None in given.values():
        labels = {
            "vote_expected": _("members with a vote"),
            "vote_present": _("members with a vote present"),
            "vote_for": _("votes for"),
        }
        missing = "、".join(str(labels[field]) for field, value in given.items() if value is None)
        return [
            Refusal(
                next(field for field, value in given.items() if value is None),
                "vote_counts",
                _(
                    "The branch meeting's vote is three numbers — members with a vote, members with a vote "
                    "present, votes for —; not given: %(missing)s."
                )
                % {"missing": missing},
            )
        ]
    over = [(field, given[field]) for field in ("vote_present", "vote_for") if given[field] > expected]
    if over:
        return [
            Refusal(
                field,
                "vote_counts",
                _(
                    "%(count)d is more than the %(expected)d members with a vote: neither those present nor the "
                    "votes for can be more than they."
                )
                % {"count": count, "expected": expected},
            )
            for field, count in over
        ]
    needed = votes_needed(expected)
    if expected == 0:
        return [
            Refusal(
                "vote_present",
                "vote_not_carried",
                _(
                    "No member has a vote on that day — full members whose membership is held here and who are "
                    "not under 留党察看 —: the branch meeting cannot admit anyone [细则 art. 20]."
                ),
            )
        ]
    refusals = []
    if present < needed:
        refusals.append(
            Refusal(
                "vote_present",
                "vote_not_carried",
                _(
                    "The branch meeting could not decide: %(present)d of the %(expected)d members with a vote "
                    "were present, and more than half — at least %(needed)d — must be [细则 art. 20]."
                )
                % {"present": present, "expected": expected, "needed": needed},
            )
        )
    if votes_for < needed:
        refusals.append(
            Refusal(
                "vote_for",
                "vote_not_carried",
                _(
                    "The admission was not carried: %(votes)d votes for, and it needs more than half of the "
                    "%(expected)d members with a vote — at least %(needed)d [细则 art. 21]."
                )
                % {"votes": votes_for, "expected": expected, "needed": needed},
            )
        )
    return refusals


def extension_day_refusal(admitted: datetime.date, day: datetime.date, field: str = "date") -> Refusal | None:
    """An extension is decided when the probation ends, on or after admission + a year [党章 art. 7;
    细则 art. 33]: not in the probation's first months."""
    ends = end_of_probation(admitted)
    if day < ends:
        return Refusal(
            field,
            "extension_too_soon",
            _(
                "An extension of the probation is decided when the probation ends, on %(date)s or later (a "
                "year from the admission on %(admitted)s)."
            )
            % {"date": iso(ends), "admitted": iso(admitted)},
        )
    return None


def step_history_refusals(
    dates: dict, *, vote: tuple | None = None, training_hours: int | None = None, extension_months: int | None = None
) -> list[Refusal]:
    """The steps around admission as a ledger row gives them, each optional: a step before admission
    needs the development target's date, one after it the admission's; each is on or after the
    nearest earlier step given; the training's hours, the vote carried; the probation's end in order
    (an extension decided when the probation ends and approved after, the approval of full
    membership after the decision, a cancelled probation not also made full)."""
    refusals = []
    for field in BEFORE_ADMISSION:
        if dates.get(field) and not dates.get("target"):
            refusals.append(_missing_stage(field, "target"))
    for field in AFTER_ADMISSION:
        if dates.get(field) and not dates.get("admitted"):
            refusals.append(_missing_stage(field, "admitted"))
    if refusals:
        return refusals
    pairs = [(earlier, field) for field in STEP_FOLLOWS if dates.get(field) for earlier in _earlier_given(field, dates)]
    pairs += [("probation_extended_on", "extension_approved"), ("made_full", "full_decided")]
    pairs += [("full_decided" if dates.get("full_decided") else "made_full", "full_approved")]
    pairs += [("admitted", "cancelled_on")]
    for earlier, later in pairs:
        if (earlier in CHAIN and later in CHAIN) or (earlier, later) == ("admitted", "approved"):
            continue  # the stages' own order, checked with them
        if dates.get(earlier) and dates.get(later):
            refusals.append(not_before(later, dates[later], earlier, dates[earlier]))
    if dates.get("probation_extended_on"):
        refusals.append(
            extension_day_refusal(dates["admitted"], dates["probation_extended_on"], "probation_extended_on")
        )
        if extension_months is None:
            refusals.append(
                Refusal(
                    "probation_extended_on",
                    "missing_stage",
                    _("The day the probation was extended is given without 延长预备期（月）: give the months too."),
                )
            )
    if dates.get("extension_approved") and not dates.get("probation_extended_on"):
        refusals.append(_missing_stage("extension_approved", "probation_extended_on"))
    refusals += [
        _missing_stage(field, "made_full")
        for field in ("full_decided", "full_approved")
        if dates.get(field) and not dates.get("made_full")
    ]
    if dates.get("cancelled_on") and dates.get("made_full"):
        refusals.append(
            Refusal(
                "cancelled_on",
                "cancelled_and_full",
                _(
                    "A probationary member is either made full (转正时间 %(date)s) or has the status cancelled, not "
                    "both: remove one of the two dates."
                )
                % {"date": iso(dates["made_full"])},
            )
        )
    refusals.append(training_refusal(training_hours))
    if vote and any(value is not None for value in vote):
        if dates.get("admitted"):
            refusals += vote_refusals(*vote)
        else:
            refusals.append(
                Refusal(
                    "vote_expected",
                    "missing_stage",
                    _("The branch meeting's vote is given without 接收预备党员时间: the vote is the admission's."),
                )
            )
    return [refusal for refusal in refusals if refusal]


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
        if not candidate.approved and not candidate.committee_talk_on:
            due(_("Talk by the higher committee, before its approval"), approval_deadline(candidate.admitted))
        if not candidate.approved:
            due(_("Approval of the admission by the higher committee"), approval_deadline(candidate.admitted))
        if candidate.probation_extended_on and not candidate.extension_approved:
            due(
                _("Approval of the extension by the higher committee"),
                approval_deadline(candidate.probation_extended_on),
            )
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
        candidate.political_review_on,
        _("Political review concluded"),
        candidate.get_political_review_display() if candidate.political_review else "",
        kind="step",
    )
    add(
        candidate.training_completed_on,
        _("Training completed"),
        _("%(hours)d class hours") % {"hours": candidate.training_hours} if candidate.training_hours else "",
        kind="step",
    )
    add(candidate.pre_reviewed_on, _("Pre-reviewed by the committee"), kind="step")
    add(
        candidate.application_form_on,
        _("Application form issued"),
        _("No. %(number)s") % {"number": candidate.application_form_number}
        if candidate.application_form_number
        else "",
        kind="step",
    )
    details = [_("Introducers: %(names)s") % {"names": candidate.introducers}] if candidate.introducers else []
    if candidate.vote_expected is not None:
        details.append(
            _("Vote: %(for)d for, %(present)d present of %(expected)d with a vote")
            % {"for": candidate.vote_for, "present": candidate.vote_present, "expected": candidate.vote_expected}
        )
    add(candidate.admitted, _("Admitted as probationary member"), "；".join(str(detail) for detail in details))
    add(candidate.committee_talk_on, _("Talk by the higher committee"), kind="talk")
    add(candidate.approved, _("Admission approved by the higher committee"), kind="approval")
    add(candidate.oath_on, _("Took the oath"), kind="step")
    if candidate.probation_extended_on:
        add(
            candidate.probation_extended_on,
            _("Probation extended by %(months)d months") % {"months": candidate.probation_extension_months},
            kind="probation",
        )
    add(candidate.extension_approved, _("Extension approved by the higher committee"), kind="approval")
    add(candidate.made_full, _("Became a full member (the probation ended)"))
    add(candidate.full_decided, _("Full membership decided by the branch meeting"))
    add(candidate.full_approved, _("Full membership approved by the higher committee"), kind="approval")
    add(candidate.cancelled_on, _("Probationary status cancelled"), candidate.cancel_reason)
    events.sort(key=lambda event: event["date"])
    return events
