"""Hand-built organizational life for the compliance tests: gatherings with their kinds and attendance
written as rows (bulk, as a year of sheets would be), committees seated by a post."""

import datetime

from registry.models import Attendance, CommitteeMembership, Gathering, GatheringKind

D = datetime.date


def month_start(day: datetime.date, months: int = 0) -> datetime.date:
    """The first day of the month `months` after `day`'s (before it when negative)."""
    index = day.year * 12 + day.month - 1 + months
    return D(index // 12, index % 12 + 1, 1)


def quarter_start(day: datetime.date, quarters: int = 0) -> datetime.date:
    """The first day of the quarter `quarters` after `day`'s (before it when negative)."""
    return month_start(D(day.year, (day.month - 1) // 3 * 3 + 1, 1), 3 * quarters)


def quarter_key(day: datetime.date) -> str:
    """The quarter `day` falls in as a URL or a workbook names it: 2026-Q3."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def meeting(organization, day, *kinds, present=(), excused=(), absent=(), elsewhere=(), topic="学习党章"):
    """A gathering of `organization` on `day` counted as `kinds`, with its sign-in sheet: members
    present, excused, absent, and (member, organization, day) who took part elsewhere."""
    gathering = Gathering.objects.create(organization=organization, date=day, topic=topic)
    GatheringKind.objects.bulk_create([GatheringKind(gathering=gathering, kind=kind) for kind in kinds])
    rows = [Attendance(gathering=gathering, member=m, status="present") for m in present]
    rows += [Attendance(gathering=gathering, member=m, status="excused", reason="away") for m in excused]
    rows += [Attendance(gathering=gathering, member=m, status="absent") for m in absent]
    rows += [
        Attendance(gathering=gathering, member=m, status="elsewhere", elsewhere_organization=where, elsewhere_date=on)
        for m, where, on in elsewhere
    ]
    Attendance.objects.bulk_create(rows)
    return gathering


def meetings(organization, days, *kinds):
    """Many gatherings at once (no attendance): a year of an organization's meetings in three queries."""
    made = Gathering.objects.bulk_create([Gathering(organization=organization, date=day, topic="例会") for day in days])
    GatheringKind.objects.bulk_create([GatheringKind(gathering=g, kind=kind) for g in made for kind in kinds])
    return made


def seat(organization, member, started_on, ended_on=None, post="secretary"):
    """A committee post: the organization has a committee from `started_on` (registry/committees)."""
    return CommitteeMembership.objects.create(
        organization=organization, member=member, post=post, started_on=started_on, ended_on=ended_on
    )
