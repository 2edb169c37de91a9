"""Every write of committees, terms and elections (docs/committees.md): keyword-only, in one
transaction, each record saved with its history row naming who made the change. The rules
(registry/committees/rules.py) are asked first; a refusal is a ValidationError naming the field,
with the rule's code, and nothing is written."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from branches import clock
from branches.models import Organization
from branches.services import save_with_history, update_with_history
from registry.committees import rules
from registry.committees.selectors import person_of
from registry.models import (
    CommitteeMembership,
    CommitteeSettings,
    Discipline,
    Election,
    ElectionCandidate,
    Member,
    Postponement,
)
from registry.orglife.compliance import rules as compliance_rules

Post = CommitteeMembership.Post


def refuse(found: list[rules.Refusal]) -> None:
    """Raises the refusals as one ValidationError, each under its field with its code."""
    errors: dict[str, list] = {}
    for refusal in found:
        errors.setdefault(refusal.field or "__all__", []).append(ValidationError(refusal.message, code=refusal.code))
    raise ValidationError(errors)


def _with_disciplines(members) -> dict[int, Member]:
    """The members by id, with their organization and their disciplines (for person_of): two queries."""
    ids = [member.pk for member in members]
    return (
        Member.all_members.select_related("organization")
        .prefetch_related(Prefetch("disciplines", queryset=Discipline.objects.order_by("date", "id")))
        .in_bulk(ids)
    )


def _recorded_by(actor):
    return actor if getattr(actor, "pk", None) else None


# --- posts ----------------------------------------------------------------------------------------


@dataclass
class PostData:
    member: Member
    post: str
    started_on: datetime.date
    ended_on: datetime.date | None = None
    post_title: str = ""
    secretary_pool: str = ""
    election: Election | None = None


def post_refusals(organization: Organization, data: PostData, *, today: datetime.date, exclude=None) -> list:
    """What the rules refuse of one post: its dates, who may hold it (rules.eligibility_refusal, on
    the day it begins), one secretary at a time, one post per member at a time."""
    found = rules.post_dates_refusals(started_on=data.started_on, ended_on=data.ended_on, today=today)
    if organization.level in rules.NO_COMMITTEE_LEVELS:
        found.append(
            rules.Refusal(
                "__all__",
                "organization_cannot_elect",
                _("A party group has a leader, not a committee: record the committee of its branch."),
            )
        )
    if data.secretary_pool and data.post != Post.SECRETARY:
        found.append(
            rules.Refusal(
                "secretary_pool", "pool_not_secretary", _("Only a secretary is drawn from the secretaries' pool.")
            )
        )
    member = _with_disciplines([data.member])[data.member.pk]
    refusal = rules.eligibility_refusal(
        person_of(member, data.started_on),
        organization_path=organization.path,
        organization_name=organization.name,
        day=data.started_on,
    )
    if refusal is not None:
        found.append(refusal)
    others = CommitteeMembership.objects.filter(organization=organization).exclude(pk=exclude)
    period = (data.started_on, data.ended_on)
    for other in others.filter(member=data.member):
        if rules.overlapping(period, (other.started_on, other.ended_on)):
            found.append(
                rules.Refusal(
                    "member",
                    "post_overlaps",
                    _("%(name)s already holds a post on this committee from %(day)s.")
                    % {"name": member.name, "day": other.started_on.isoformat()},
                )
            )
            break
    if data.post == Post.SECRETARY:
        for other in others.filter(post=Post.SECRETARY).select_related("member"):
            if rules.overlapping(period, (other.started_on, other.ended_on)):
                found.append(
                    rules.Refusal(
                        "post",
                        "two_secretaries",
                        _(
                            "%(name)s is the secretary from %(day)s: an organization has one secretary at a time. "
                            "End that post first, or record an election."
                        )
                        % {"name": other.member.name, "day": other.started_on.isoformat()},
                    )
                )
                break
    return found


@transaction.atomic
def post_create(*, organization: Organization, data: PostData, actor, today: datetime.date | None = None):
    """Puts a member on the organization's committee (a secretary appointed, a member co-opted, a post
    filled between elections)."""
    found = post_refusals(organization, data, today=today or clock.today())
    if found:
        refuse(found)
    post = CommitteeMembership(
        organization=organization,
        member=data.member,
        post=data.post,
        post_title=data.post_title if data.post == Post.OTHER else "",
        started_on=data.started_on,
        ended_on=data.ended_on,
        secretary_pool=data.secretary_pool,
        election=data.election,
    )
    save_with_history(post, actor=actor)
    return post


@transaction.atomic
def post_import(*, organization: Organization, data: PostData, actor) -> CommitteeMembership:
    """A post as the committee_members import gives it, the rules checked by the import over the whole
    file (two secretaries at a time, one post per member); `data.election` is the id of the election
    it joins (the organization's latest held on or before the post began), or None."""
    post = CommitteeMembership(
        organization=organization,
        member=data.member,
        post=data.post,
        post_title=data.post_title if data.post == Post.OTHER else "",
        started_on=data.started_on,
        ended_on=data.ended_on,
        secretary_pool=data.secretary_pool,
        election_id=data.election,
    )
    save_with_history(post, actor=actor)
    return post


@transaction.atomic
def post_import_update(*, post: CommitteeMembership, data: PostData, actor, reason: str = "") -> list:
    """An import row for a post already recorded: its post and title, and the end and pool where given
    (an empty cell never erases)."""
    changes = {"post": data.post, "post_title": data.post_title if data.post == Post.OTHER else ""}
    if data.ended_on is not None:
        changes["ended_on"] = data.ended_on
    if data.secretary_pool:
        changes["secretary_pool"] = data.secretary_pool
    return update_with_history(post, changes=changes, actor=actor, reason=reason)


@transaction.atomic
def post_end(*, post: CommitteeMembership, ended_on: datetime.date, actor, today: datetime.date | None = None) -> list:
    """A member leaves the committee on `ended_on` (from that day no longer in office)."""
    found = rules.post_dates_refusals(started_on=post.started_on, ended_on=ended_on, today=today or clock.today())
    if post.ended_on is not None:
        found.append(
            rules.Refusal(
                "ended_on",
                "post_ended",
                _("This post ended on %(day)s already.") % {"day": post.ended_on.isoformat()},
            )
        )
    if found:
        refuse(found)
    return update_with_history(post, changes={"ended_on": ended_on}, actor=actor)


# --- elections ------------------------------------------------------------------------------------


@dataclass
class ElectionData:
    number: int
    held_on: datetime.date
    term_years: int
    voters_expected: int
    voters_present: int
    seats: int | None = None
    candidates: list[tuple[Member, int]] = field(default_factory=list)  # (member, votes)
    secretary: Member | None = None
    deputy: Member | None = None
    secretary_pool: str = ""
    secretary_approved_by: str = ""
    secretary_approved_on: datetime.date | None = None
    notes: str = ""


def election_refusals(
    organization: Organization, data: ElectionData, *, today: datetime.date, exclude=None
) -> tuple[list, list]:
    """(refusals, the candidates elected) — the attendance, the dates, the term, the order of the
    terms, the candidates (who may stand, 差额, votes) and the secretary and deputy among those elected."""
    found = []
    if organization.level in rules.NO_COMMITTEE_LEVELS:
        found.append(
            rules.Refusal(
                "__all__",
                "organization_cannot_elect",
                _("A party group has a leader, not a committee: record the election of its branch."),
            )
        )
    found += rules.attendance_refusals(expected=data.voters_expected, present=data.voters_present)
    found += rules.election_date_refusals(held_on=data.held_on, today=today, approved_on=data.secretary_approved_on)
    if (refusal := rules.term_years_refusal(data.term_years)) is not None:
        found.append(refusal)
    others = Election.objects.filter(organization=organization).exclude(pk=exclude)
    if others.filter(number=data.number).exists():
        found.append(
            rules.Refusal(
                "number",
                "duplicate",
                _("Term %(number)d of this organization is recorded already.") % {"number": data.number},
            )
        )
    elif others.filter(held_on=data.held_on).exists():
        found.append(
            rules.Refusal(
                "held_on",
                "duplicate",
                _("This organization already has an election on %(day)s.") % {"day": data.held_on.isoformat()},
            )
        )
    elif (
        refusal := rules.number_order_refusal(
            number=data.number, held_on=data.held_on, others=list(others.values_list("number", "held_on"))
        )
    ) is not None:
        found.append(refusal)
    elected: list[Member] = []
    if data.seats is None:
        return found, elected
    members = _with_disciplines([member for member, _votes in data.candidates])
    for member, _votes in data.candidates:
        refusal = rules.eligibility_refusal(
            person_of(members[member.pk], data.held_on),
            organization_path=organization.path,
            organization_name=organization.name,
            day=data.held_on,
            field="candidates",
        )
        if refusal is not None:
            found.append(refusal)
    votes = [count for _member, count in data.candidates]
    found += rules.candidate_refusals(seats=data.seats, votes=votes, present=data.voters_present)
    elected, refusal = rules.elected_among(data.candidates, present=data.voters_present, seats=data.seats)
    if refusal is not None:
        found.append(refusal)
    elected_ids = {member.pk for member in elected}
    for role, member in (("secretary", data.secretary), ("deputy", data.deputy)):
        if member is not None and member.pk not in elected_ids:
            found.append(
                rules.Refusal(
                    role,
                    "not_elected",
                    _(
                        "%(name)s was not elected to the committee: the secretary and the deputy are chosen "
                        "among those elected."
                    )
                    % {"name": member.name},
                )
            )
    if data.secretary is not None and data.deputy is not None and data.secretary.pk == data.deputy.pk:
        found.append(
            rules.Refusal("deputy", "deputy_is_secretary", _("The deputy is someone other than the secretary."))
        )
    return found, elected


@transaction.atomic
def election_record(
    *, organization: Organization, data: ElectionData, actor, today: datetime.date | None = None
) -> Election:
    """Records an election (换届选举) and, when it is the organization's latest, its committee: the
    posts held until then end on the election's day, and those elected take office on it — the
    secretary, the deputy, the others as committee members. A vote with too few present, too few
    candidates, a candidate who may not stand, a tie at the last seat: refused, nothing written."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    found, elected = election_refusals(organization, data, today=today or clock.today())
    if found:
        refuse(found)
    election = Election(
        organization=organization,
        number=data.number,
        held_on=data.held_on,
        term_years=data.term_years,
        voters_expected=data.voters_expected,
        voters_present=data.voters_present,
        seats=data.seats,
        secretary_approved_by=data.secretary_approved_by,
        secretary_approved_on=data.secretary_approved_on,
        notes=data.notes,
        recorded_by=_recorded_by(actor),
    )
    save_with_history(election, actor=actor)
    elected_ids = {member.pk for member in elected}
    for member, votes in data.candidates:
        save_with_history(
            ElectionCandidate(election=election, member=member, votes=votes, elected=member.pk in elected_ids),
            actor=actor,
        )
    latest = not Election.objects.filter(organization=organization, held_on__gt=data.held_on).exists()
    if elected and latest:
        _seat_committee(organization, election, data, elected, actor=actor)
    return election


def _seat_committee(organization, election: Election, data: ElectionData, elected: list[Member], *, actor) -> None:
    """The committee the election made: the posts held on its day end then, the elected take office."""
    for post in CommitteeMembership.objects.filter(organization=organization, ended_on__isnull=True):
        update_with_history(
            post, changes={"ended_on": max(data.held_on, post.started_on)}, actor=actor, reason=_("new committee")
        )
    for member in elected:
        if data.secretary is not None and member.pk == data.secretary.pk:
            post, pool = Post.SECRETARY, data.secretary_pool
        elif data.deputy is not None and member.pk == data.deputy.pk:
            post, pool = Post.DEPUTY_SECRETARY, ""
        else:
            post, pool = Post.MEMBER, ""
        save_with_history(
            CommitteeMembership(
                organization=organization,
                member=member,
                post=post,
                started_on=data.held_on,
                secretary_pool=pool,
                election=election,
            ),
            actor=actor,
        )


@transaction.atomic
def election_import(*, organization: Organization, data: ElectionData, actor) -> Election:
    """An election as the elections import gives it (no candidates: the committee's members come in
    with the committee_members import, after it). The import has checked the rules."""
    election = Election(
        organization=organization,
        number=data.number,
        held_on=data.held_on,
        term_years=data.term_years,
        voters_expected=data.voters_expected,
        voters_present=data.voters_present,
        recorded_by=_recorded_by(actor),
    )
    save_with_history(election, actor=actor)
    return election


@transaction.atomic
def election_update(*, election: Election, changes: dict, actor, reason: str = "") -> list:
    """Changes an election's figures (an import row for a term already recorded); its end follows."""
    return update_with_history(election, changes=changes, actor=actor, reason=reason)


@transaction.atomic
def approval_record(
    *, election: Election, approved_by: str, approved_on: datetime.date, actor, today: datetime.date | None = None
) -> list:
    """The higher committee's approval of the secretary elected (上级党组织批复), with its day."""
    found = rules.election_date_refusals(
        held_on=election.held_on, today=today or clock.today(), approved_on=approved_on
    )
    if found:
        refuse(found)
    return update_with_history(
        election,
        changes={"secretary_approved_by": approved_by, "secretary_approved_on": approved_on},
        actor=actor,
    )


@transaction.atomic
def postponement_record(
    *,
    election: Election,
    approved_by: str,
    approved_on: datetime.date,
    until: datetime.date,
    reason: str,
    actor,
    today: datetime.date | None = None,
) -> Postponement:
    """A term postponed (延期换届) to `until`, at most a year after its end, approved by the committee above."""
    found = rules.postponement_refusals(
        ends_on=election.ends_on, until=until, approved_on=approved_on, today=today or clock.today()
    )
    if Election.objects.filter(organization=election.organization_id, held_on__gt=election.held_on).exists():
        found.append(
            rules.Refusal(
                "__all__",
                "term_replaced",
                _("A later election has replaced this term: there is nothing to postpone."),
            )
        )
    if found:
        refuse(found)
    postponement = Postponement(
        election=election,
        approved_by=approved_by,
        approved_on=approved_on,
        until=until,
        reason=reason,
        recorded_by=_recorded_by(actor),
    )
    save_with_history(postponement, actor=actor)
    return postponement


# --- a committee's own frequencies and terms (issue 27 §1) ----------------------------------------


@transaction.atomic
def own_settings_save(
    *, organization: Organization, frequencies: dict[str, str], term_years: dict[str, int | None], actor
) -> list[str]:
    """A committee's own frequencies of meetings (kind → month, quarter or year) and terms (level →
    years), which its subtree follows in place of the deployment's settings; a kind or level left empty
    follows the deployment's. Refused whole, with nothing written, for an organization that is not a
    party committee, a frequency not one of the three, or a term outside the rule's years."""
    if organization.level != Organization.Level.COMMITTEE:
        raise ValidationError(_("Only a party committee sets its own frequencies and terms."), code="not_committee")
    found, kept_frequencies, kept_years = [], {}, {}
    for kind, frequency in frequencies.items():
        if not frequency:
            continue
        if kind not in settings.REGISTRY_MEETING_FREQUENCIES or frequency not in compliance_rules.FREQUENCIES:
            found.append(
                rules.Refusal(
                    f"frequency_{kind}", "frequency", _("Choose once a month, once a quarter or once a year.")
                )
            )
        kept_frequencies[kind] = frequency
    for level, years in term_years.items():
        if years is None:
            continue
        refusal = rules.term_years_refusal(years, f"term_years_{level}")
        if level not in settings.REGISTRY_TERM_YEARS and refusal is None:
            refusal = rules.Refusal(f"term_years_{level}", "level", _("No term is kept for this level."))
        found += [refusal] if refusal is not None else []
        kept_years[level] = years
    if found:
        refuse(found)
    changes = {"meeting_frequencies": kept_frequencies, "term_years": kept_years}
    row = CommitteeSettings.objects.select_for_update().filter(organization=organization).first()
    if row is not None:
        return update_with_history(row, changes=changes, actor=actor)
    save_with_history(CommitteeSettings(organization=organization, **changes), actor=actor)
    return list(changes)
