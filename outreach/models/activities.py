"""Activities and who attended them (outreach/activities). The liaison letters report them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from branches.historical_records import HistoricalRecords
from branches.models import Organization
from outreach.models.dates import not_in_future
from registry.models import Member

__all__ = [
    "Activity",
    "Attendance",
]


class Activity(models.Model):
    """Something an organization held that members attend: a lecture, a themed party day…"""

    class Kind(models.TextChoices):
        LECTURE = "lecture", _("Lecture")
        STUDY_TRIP = "study_trip", _("Study trip")
        STUDY_MEETING = "study_meeting", _("Study meeting")
        ONLINE_STUDY = "online_study", _("Online study")
        THEMED_PARTY_DAY = "themed_party_day", _("Themed party day")
        CONTEST = "contest", _("Contest")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    organizer = models.ForeignKey(
        Organization,
        verbose_name=_("organizing organization"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    attendees = models.ManyToManyField(
        Member,
        verbose_name=_("attendees"),
        through="Attendance",
        related_name="activities",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organizer", "date"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def clean(self):
        errors = {}
        not_in_future(self.date, "date", errors)
        if errors:
            raise ValidationError(errors)


class Attendance(models.Model):
    """A member took part in an activity."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="activity_attendances"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="attendance_once_per_member")]
        indexes = [models.Index(fields=["member", "activity"])]

    def __str__(self):
        return f"{self.member} @ {self.activity}"
