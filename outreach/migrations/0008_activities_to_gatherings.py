"""Keeping in touch's activities and their attendance move onto the registry's one record of
gatherings (registry/orglife, docs/orglife.md#activities): each Activity becomes the Gathering of
the same id (so that /outreach/activities/<id>/ still names it), of one kind, and each Attendance the
registry's Attendance of the same id, marked present. Their history comes along, row for row, so
that who recorded what and when is kept. The next migration removes outreach's tables."""

from django.core.management.color import no_style
from django.db import migrations

# Activity.Kind → GatheringKind.Kind. "lecture" was a 专题讲座 (a speaker's lecture: its translation),
# not a 党课; the themed party day is now a meeting kind like the others.
KINDS = {
    "lecture": "special_lecture",
    "themed_party_day": "party_day",
    "study_trip": "study_trip",
    "study_meeting": "study_meeting",
    "online_study": "online_study",
    "contest": "contest",
    "other": "other",
}
HISTORY = ("history_date", "history_change_reason", "history_type", "history_user_id")
BATCH = 2000


def copy(apps, schema_editor):
    Activity = apps.get_model("outreach", "Activity")
    HistoricalActivity = apps.get_model("outreach", "HistoricalActivity")
    OldAttendance = apps.get_model("outreach", "Attendance")
    HistoricalOldAttendance = apps.get_model("outreach", "HistoricalAttendance")
    Gathering = apps.get_model("registry", "Gathering")
    HistoricalGathering = apps.get_model("registry", "HistoricalGathering")
    GatheringKind = apps.get_model("registry", "GatheringKind")
    HistoricalGatheringKind = apps.get_model("registry", "HistoricalGatheringKind")
    Attendance = apps.get_model("registry", "Attendance")
    HistoricalAttendance = apps.get_model("registry", "HistoricalAttendance")

    gatherings, kinds, kind_history = [], [], []
    for activity in Activity.objects.order_by("pk").iterator(chunk_size=BATCH):
        gatherings.append(
            Gathering(
                pk=activity.pk,
                organization_id=activity.organizer_id,
                date=activity.date,
                place=activity.place,
                topic=activity.title,
                notes=activity.notes,
                created_by_id=activity.created_by_id,
            )
        )
        kinds.append(GatheringKind(gathering_id=activity.pk, kind=KINDS.get(activity.kind, "other")))
    Gathering.objects.bulk_create(gatherings, batch_size=BATCH)
    GatheringKind.objects.bulk_create(kinds, batch_size=BATCH)
    created = {}  # activity id → its first history row's date and user: the kind was there from the start
    rows = []
    for old in HistoricalActivity.objects.order_by("history_id").iterator(chunk_size=BATCH):
        created.setdefault(old.id, (old.history_date, old.history_user_id))
        rows.append(
            HistoricalGathering(
                id=old.id,
                organization_id=old.organizer_id,
                date=old.date,
                place=old.place,
                topic=old.title,
                notes=old.notes,
                created_by_id=old.created_by_id,
                created_at=old.history_date,
                **{field: getattr(old, field) for field in HISTORY},
            )
        )
    HistoricalGathering.objects.bulk_create(rows, batch_size=BATCH)
    # created_at: the day the activity was first recorded (its first history row), else the copy's.
    for activity_id, (day, _user) in created.items():
        Gathering.objects.filter(pk=activity_id).update(created_at=day)
    for kind in GatheringKind.objects.filter(gathering_id__in=list(created)).iterator(chunk_size=BATCH):
        day, user = created[kind.gathering_id]
        kind_history.append(
            HistoricalGatheringKind(
                id=kind.pk,
                gathering_id=kind.gathering_id,
                kind=kind.kind,
                history_date=day,
                history_type="+",
                history_user_id=user,
                history_change_reason=None,
            )
        )
    HistoricalGatheringKind.objects.bulk_create(kind_history, batch_size=BATCH)

    Attendance.objects.bulk_create(
        (
            Attendance(pk=old.pk, gathering_id=old.activity_id, member_id=old.member_id, status="present")
            for old in OldAttendance.objects.order_by("pk").iterator(chunk_size=BATCH)
        ),
        batch_size=BATCH,
    )
    HistoricalAttendance.objects.bulk_create(
        (
            HistoricalAttendance(
                id=old.id,
                gathering_id=old.activity_id,
                member_id=old.member_id,
                status="present",
                **{field: getattr(old, field) for field in HISTORY},
            )
            for old in HistoricalOldAttendance.objects.order_by("history_id").iterator(chunk_size=BATCH)
        ),
        batch_size=BATCH,
    )
    # Rows inserted with their ids: the sequences (PostgreSQL) continue after them.
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Gathering, GatheringKind, Attendance]):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0007_attendance_related_name"),
        ("registry", "0017_orglife_gatherings"),
    ]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop, elidable=True)]
