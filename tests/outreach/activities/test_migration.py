"""Migrations outreach 0008–0009: keeping in touch's activities and attendance become the registry's
gatherings (docs/orglife.md#activities), with their ids, kinds, attendance and history; the
outreach tables go."""

import datetime

import pytest
from django.db.migrations.executor import MigrationExecutor

from tests import migrating

BEFORE = [("outreach", "0007_attendance_related_name"), ("registry", "0017_orglife_gatherings")]
AFTER = [("outreach", "0009_remove_activities")]


@pytest.mark.django_db
def test_activities_and_attendance_become_gatherings_with_their_history():
    with migrating.empty_database() as (connection, executor):
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        organization = old.get_model("branches", "Organization").objects.create(
            name="测试支部", level="branch", path=""
        )
        member = old.get_model("registry", "Member").objects.create(
            name="甲", id_number="350102198001010011", organization_id=organization.pk, category="registered_mobile"
        )
        Activity = old.get_model("outreach", "Activity")
        lecture = Activity.objects.create(
            pk=41, kind="lecture", title="专家讲座", date=datetime.date(2026, 3, 1), organizer_id=organization.pk
        )
        party_day = Activity.objects.create(
            pk=42,
            kind="themed_party_day",
            title="主题党日",
            date=datetime.date(2026, 4, 1),
            organizer_id=organization.pk,
        )
        attendance = old.get_model("outreach", "Attendance").objects.create(activity=party_day, member=member)
        old.get_model("outreach", "HistoricalActivity").objects.create(
            id=lecture.pk,
            kind="lecture",
            title="专家讲座",
            date=lecture.date,
            organizer_id=organization.pk,
            place="",
            notes="",
            history_date=datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC),
            history_type="+",
        )
        old.get_model("outreach", "HistoricalAttendance").objects.create(
            id=attendance.pk,
            activity_id=party_day.pk,
            member_id=member.pk,
            history_date=datetime.datetime(2026, 4, 2, 8, 0, tzinfo=datetime.UTC),
            history_type="+",
        )

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        Gathering = new.get_model("registry", "Gathering")
        assert list(Gathering.objects.order_by("pk").values_list("pk", "topic")) == [(41, "专家讲座"), (42, "主题党日")]
        kinds = new.get_model("registry", "GatheringKind").objects.order_by("gathering_id")
        assert list(kinds.values_list("gathering_id", "kind")) == [(41, "special_lecture"), (42, "party_day")]
        copied = new.get_model("registry", "Attendance").objects.get()
        assert (copied.pk, copied.gathering_id, copied.member_id, copied.status) == (
            attendance.pk,
            42,
            member.pk,
            "present",
        )
        history = new.get_model("registry", "HistoricalGathering").objects.get()
        assert (history.id, history.topic, history.history_type) == (41, "专家讲座", "+")
        assert Gathering.objects.get(pk=41).created_at == history.history_date
        assert new.get_model("registry", "HistoricalAttendance").objects.get().gathering_id == 42
        assert new.get_model("registry", "HistoricalGatheringKind").objects.get().gathering_id == 41
        # Ids go on after the copied ones.
        organization_again = new.get_model("branches", "Organization").objects.get()
        later = Gathering.objects.create(organization=organization_again, date=datetime.date(2026, 5, 1), topic="新")
        assert later.pk > 42
        assert "outreach_activity" not in connection.introspection.table_names()
