"""Workbooks of organizational life, in the import's own columns (docs/spreadsheets.md), so that an
export imports again as "unchanged": the meeting register as the list shows it, and one meeting's
sign-in sheet. Every download is logged (registry/exports)."""

from collections import defaultdict

from django.utils import timezone

from branches import access
from registry.exports.workbooks import build_table, log_export
from registry.members.masking import mask_id_number
from registry.models import GatheringKind
from registry.orglife import rules
from registry.orglife.columns import ATTENDANCE_COLUMNS, MEETING_COLUMNS
from registry.orglife.imports import MeetingAttendanceImporter, MeetingImporter


def meeting_rows(gatherings):
    # The kinds of all the meetings in one query, as plain codes: a prefetched relation gives every
    # meeting a queryset of its own (two clones each), a third of the export's time on the demo.
    gatherings = list(gatherings.prefetch_related(None))
    kinds = defaultdict(list)
    rows = GatheringKind.objects.filter(gathering__in=[gathering.pk for gathering in gatherings])
    for gathering_id, kind in rows.values_list("gathering", "kind"):
        kinds[gathering_id].append(kind)
    for gathering in gatherings:
        values = {
            "organization": gathering.organization.name,
            "kinds": rules.kinds_text(kinds[gathering.pk]),
            "date": gathering.date,
            "topic": gathering.topic,
            "chair_name": gathering.chair_shown or None,
            "recorder_name": gathering.recorder_shown or None,
            "place": gathering.place or None,
        }
        yield [values[column.field] for column in MEETING_COLUMNS]


def meeting_workbook(user, gatherings, params) -> tuple[bytes, str, str]:
    """The register as the list shows it (scoped, filtered, sorted): the bytes, the file's name and
    its ASCII fallback (branches.downloads)."""
    content, rows = build_table(MeetingImporter.sheet_name, MEETING_COLUMNS, meeting_rows(gatherings))
    stamp = timezone.localtime()
    file_name = f"会议登记_{stamp:%Y%m%d_%H%M}.xlsx"
    applied = {key: value for key, value in params.items() if key != "page" and value}
    log_export(user=user, kind="meetings", filters=applied, rows=rows, file_name=file_name)
    return content, file_name, f"meetings-{stamp:%Y%m%d-%H%M}"


def sign_in_rows(gathering, attendances, *, masked: bool):
    kinds = rules.kinds_text(row.kind for row in gathering.kinds.all())
    for attendance in attendances:
        member = attendance.member
        note = attendance.reason_note or rules.REASON_CANONICAL.get(attendance.reason, "")
        values = {
            "name": member.name,
            "id_number": mask_id_number(member.id_number) if masked else member.id_number,
            "status": rules.STATUS_CANONICAL[attendance.status],
            "reason": note or None,
            "elsewhere_organization": attendance.elsewhere_organization or None,
            "elsewhere_date": attendance.elsewhere_date,
            "organization": gathering.organization.name,
            "kinds": kinds,
            "date": gathering.date,
        }
        yield [values[column.field] for column in ATTENDANCE_COLUMNS]


def sign_in_workbook(user, gathering, attendances) -> tuple[bytes, str, str]:
    """One meeting's attendance as a sign-in sheet (ID numbers masked for those who see them masked)."""
    rows = sign_in_rows(gathering, attendances, masked=not access.sees_personal_data(user))
    content, count = build_table(MeetingAttendanceImporter.sheet_name, ATTENDANCE_COLUMNS, rows)
    file_name = f"会议签到_{gathering.date:%Y%m%d}_{gathering.pk}.xlsx"
    log_export(user=user, kind="meeting_attendance", filters={"meeting": gathering.pk}, rows=count, file_name=file_name)
    return content, file_name, f"meeting-attendance-{gathering.date:%Y%m%d}-{gathering.pk}"
