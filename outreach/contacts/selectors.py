"""Every read of the contact work — designated contact persons, the contact log, the lost-touch
list, our members working elsewhere — already scoped to the user through `branches.access`.

Lists return querysets that carry their joins (a page of them is a bounded number of queries).
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.shortcuts import get_object_or_404

from branches import access, clock
from branches.models import Organization
from outreach import filtering
from outreach.contacts.filters import LostTouchFilter
from outreach.models import Certificate, Contact, DesignatedContact, LatestContact
from registry.members.selectors import members_visible_to, on_roster
from registry.models import Member
from registry.movements import selectors as movement_selectors

DEFAULT_LOST_TOUCH_DAYS = 90


def lost_touch_days_default() -> int:
    """A member not contacted for this many days is on the lost-touch list (settings.OUTREACH_LOST_TOUCH_DAYS)."""
    return int(getattr(settings, "OUTREACH_LOST_TOUCH_DAYS", DEFAULT_LOST_TOUCH_DAYS))


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
            .order_by("name_sort", "id")
        )
        self.stale = (
            LatestContact.objects.filter(latest_scope, date__lt=cutoff)
            .select_related("member", "member__organization")
            .order_by("date", "member_id")
        )
        # The list's length from the indexes (the home page's figure): the members in scope less those
        # contacted since the cutoff (a member has one LatestContact at most) — count() scans the members.
        self.members = Member.objects.filter(member_scope)
        self.recent = LatestContact.objects.filter(latest_scope, date__gte=cutoff)
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
