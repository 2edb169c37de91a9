"""Every write of the activities and their attendance.

Keyword-only, one transaction each, validated as a whole record (`branches.services.validate_record`),
saved through `save_with_history` so the history row names who made the change. Views check scope
(through the selectors) before they call these.
"""

from collections.abc import Iterable

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from branches.people import recorder
from branches.services import save_with_history, update_with_history
from outreach.models import Activity, Attendance
from registry.models import Member

# --- activities and attendance --------------------------------------------------------------------


@transaction.atomic
def activity_create(*, data: dict, actor) -> Activity:
    activity = Activity(created_by=recorder(actor), **data)
    save_with_history(activity, actor=actor)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, data: dict, actor, version: str | None = None) -> list[str]:
    return update_with_history(activity, changes=data, actor=actor, version=version)


@transaction.atomic
def attendance_add(*, activity: Activity, members: Iterable[Member], actor, reason: str = "") -> list[Member]:
    """Adds members to an activity's attendance (those already there are left alone); returns the
    members added. History rows are written in the same transaction."""
    wanted = {member.pk: member for member in members}
    present = set(
        Attendance.objects.filter(activity=activity, member_id__in=list(wanted)).values_list("member_id", flat=True)
    )
    added = [member for pk, member in wanted.items() if pk not in present]
    rows = [Attendance(activity=activity, member=member) for member in added]
    bulk_create_with_history(
        rows,
        Attendance,
        batch_size=2000,
        default_user=recorder(actor),
        default_change_reason=reason[:100] or None,
    )
    return added


@transaction.atomic
def attendance_remove(*, activity: Activity, member: Member, actor) -> bool:
    attendance = Attendance.objects.filter(activity=activity, member=member).first()
    if attendance is None:
        return False
    attendance._history_user = recorder(actor)
    attendance.delete()
    return True
