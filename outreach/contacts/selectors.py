"""Every read of the keeping-in-touch work, already scoped to the user through `branches.access`.

Lists return querysets that carry their joins (a page of them is a bounded number of queries);
figures are one grouped query each.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404

from branches import access, clock
from branches.models import Organization
from outreach import filtering
from outreach.contacts.filters import AbsenteeFilter, ActivityFilter, CaseFilter, LostTouchFilter, VisitFilter
from outreach.contacts.quarters import Quarter, quarters_of
from outreach.models import (
    Activity,
    Attendance,
    BranchVisit,
    Certificate,
    Contact,
    DesignatedContact,
    LatestContact,
    Occasion,
    ServiceCase,
    Visit,
    VisitOccasion,
)
from registry.members.selectors import members_visible_to, on_roster
from registry.models import Member
from registry.movements import selectors as movement_selectors

DEFAULT_LOST_TOUCH_DAYS = 90
# The organizations committee members visit 1–2 times a quarter [000]: general branches and
# branches of every kind (not the committee itself, not party groups inside a branch).
VISITED_LEVELS = (Organization.Level.GENERAL_BRANCH, *Organization.BRANCH_LEVELS)


def lost_touch_days_default() -> int:
    """A member not contacted for this many days is on the lost-touch list (settings.OUTREACH_LOST_TOUCH_DAYS)."""
    return int(getattr(settings, "OUTREACH_LOST_TOUCH_DAYS", DEFAULT_LOST_TOUCH_DAYS))


def member_scope(user, prefix: str = "member__") -> Q:
    """Records of members the user sees, on the roster: a former member's drop out of every list."""
    return access.organization_scope(user, prefix=f"{prefix}organization__") & on_roster(prefix)


def visible_member(user, pk) -> Member:
    """The member if the user may see them; 404 otherwise (as for a guessed URL)."""
    return get_object_or_404(members_visible_to(user).select_related("organization"), pk=pk)


def organizations_to_filter(user) -> QuerySet[Organization]:
    """The organizations a list may be narrowed to: those the user sees, in tree order."""
    return access.visible_organizations(user).order_by("path")


# --- designated contacts, the contact log, the lost-touch list --------------------------------

# The columns a person may sort each list by (`?sort=`, branches.filtering).
DESIGNATED_SORT = {"organization": ("organization__path", "name"), "name": "name", "since": "since", "active": "active"}
FLOWED_OUT_SORT = {
    "destination": "destination",
    "name": "name",
    "organization": ("organization__path", "name"),
    "flow_out_date": "flow_out_date",
    "certificate": "certificate",
    "last_contact": "last_contact",
}
ABSENTEE_SORT = {"name": "name", "organization": ("organization__path", "name"), "category": "category"}
LOST_TOUCH_SORT = {"name": "name", "organization": ("organization__path", "name"), "last_contact": "last_contact_date"}


def designated_contacts_for(user) -> QuerySet[DesignatedContact]:
    return (
        DesignatedContact.objects.filter(access.organization_scope(user))
        .select_related("organization", "user")
        .order_by("organization__path", "-active", "name", "pk")
    )


def designated_contact_to_change(user, pk) -> DesignatedContact:
    """404 outside what the user sees; 403 where they see but may not change."""
    person = get_object_or_404(designated_contacts_for(user), pk=pk)
    if not access.may_change_organization(user, person.organization):
        raise PermissionDenied
    return person


def designated_contact_list(user, params) -> QuerySet[DesignatedContact]:
    """The designated contacts' page, in the order of the column sorted by."""
    return filtering.sorted_rows(designated_contacts_for(user), params, DESIGNATED_SORT)


def contact_maker_name(user) -> str:
    """The name the contact form proposes: the user's designated-contact name, else their full name."""
    person = user.designated_contact_roles.filter(active=True).only("name").first()
    if person is not None:
        return person.name
    return user.get_full_name() or user.get_username()


def contacts_of(member: Member) -> QuerySet[Contact]:
    return member.contacts.select_related("recorded_by").order_by("-date", "-pk")


class LostTouchList:
    """The lost-touch list, oldest first: the members never contacted (by name), then those whose
    latest contact is older than the cutoff (by that date). Paginator-compatible (`count()`,
    slicing); each member carries `last_contact_date`.

    Built as two index-driven parts instead of one sorted join: the never-contacted members are
    an anti-join with LatestContact; the others are a range scan of LatestContact's date index that
    reads only the members of the page. At 100,000 members and a million contacts this keeps the
    committee's whole list fast (bench/outreach.py)."""

    def __init__(self, *, member_scope: Q, latest_scope: Q, cutoff: datetime.date):
        self.member_scope, self.cutoff = member_scope, cutoff
        self.never = (
            Member.objects.filter(member_scope, latest_contact__isnull=True)
            .select_related("organization")
            .order_by("name", "id")
        )
        self.stale = (
            LatestContact.objects.filter(latest_scope, date__lt=cutoff)
            .select_related("member", "member__organization")
            .order_by("date", "member_id")
        )
        self._counts = None

    def _count_parts(self) -> tuple[int, int]:
        if self._counts is None:
            self._counts = (self.never.order_by().count(), self.stale.order_by().count())
        return self._counts

    def count(self) -> int:
        return sum(self._count_parts())

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            items = self[index : index + 1]
            if not items:
                raise IndexError(index)
            return items[0]
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        never_count = self._count_parts()[0]
        members = []
        if start < never_count:
            for member in self.never[start : min(stop, never_count)]:
                member.last_contact_date = None
                members.append(member)
        if stop > never_count:
            for latest in self.stale[max(start - never_count, 0) : stop - never_count]:
                member = latest.member
                member.last_contact_date = latest.date
                members.append(member)
        return members

    def __iter__(self):
        return iter(self[0 : self.count()])

    def sorted_by(self, params) -> "LostTouchList | QuerySet[Member]":
        """The list in the order of the column sorted by (`?sort=`): then one join of the members
        with their latest contact, each with `last_contact_date`; unchanged for any other value."""
        members = (
            Member.objects.filter(self.member_scope)
            .filter(Q(latest_contact__isnull=True) | Q(latest_contact__date__lt=self.cutoff))
            .annotate(last_contact_date=F("latest_contact__date"))
            .select_related("organization")
        )
        sorted_members = filtering.sorted_rows(members, params, LOST_TOUCH_SORT)
        return self if sorted_members is members else sorted_members


def lost_touch(
    user, *, days: int, organization: Organization | None = None, on: datetime.date | None = None
) -> LostTouchList:
    """Members with no contact for more than `days` days, or never contacted: never first, then the
    longest silence first; scoped to what the user sees (and to `organization`'s subtree)."""
    cutoff = (on or clock.today()) - datetime.timedelta(days=days)
    member_scope = access.organization_scope(user)
    latest_scope = access.organization_scope(user, prefix="member__organization__") & on_roster()
    if organization is not None:
        member_scope &= access.subtree_filter(organization, prefix="organization__")
        latest_scope &= access.subtree_filter(organization, prefix="member__organization__")
    return LostTouchList(member_scope=member_scope, latest_scope=latest_scope, cutoff=cutoff)


def lost_touch_count(user, *, days: int | None = None) -> int:
    return lost_touch(user, days=days or lost_touch_days_default()).count()


def lost_touch_list(user, params) -> tuple[LostTouchFilter, LostTouchList | list]:
    """The lost-touch list as its page asks for it (`?days=`, `?organization=`): an organization
    the user cannot see is a 404; any other value the page cannot use shows nothing, its error on
    the filter's form."""
    lost_filter = LostTouchFilter(
        filtering.without_page(params) or None,
        queryset=members_visible_to(user),
        user=user,
        default_days=lost_touch_days_default(),
    )
    if lost_filter.is_bound and not lost_filter.is_valid():
        filtering.refuse_unseen_organization(lost_filter)
        return lost_filter, []
    members = lost_touch(user, days=lost_filter.days_shown, organization=lost_filter.organization_shown)
    return lost_filter, members.sorted_by(params)


# --- six must-visits ----------------------------------------------------------------------------


def open_occasions(user, organization: Organization | None = None) -> QuerySet[Occasion]:
    """The branches' to-do list: occasions that called for a visit and have none yet, oldest first."""
    occasions = Occasion.objects.filter(member_scope(user), visit__isnull=True)
    if organization is not None:
        occasions = occasions.filter(access.subtree_filter(organization, prefix="member__organization__"))
    return occasions.select_related("member", "member__organization").order_by("date", "pk")


def open_occasions_count(user) -> int:
    return open_occasions(user).count()


def visits_for(user) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(member_scope(user))
        .select_related("member", "member__organization")
        .order_by("-date", "-pk")
    )


def visit_list(user, params) -> tuple[VisitFilter, QuerySet[Visit]]:
    """The visits, narrowed to a quarter (`?quarter=2026-4`) and an occasion (`?kind=`)."""
    return filtering.filtered(VisitFilter(filtering.without_page(params) or None, queryset=visits_for(user)))


def visit_counts(user, year: int) -> list[dict]:
    """Per occasion, the visits of each quarter of `year` and the year's total: one query."""
    quarters = quarters_of(year)
    annotations = {f"q{q.number}": Count("pk", filter=Q(date__gte=q.first_day, date__lte=q.last_day)) for q in quarters}
    rows = {
        row["kind"]: row
        for row in Visit.objects.filter(member_scope(user), date__year=year)
        .values("kind")
        .annotate(**annotations)
        .order_by()
    }
    table = []
    for value, label in VisitOccasion.choices:
        row = rows.get(value, {})
        counts = [row.get(f"q{q.number}", 0) for q in quarters]
        table.append({"kind": value, "label": label, "counts": counts, "total": sum(counts)})
    return table


def visits_in_quarter_count(user, quarter: Quarter) -> int:
    return Visit.objects.filter(member_scope(user), date__gte=quarter.first_day, date__lte=quarter.last_day).count()


# --- committee visits to branches ---------------------------------------------------------------


def visited_organizations(user) -> QuerySet[Organization]:
    return access.visible_organizations(user).filter(level__in=VISITED_LEVELS).order_by("path")


def is_visited_organization(user, value) -> bool:
    """Whether `value` (an id as posted) names an organization the committee visits, in the user's sight."""
    pk = filtering.parse_id(value)
    return pk is not None and visited_organizations(user).filter(pk=pk).exists()


def branch_visits_for(user) -> QuerySet[BranchVisit]:
    return (
        BranchVisit.objects.filter(access.organization_scope(user))
        .select_related("organization", "recorded_by")
        .order_by("-date", "-pk")
    )


def branch_visits_in(user, year: int) -> QuerySet[BranchVisit]:
    return branch_visits_for(user).filter(date__year=year)


def branch_visit_grid(user, year: int, on: datetime.date | None = None) -> dict:
    """Branches × quarters of `year`: the number of committee visits in each cell; a cell of a
    quarter that has begun with no visit is marked (the article asks for 1–2 a quarter). Two queries."""
    on = on or clock.today()
    quarters = quarters_of(year)
    organizations = list(visited_organizations(user))
    annotations = {f"q{q.number}": Count("pk", filter=Q(date__gte=q.first_day, date__lte=q.last_day)) for q in quarters}
    counts = {
        row["organization_id"]: row
        for row in BranchVisit.objects.filter(organization__in=[o.pk for o in organizations], date__year=year)
        .values("organization_id")
        .annotate(**annotations)
        .order_by()
    }
    begun = [q.first_day <= on for q in quarters]
    top_depth = min((o.depth for o in organizations), default=0)
    rows, missing = [], [0, 0, 0, 0]
    for organization in organizations:
        row = counts.get(organization.pk, {})
        cells = []
        for index, quarter in enumerate(quarters):
            count = row.get(f"q{quarter.number}", 0)
            below = begun[index] and count < 1
            missing[index] += below
            cells.append({"quarter": quarter, "count": count, "below": below, "begun": begun[index]})
        rows.append({"organization": organization, "cells": cells, "indent": organization.depth - top_depth})
    return {"year": year, "quarters": quarters, "rows": rows, "missing": missing, "begun": begun}


def organizations_without_branch_visit(user, quarter: Quarter) -> QuerySet[Organization]:
    visited = BranchVisit.objects.filter(
        organization=OuterRef("pk"), date__gte=quarter.first_day, date__lte=quarter.last_day
    )
    return visited_organizations(user).exclude(Exists(visited))


# --- the service ledger -------------------------------------------------------------------------


def cases_for(user) -> QuerySet[ServiceCase]:
    return (
        ServiceCase.objects.filter(access.organization_scope(user))
        .select_related("organization", "member", "enterprise")
        .order_by("-opened", "-pk")
    )


def case_list(user, params) -> tuple[CaseFilter, QuerySet[ServiceCase]]:
    """The ledger's cases, narrowed by state (`?state=open|closed`), kind and year opened."""
    return filtering.filtered(CaseFilter(filtering.without_page(params) or None, queryset=cases_for(user)))


def case_detail(user, pk) -> ServiceCase:
    """404 outside what the user sees."""
    return get_object_or_404(cases_for(user), pk=pk)


def case_to_change(user, pk) -> ServiceCase:
    """404 outside what the user sees; 403 where they see but may not change."""
    case = case_detail(user, pk)
    if not access.may_change_organization(user, case.organization):
        raise PermissionDenied
    return case


def case_totals(user) -> list[dict]:
    """Per year (of opening), per kind: cases, closed, resolved, yuan recovered or saved, person-times
    served; and the year's figures in the articles' shape (disputes settled, yuan, person-times).
    One grouped query."""
    rows = (
        ServiceCase.objects.filter(access.organization_scope(user))
        .annotate(year=ExtractYear("opened"))
        .values("year", "kind")
        .annotate(
            cases=Count("pk"),
            closed_count=Count("pk", filter=Q(closed__isnull=False)),
            resolved=Count("pk", filter=Q(outcome=ServiceCase.Outcome.RESOLVED)),
            amount_total=Sum("amount"),
            people=Sum("people_served"),
        )
        .order_by("-year", "kind")
    )
    labels = dict(ServiceCase.Kind.choices)
    years: dict[int, dict] = {}
    for row in rows:
        year = years.setdefault(
            row["year"],
            {
                "year": row["year"],
                "kinds": [],
                "cases": 0,
                "closed": 0,
                "open": 0,
                "resolved": 0,
                "disputes_settled": 0,
                "amount": Decimal("0"),
                "people": 0,
            },
        )
        entry = {
            "kind": row["kind"],
            "label": labels.get(row["kind"], row["kind"]),
            "cases": row["cases"],
            "closed": row["closed_count"],
            "open": row["cases"] - row["closed_count"],
            "resolved": row["resolved"],
            "amount": row["amount_total"] or Decimal("0"),
            "people": row["people"] or 0,
        }
        year["kinds"].append(entry)
        for key in ("cases", "closed", "open", "resolved", "amount", "people"):
            year[key] += entry[key]
        if row["kind"] in ServiceCase.DISPUTE_KINDS:
            year["disputes_settled"] += entry["resolved"]
    order = [value for value, _label in ServiceCase.Kind.choices]
    for year in years.values():
        year["kinds"].sort(key=lambda entry: order.index(entry["kind"]) if entry["kind"] in order else len(order))
    return [years[key] for key in sorted(years, reverse=True)]


def open_cases_count(user) -> int:
    return ServiceCase.objects.filter(access.organization_scope(user), closed__isnull=True).count()


# --- activities and attendance ------------------------------------------------------------------


def activities_for(user) -> QuerySet[Activity]:
    """Activities organized within what the user sees, with their number of attendees: those the
    activity's page lists (attendances_of), members the user sees and on the roster. A member moved
    out of a secretary's subtree since, or gone from the roster, is not counted."""
    return (
        Activity.objects.filter(access.organization_scope(user, prefix="organizer__"))
        .select_related("organizer")
        .annotate(attendee_count=Count("attendances", filter=member_scope(user, prefix="attendances__member__")))
        .order_by("-date", "-pk")
    )


def activity_list(user, params) -> tuple[ActivityFilter, QuerySet[Activity]]:
    """The activities, narrowed by kind and year."""
    return filtering.filtered(ActivityFilter(filtering.without_page(params) or None, queryset=activities_for(user)))


def activity_detail(user, pk) -> Activity:
    """404 outside what the user sees."""
    return get_object_or_404(activities_for(user), pk=pk)


def activity_to_change(user, pk) -> Activity:
    """404 outside what the user sees; 403 where they see but may not change its organizer's records."""
    activity = activity_detail(user, pk)
    if not access.may_change_organization(user, activity.organizer):
        raise PermissionDenied
    return activity


def attendance_candidates(user, activity: Activity) -> QuerySet[Member]:
    """Members the user may record as attending: those they keep (and, for a branch's own activity,
    those of the organizing organization's subtree)."""
    members = Member.objects.filter(organization__in=access.changeable_organizations(user))
    if activity.organizer.level != activity.organizer.Level.COMMITTEE:
        members = members.filter(access.subtree_filter(activity.organizer, prefix="organization__"))
    return members.select_related("organization").order_by("organization__path", "name", "id")


def attendance_picker(user, activity: Activity, *, limit: int) -> dict:
    """What the activity page offers for adding attendees: the candidates (for the form), whether
    they are few enough (at most `limit`) to tick one by one, and then who is already there."""
    candidates = attendance_candidates(user, activity)
    pickable = candidates.count() <= limit
    present = set(attendances_of(user, activity).values_list("member_id", flat=True)) if pickable else set()
    return {"candidates": candidates, "pickable": pickable, "present": present}


def attendances_of(user, activity: Activity) -> QuerySet[Attendance]:
    return (
        activity.attendances.filter(member_scope(user))
        .select_related("member", "member__organization")
        .order_by("member__organization__path", "member__name", "pk")
    )


def participation_of(member: Member, start: datetime.date, end: datetime.date) -> QuerySet[Attendance]:
    return (
        member.attendances.filter(activity__date__gte=start, activity__date__lte=end)
        .select_related("activity", "activity__organizer")
        .order_by("-activity__date", "-pk")
    )


def members_without_activity(user, year: int, organization: Organization | None = None) -> QuerySet[Member]:
    """Members who attended nothing in `year`: an anti-join, so one query per page."""
    attended = Attendance.objects.filter(member=OuterRef("pk"), activity__date__year=year)
    members = members_visible_to(user)
    if organization is not None:
        members = members.filter(access.subtree_filter(organization, prefix="organization__"))
    return members.exclude(Exists(attended)).select_related("organization").order_by("organization__path", "name", "id")


def absentee_list(user, params) -> tuple[AbsenteeFilter, QuerySet[Member]]:
    """Members who attended nothing in the year asked for (`?year=`, default this year), under an
    organization (`?organization=`): one the user cannot see is a 404; any other value the page
    cannot use shows nothing, its error on the filter's form."""
    absentee_filter = AbsenteeFilter(
        filtering.without_page(params) or None,
        queryset=members_visible_to(user),
        user=user,
        default_year=clock.today().year,
    )
    if absentee_filter.is_bound and not absentee_filter.is_valid():
        filtering.refuse_unseen_organization(absentee_filter)
        return absentee_filter, members_visible_to(user).none()
    members = members_without_activity(user, absentee_filter.year_shown, absentee_filter.organization_shown)
    return absentee_filter, filtering.sorted_rows(members, params, ABSENTEE_SORT)


# --- the committee's figures --------------------------------------------------------------------


def home_figures(user) -> dict:
    """Lost-touch count, visits this quarter, branches without a committee visit this quarter, open
    service cases (and the open to-do visits): five queries."""
    quarter = Quarter.of(clock.today())
    return {
        "quarter": quarter,
        "lost_touch_days": lost_touch_days_default(),
        "lost_touch": lost_touch_count(user),
        "visits_this_quarter": visits_in_quarter_count(user, quarter),
        "open_occasions": open_occasions(user).count(),
        "branches_without_visit": organizations_without_branch_visit(user, quarter).count(),
        "open_cases": open_cases_count(user),
    }


# --- flowed-out members ---------------------------------------------------------------------------

FLOWED_OUT_SILENCE_DAYS = 183  # six months without a contact: flagged (docs/lifecycle.md#events)


def flowed_out_members(user):
    """Our self-managed members working elsewhere (the registry's movements), by destination, each
    with their valid activity certificate and their last contact; `silent` when nobody has been in
    touch for six months (or ever). One query."""
    certificate = Certificate.objects.filter(member=OuterRef("pk"), ended_on__isnull=True).order_by("-issued_on")
    cutoff = clock.today() - datetime.timedelta(days=FLOWED_OUT_SILENCE_DAYS)
    return movement_selectors.flowed_out_members(user).annotate(
        certificate=Subquery(certificate.values("number")[:1]),
        last_contact=F("latest_contact__date"),
        silent=Case(
            When(Q(latest_contact__date__isnull=True) | Q(latest_contact__date__lt=cutoff), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def flowed_out_list(user, params):
    """flowed_out_members in the order of the column sorted by (`?sort=`)."""
    return filtering.sorted_rows(flowed_out_members(user), params, FLOWED_OUT_SORT)
