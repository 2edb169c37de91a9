"""The demo's organizational life (seed_demo, through Room.demo): a year of meetings up to the day the
demo describes, every date counted from it.

- Every branch holds its themed party day each month on a day of its own; the quarter's first party
  day is also its 支部党员大会, the second its 党课, December's also its 组织生活会. Every committee in
  office (registry/committees' demo, loaded first: the committee meetings follow who sits) meets each
  month; general branches hold their 组织生活会 and the committee its 民主生活会 in December; party
  groups meet monthly; a few branches record heart-to-heart talks.
- Two branches are behind (BEHIND): no party day or committee meeting in the last completed month, and
  no general meeting or lecture in the last completed quarter. One (EXCUSED) was excused by the
  committee from February's party day and committee meeting: most members home for the Spring Festival.
- Most members take part; a few registered mobile members took part at home (外地参加, with their home
  organization) around the Spring Festival; a handful have no organizational life for six months: the
  members lost contact with, one never seen at a meeting, two last seen nine to ten months ago.

Deterministic and idempotent: drawn from one seeded generator, written as rows with their history
(bulk: a year of meetings is some thousand gatherings), nothing written when the demo's meetings exist.
"""

import datetime
import random

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from branches.models import Organization
from fixtures import demo
from registry.committees import demo as committees_demo
from registry.development.rules import add_months
from registry.models import Attendance, CommitteeMembership, Exemption, Gathering, GatheringKind, Member
from registry.orglife.compliance import rules

Kind = GatheringKind.Kind
Status = Attendance.Status
MARK = "演示：组织生活"
BEHIND = ("北京漳龙食品有限公司党支部", "北京三明企业商会党支部")
EXCUSED = "北京宁德企业商会党支部"
EXCUSED_REASON = "春节期间大部分党员返乡，经党委同意本月主题党日和支委会顺延"
TALK_BRANCHES = 10
AT_HOME = 5  # registered mobile members who took part at home around the Spring Festival
NEVER_SEEN, LONG_AGO = 1, 2  # the six-month list besides those lost contact with

TOPICS = {
    Kind.PARTY_DAY: ("学习党的创新理论", "重温入党誓词", "志愿服务进社区", "学习党章党规", "红色教育基地参观"),
    Kind.GENERAL_MEETING: ("传达学习上级会议精神", "讨论支部工作计划", "通报党费收缴和党员管理情况"),
    Kind.LECTURE: ("书记讲党课：坚定理想信念", "党课：弘扬爱拼会赢的闽商精神", "党课：学习党的优良作风"),
    Kind.LIFE_MEETING: ("年度组织生活会暨民主评议党员",),
    Kind.COMMITTEE_MEETING: ("研究本月支部工作", "研究发展党员和党员教育管理工作", "研究组织生活安排"),
    Kind.GROUP_MEETING: ("党小组学习讨论", "交流思想和工作情况"),
    Kind.TALK: ("谈心谈话",),
    Kind.LEADERSHIP_MEETING: ("年度民主生活会",),
}
PLACES = ("支部活动室", "企业会议室", "商会会议室", "党群服务中心")


def _months(as_of: datetime.date) -> list[datetime.date]:
    """The first day of each month from the same month a year before `as_of` to `as_of`'s: 13 months,
    so that the last completed year's December and quarter are in."""
    first = datetime.date(as_of.year - 1, as_of.month, 1)
    return [add_months(first, index) for index in range(13)]


def _on(month: datetime.date, day: int) -> datetime.date:
    return month.replace(day=min(day, rules.period_of(month, rules.MONTH).end.day))


def _spring_festival(as_of: datetime.date) -> datetime.date:
    """The last February wholly before `as_of` (its first day)."""
    year = as_of.year if as_of >= datetime.date(as_of.year, 3, 1) else as_of.year - 1
    return datetime.date(year, 2, 1)


def _branch_kinds(month: datetime.date) -> list[str]:
    """What a branch's party day of `month` also counts as."""
    kinds = [Kind.PARTY_DAY]
    if month.month in (1, 4, 7, 10):
        kinds.append(Kind.GENERAL_MEETING)
    if month.month in (2, 5, 8, 11):
        kinds.append(Kind.LECTURE)
    if month.month == 12:
        kinds.append(Kind.LIFE_MEETING)
    return kinds


class _Plan:
    """Gatherings to write, each with its kinds and its attendance as (member, status, extra)."""

    def __init__(self, rng: random.Random, as_of: datetime.date, members: list[Member], sitting: set[int]):
        self.rng, self.as_of = rng, as_of
        self.gatherings: list[tuple[Gathering, list[str], list[tuple]]] = []
        eligible = [
            m
            for m in members
            if not m.lost_contact
            and m.pk not in sitting
            and m.registered_on <= add_months(as_of, -13)
            and m.organization.name not in (*BEHIND, EXCUSED)
        ]
        chosen = rng.sample(eligible, NEVER_SEEN + LONG_AGO)
        self.never = {m.pk for m in chosen[:NEVER_SEEN]} | {m.pk for m in members if m.lost_contact}
        self.long_ago = {m.pk: add_months(as_of, -rng.randint(9, 10)) for m in chosen[NEVER_SEEN:]}
        mobile = [
            m
            for m in members
            if m.category == Member.Category.REGISTERED_MOBILE
            and m.origin_organization
            and m.pk not in self.never
            and m.pk not in self.long_ago
        ]
        self.at_home = {m.pk for m in rng.sample(mobile, min(AT_HOME, len(mobile)))}

    def add(self, organization: Organization, day: datetime.date, kinds: list[str], lines: list[tuple]) -> None:
        if day > self.as_of or (organization.established and day < organization.established):
            return
        topic = self.rng.choice(TOPICS[kinds[-1]])  # the last kind added says most: 组织生活会, 党课…
        gathering = Gathering(
            organization=organization,
            date=day,
            start_time=datetime.time(self.rng.choice((9, 14, 19)), 0),
            topic=topic,
            place=self.rng.choice(PLACES),
            notes=MARK,
        )
        self.gatherings.append((gathering, kinds, lines))

    def status_of(self, member: Member, day: datetime.date, spring: bool) -> tuple:
        """(status, reason, elsewhere organization, elsewhere day) of one member at one all-member meeting."""
        if member.pk in self.never:
            return (Status.ABSENT, "", "", None) if member.lost_contact else (Status.EXCUSED, "away", "", None)
        if member.pk in self.long_ago:
            last = self.long_ago[member.pk]
            if day.year == last.year and day.month == last.month:
                return Status.PRESENT, "", "", None
            return (Status.EXCUSED, "away", "", None) if day > last else (Status.PRESENT, "", "", None)
        if spring and member.pk in self.at_home:
            return (
                Status.ELSEWHERE,
                "",
                member.origin_organization,
                day - datetime.timedelta(days=self.rng.randint(1, 6)),
            )
        draw = self.rng.random()
        if draw < 0.88:
            return Status.PRESENT, "", "", None
        if draw < 0.96:
            return Status.EXCUSED, self.rng.choice(("official", "illness", "personal", "away")), "", None
        return Status.ABSENT, "", "", None

    def sheet(self, pool: list[Member], day: datetime.date, spring: bool = False) -> list[tuple]:
        return [(member, *self.status_of(member, day, spring)) for member in pool if member.registered_on <= day]

    def present(self, people: list[Member], day: datetime.date) -> list[tuple]:
        """A committee meeting's or a talk's lines: those there are present (but the six-month handful)."""
        return [
            (member, *self.status_of(member, day, False))
            if member.pk in self.never or member.pk in self.long_ago
            else (member, Status.PRESENT, "", "", None)
            for member in people
        ]


def _committee_from(organization_ids) -> dict[int, tuple[datetime.date, list[int]]]:
    """Per organization, the day its committee first sat and its members' ids (the demo's committees
    sit from their election or appointment on, none has left)."""
    found: dict[int, tuple[datetime.date, list[int]]] = {}
    for post in CommitteeMembership.objects.filter(organization_id__in=organization_ids).order_by("started_on", "id"):
        started, sitting = found.get(post.organization_id, (post.started_on, []))
        found[post.organization_id] = (min(started, post.started_on), [*sitting, post.member_id])
    return found


@transaction.atomic
def load(as_of: datetime.date) -> int:
    """Loads a year of meetings up to `as_of`; returns how many gatherings were written (0 when present)."""
    if Gathering.objects.filter(notes=MARK).exists():
        return 0
    committees_demo.load(as_of)  # idempotent: the committee meetings follow who sits on the committees
    rng = random.Random(f"{demo.SEED}:orglife")
    organizations = list(Organization.objects.order_by("path"))
    members = list(Member.objects.select_related("organization").order_by("organization__path", "id_number"))
    if not organizations or len(members) < 10:
        return 0
    by_id = {member.pk: member for member in members}
    committees = _committee_from([organization.pk for organization in organizations])
    plan = _Plan(rng, as_of, members, {pk for _started, sitting in committees.values() for pk in sitting})
    months = _months(as_of)
    last_month = rules.last_completed(as_of, rules.MONTH)
    last_quarter = rules.last_completed(as_of, rules.QUARTER)
    spring = _spring_festival(as_of)
    talkers = set(rng.sample([o.pk for o in organizations if o.level in Organization.BRANCH_LEVELS], TALK_BRANCHES))
    for organization in organizations:
        pool = [m for m in members if organization.path and m.organization.path.startswith(organization.path)]
        own = [m for m in members if m.organization_id == organization.pk]
        day_of_month = rng.randint(5, 25)
        behind, excused = organization.name in BEHIND, organization.name == EXCUSED
        for month in months:
            day = _on(month, day_of_month)
            skipped = (behind and last_month.contains(day)) or (excused and month == spring)
            if organization.level in Organization.BRANCH_LEVELS and not skipped:
                kinds = _branch_kinds(month)
                if behind and last_quarter.contains(day):
                    kinds = [kind for kind in kinds if kind not in (Kind.GENERAL_MEETING, Kind.LECTURE)]
                if excused and month == add_months(spring, 1):
                    kinds.append(Kind.LECTURE)  # February's lecture, with March's party day
                plan.add(organization, day, kinds, plan.sheet(pool, day, spring=month.month in (1, 2)))
            if organization.level == Organization.Level.PARTY_GROUP:
                group_day = _on(month, day_of_month + 3)
                plan.add(organization, group_day, [Kind.GROUP_MEETING], plan.sheet(pool, group_day))
            sitting = [by_id[pk] for pk in committees.get(organization.pk, (None, []))[1] if pk in by_id]
            if sitting and not skipped:
                meeting_day = max(_on(month, day_of_month - 3), committees[organization.pk][0])
                if meeting_day <= rules.period_of(month, rules.MONTH).end:
                    plan.add(organization, meeting_day, [Kind.COMMITTEE_MEETING], plan.present(sitting, meeting_day))
            yearly = {
                Organization.Level.COMMITTEE: Kind.LEADERSHIP_MEETING,
                Organization.Level.GENERAL_BRANCH: Kind.LIFE_MEETING,
            }.get(organization.level)
            if month.month == 12 and sitting and yearly:
                yearly_day = _on(month, 26)
                plan.add(
                    organization,
                    yearly_day,
                    [yearly],
                    [*plan.present(sitting, yearly_day), *plan.sheet(own, yearly_day)],
                )
            if organization.pk in talkers and month.month in (3, 9) and sitting and len(pool) > 1:
                talk_day = _on(month, day_of_month + 1)
                partner = rng.choice([member for member in pool if member != sitting[0]])
                plan.add(organization, talk_day, [Kind.TALK], plan.present([sitting[0], partner], talk_day))
    return _write(plan, organizations, spring)


def _write(plan: _Plan, organizations: list[Organization], spring: datetime.date) -> int:
    gatherings = [gathering for gathering, _kinds, _lines in plan.gatherings]
    gatherings = bulk_create_with_history(gatherings, Gathering, batch_size=500, default_change_reason=demo.REASON)
    kinds, attendance = [], []
    for gathering, (_planned, codes, lines) in zip(gatherings, plan.gatherings, strict=True):
        kinds += [GatheringKind(gathering=gathering, kind=code) for code in codes]
        seen = set()
        for member, status, reason, elsewhere, elsewhere_on in lines:
            if member.pk in seen or member.registered_on > gathering.date:
                continue
            seen.add(member.pk)
            attendance.append(
                Attendance(
                    gathering=gathering,
                    member=member,
                    status=status,
                    reason=reason,
                    elsewhere_organization=elsewhere,
                    elsewhere_date=elsewhere_on,
                )
            )
    bulk_create_with_history(kinds, GatheringKind, batch_size=2000, default_change_reason=demo.REASON)
    bulk_create_with_history(attendance, Attendance, batch_size=2000, default_change_reason=demo.REASON)
    excused = next((o for o in organizations if o.name == EXCUSED), None)
    if excused is not None:
        exemptions = [
            Exemption(organization=excused, kind=kind, period_start=spring, reason=EXCUSED_REASON, granted_on=spring)
            for kind in (Kind.PARTY_DAY, Kind.COMMITTEE_MEETING)
        ]
        bulk_create_with_history(exemptions, Exemption, default_change_reason=demo.REASON)
    return len(gatherings)
