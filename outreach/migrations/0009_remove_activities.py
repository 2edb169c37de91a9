"""Keeping in touch's activities and attendance are gone: 0008 copied them onto the registry's
gatherings (registry/orglife, docs/orglife.md#activities)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0008_activities_to_gatherings"),
    ]

    operations = [
        migrations.RemoveField(model_name="activity", name="attendees"),
        migrations.DeleteModel(name="HistoricalAttendance"),
        migrations.DeleteModel(name="Attendance"),
        migrations.DeleteModel(name="HistoricalActivity"),
        migrations.DeleteModel(name="Activity"),
    ]
