"""Drafting the half-yearly liaison letters (函告) from the records.

Article 004: a letter to a dual-management partner must report the number of mobile members and
where they come from, the organizations formed and what they did, how members took part in
local activities, and how secretaries and members performed. The first three are drafted here
from the roster and the outreach records (activities and attendance); the fourth is the staff's.

One letter per home organization: the distinct `Member.origin_organization` among the members on
the roster whose membership is still at home — everyone but the self-managed, whose membership
was transferred here. Drafting a whole half year takes four queries, whatever the number of letters.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from outreach.models import LiaisonLetter
from registry.appraisal.selectors import letter_results
from registry.models import Attendance, Gathering, Member
from registry.orglife.compliance.participation import half_year_participation

LIST_SEPARATOR = "、"


def letter_members() -> QuerySet[Member]:
    """Members a home organization is written to about: on the roster, membership still at home."""
    return Member.objects.exclude(origin_organization="").exclude(category=Member.Category.SELF_MANAGED)


def period_bounds(year: int, half: int) -> tuple[datetime.date, datetime.date]:
    if half == 1:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    return datetime.date(year, 7, 1), datetime.date(year, 12, 31)


def last_completed_half(today: datetime.date) -> tuple[int, int]:
    """The half year that letters are due for on `today`: the one that ended last."""
    return (today.year - 1, 2) if today.month <= 6 else (today.year, 1)


def current_half(today: datetime.date) -> tuple[int, int]:
    return today.year, 1 if today.month <= 6 else 2


def proposed_half(today: datetime.date, drafted: set[tuple[int, int]]) -> tuple[int, int]:
    """The half year the drafting form proposes: the one that ended last if its letters are not
    drafted yet, otherwise the half year under way (in November, with the first half's letters
    sent, the second half — whose letters go out around the turn of the year)."""
    due = last_completed_half(today)
    return due if due not in drafted else current_half(today)


@dataclass
class Draft:
    home_organization: str
    member_count: int
    members_text: str
    organizations_text: str
    participation_text: str
    roster: list = field(default_factory=list)

    def texts(self) -> dict:
        return {name: getattr(self, name) for name in LiaisonLetter.GENERATED_FIELDS}

    @property
    def fingerprint(self) -> str:
        return LiaisonLetter.fingerprint(self.texts())


def _counted(counter: Counter) -> str:
    return LIST_SEPARATOR.join(
        _("%(name)s (%(count)s)") % {"name": name, "count": count} for name, count in counter.most_common()
    )


def _members_text(members: list[Member]) -> str:
    count = len(members)
    probationary = sum(1 for m in members if m.status == Member.Status.PROBATIONARY)
    lines = [
        ngettext(
            "%(count)s party member of your organization is with us (%(full)s full, %(probationary)s probationary).",
            "%(count)s party members of your organization are with us (%(full)s full, %(probationary)s probationary).",
            count,
        )
        % {"count": count, "full": count - probationary, "probationary": probationary}
    ]
    places = Counter(m.origin_address for m in members if m.origin_address)
    if places:
        lines.append(_("Where they come from: %(places)s.") % {"places": _counted(places)})
    workplaces = Counter(
        m.enterprise.name if m.enterprise_id else (m.work_address or _("workplace not known")) for m in members
    )
    lines.append(_("Where they work: %(places)s.") % {"places": _counted(workplaces)})
    lost = [m.name for m in members if m.lost_contact]
    if lost:
        lines.append(
            ngettext(
                "We have lost contact with %(count)s of them (%(names)s) and ask for your help in reaching them.",
                "We have lost contact with %(count)s of them (%(names)s) and ask for your help in reaching them.",
                len(lost),
            )
            % {"count": len(lost), "names": LIST_SEPARATOR.join(lost)}
        )
    return "\n".join(lines)


def _organizations_text(members: list[Member], activities_by_organization: dict) -> str:
    by_organization = defaultdict(list)
    for member in members:
        by_organization[member.organization].append(member.name)
    lines = [
        ngettext(
            "They take part in the life of %(count)s of our party organizations:",
            "They take part in the life of %(count)s of our party organizations:",
            len(by_organization),
        )
        % {"count": len(by_organization)}
    ]
    for organization, names in by_organization.items():
        lines.append(
            _("%(organization)s (%(level)s): %(names)s.")
            % {
                "organization": organization.name,
                "level": organization.get_level_display(),
                "names": LIST_SEPARATOR.join(names),
            }
        )
    held = [
        activity for organization in by_organization for activity in activities_by_organization.get(organization.pk, [])
    ]
    if held:
        lines.append(
            ngettext(
                "In the half year these organizations held %(count)s activity:",
                "In the half year these organizations held %(count)s activities:",
                len(held),
            )
            % {"count": len(held)}
        )
        for activity in sorted(held, key=lambda a: (a.date, a.pk)):
            lines.append(
                _("%(date)s, %(organizer)s: %(title)s (%(kind)s).")
                % {
                    "date": activity.date.isoformat(),
                    "organizer": activity.organization.name,
                    "title": activity.topic,
                    "kind": activity.kinds_text,
                }
            )
    else:
        lines.append(_("No activities of these organizations were recorded for the half year."))
    return "\n".join(lines)


def _participation_text(members: list[Member], attended: dict) -> str:
    times = sum(len(attended.get(m.pk, ())) for m in members)
    if not times:
        return _("No attendance of your members at local activities was recorded for the half year.")
    took_part = [m for m in members if attended.get(m.pk)]
    lines = [
        _(
            "In the half year your members took part in local activities %(times)s times; %(some)s of the "
            "%(count)s took part at least once."
        )
        % {"times": times, "some": len(took_part), "count": len(members)}
    ]
    for member in took_part:
        titles = LIST_SEPARATOR.join(activity.topic for activity in attended[member.pk])
        lines.append(
            ngettext(
                "%(name)s: %(count)s time (%(titles)s).",
                "%(name)s: %(count)s times (%(titles)s).",
                len(attended[member.pk]),
            )
            % {"name": member.name, "count": len(attended[member.pk]), "titles": titles}
        )
    absent = [m.name for m in members if not attended.get(m.pk)]
    if absent:
        lines.append(_("Not recorded at any activity: %(names)s.") % {"names": LIST_SEPARATOR.join(absent)})
    return "\n".join(lines)


def _organizational_life_text(members: list[Member], life: dict) -> str:
    """ORGLIFE.md §1: how each member took part in organizational life here in the half year — the
    meetings (三会一课, themed party days and the rest) that expected them, and those they took part in,
    here or elsewhere (registry/orglife/compliance/participation.py)."""
    lines = [_("Organizational life here in the half year, member by member:")]
    for member in members:
        found = life[member.pk]
        words = {
            "name": member.name,
            "attended": found.attended,
            "expected": found.expected,
            "elsewhere": found.elsewhere,
            "day": found.last.isoformat() if found.last else "",
        }
        if not found.expected and not found.attended:
            lines.append(_("%(name)s: no meeting expected them.") % words)
        elif found.elsewhere:
            lines.append(
                _(
                    "%(name)s: took part in %(attended)s of the %(expected)s meetings that expected them "
                    "(%(elsewhere)s of them elsewhere), the last on %(day)s."
                )
                % words
            )
        elif found.last:
            lines.append(
                _(
                    "%(name)s: took part in %(attended)s of the %(expected)s meetings that expected them, "
                    "the last on %(day)s."
                )
                % words
            )
        else:
            lines.append(_("%(name)s: took part in none of the %(expected)s meetings that expected them.") % words)
    return "\n".join(lines)


def _appraisal_text(members: list[Member], appraised: dict) -> str:
    """ORGLIFE.md §3: a mobile member's result in the annual appraisal (民主评议党员) held here goes to their
    home organization with the letter of the half year in which the branch decided it."""
    lines = []
    for member in members:
        for result in appraised.get(member.pk, ()):
            words = {
                "name": member.name,
                "year": result.appraisal_round.year,
                "organization": result.appraisal_round.organization.name,
                "grade": result.get_grade_display(),
            }
            if not result.grade:
                lines.append(
                    _("%(name)s: took part as a probationary member, without a grade (%(year)s, %(organization)s).")
                    % words
                )
                continue
            line = _("%(name)s: %(grade)s (%(year)s, %(organization)s).") % words
            if result.outcome:
                line += " " + _("Outcome: %(outcome)s.") % {"outcome": result.get_outcome_display()}
            if result.correction_deadline:
                line += " " + _("To correct by %(day)s.") % {"day": result.correction_deadline.isoformat()}
            lines.append(line)
    if not lines:
        return ""
    return "\n".join([_("The annual appraisal of members held here graded them:"), *lines])


def drafts_for(year: int, half: int, only: list[str] | None = None, reported: Q | None = None) -> dict[str, Draft]:
    """A draft per home organization (or for the `only` ones), from the records as they are now;
    `reported`: the members the letters' committee reports (outreach.committee.letter_members_of)."""
    start, end = period_bounds(year, half)
    members_query = letter_members() if reported is None else letter_members().filter(reported)
    if only is not None:
        members_query = members_query.filter(origin_organization__in=only)
    members = list(
        members_query.select_related("organization", "enterprise").order_by("organization__path", "name_sort", "id")
    )
    organization_ids = {member.organization_id for member in members}
    activities_by_organization = defaultdict(list)
    # The gatherings of the members' organizations (registry/orglife: meetings and activities alike),
    # and who of them was there (marked present: "took part here").
    gatherings = (
        Gathering.objects.filter(organization_id__in=organization_ids, date__range=(start, end))
        .select_related("organization")
        .prefetch_related("kinds")
    )
    for activity in gatherings:
        # Its kinds as the letters write them, once: an activity is named in every letter of its
        # organization's members, and each reading of the prefetched kinds cloned a queryset.
        activity.kinds_text = "暨".join(str(row.get_kind_display()) for row in activity.kinds.all())
        activities_by_organization[activity.organization_id].append(activity)
    attended = defaultdict(list)
    attendances = (
        Attendance.objects.filter(
            member__in=members_query, status=Attendance.Status.PRESENT, gathering__date__range=(start, end)
        )
        .select_related("gathering")
        .order_by("gathering__date", "gathering_id")
    )
    for attendance in attendances:
        attended[attendance.member_id].append(attendance.gathering)
    appraised = letter_results(members_query, start, end)  # one query
    life = half_year_participation(members, start, end)  # two queries: meetings attended and expected

    by_home = defaultdict(list)
    for member in members:
        by_home[member.origin_organization].append(member)
    drafts = {}
    for home, group in sorted(by_home.items()):
        drafts[home] = Draft(
            home_organization=home,
            member_count=len(group),
            members_text=_members_text(group),
            organizations_text=_organizations_text(group, activities_by_organization),
            participation_text="\n".join(
                text
                for text in (
                    _participation_text(group, attended),
                    _organizational_life_text(group, life),
                    _appraisal_text(group, appraised),
                )
                if text
            ),
            roster=[
                {
                    "name": m.name,
                    "gender": str(m.get_gender_display()),
                    "organization": m.organization.name,
                    "workplace": m.enterprise.name if m.enterprise_id else m.work_address,
                    "occupation": m.occupation,
                    "activities": len(attended.get(m.pk, ())),
                }
                for m in group
            ],
        )
    return drafts
