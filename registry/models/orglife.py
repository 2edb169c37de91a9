"""Organizational life (组织生活, ORGLIFE.md §1, docs/orglife.md): one model of gatherings with their
attendance, for the branches' meetings (三会一课, 主题党日, 组织生活会…) and the committee's other
activities (lectures, study trips, contests) alike — one attendance system, not two.

- `Gathering`: something an organization held, on a day, about a topic; its minutes.
- `GatheringKind`: one row per kind the gathering counts as. A gathering has one or more
  (支部党员大会暨主题党日 is one gathering, two rows). Only the meeting kinds (`MEETING_KINDS`) count
  for compliance; the activity kinds are the committee's other gatherings.
- `Attendance`: one row per member expected (or who came): present · excused (请假, with a reason) ·
  absent (缺席) · took part elsewhere (外地参加: the organization and the day). Present and elsewhere
  are taking part (`TOOK_PART`); a gathering without attendance rows gives nobody organizational life.
- `GatheringAttachment`: photos and scans (images and PDF only, size-capped), kept where no URL serves
  them (registry/orglife/attachments.py).

Guests (activists, development targets) are a text list on the gathering: they do not count.
Edits are checked against the version read (branches/versions.py reads it from the history).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches import clock
from branches.historical_records import HistoricalRecords
from branches.models import Organization
from branches.storage import private_storage
from registry.models.members import Member
from registry.orglife.attachments import attachment_path

__all__ = [
    "ACTIVITY_KINDS",
    "MEETING_KINDS",
    "Attendance",
    "Exemption",
    "Gathering",
    "GatheringAttachment",
    "GatheringKind",
]


class Gathering(models.Model):
    """A meeting or activity of one organization (ORGLIFE.md §1): when, where, about what, who chaired
    and who took the minutes (a member, or the name as written for a guest), and what it decided.
    Its kinds are `GatheringKind` rows (`kinds`), its attendance `Attendance` rows (`attendances`)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("party organization"), on_delete=models.PROTECT, related_name="gatherings"
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    content = models.TextField(_("content"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    # Chair and recorder: a member when they are one (their name follows the roster), else the name
    # as written (a guest, a speaker from outside, a name an imported register gives).
    chair = models.ForeignKey(
        Member, verbose_name=_("chaired by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chair_name = models.CharField(_("chaired by (name)"), max_length=50, blank=True)
    recorder = models.ForeignKey(
        Member, verbose_name=_("minutes taken by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorder_name = models.CharField(_("minutes taken by (name)"), max_length=50, blank=True)
    # Guests, one per line (activists, development targets, speakers): listed, never counted.
    guests = models.TextField(_("guests"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting or activity")
        verbose_name_plural = _("meetings and activities")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organization", "date"]), models.Index(fields=["date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gte=models.F("start_time")),
                name="gathering_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.topic}"

    def clean(self):
        errors = {}
        if self.date and self.date > clock.today():
            errors["date"] = _("The date cannot be in the future: enter the day it happened (today at the latest).")
        if self.start_time and self.end_time and self.end_time < self.start_time:
            errors["end_time"] = _("The meeting cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def chair_shown(self) -> str:
        return self.chair.name if self.chair_id else self.chair_name

    @property
    def recorder_shown(self) -> str:
        return self.recorder.name if self.recorder_id else self.recorder_name


class GatheringKind(models.Model):
    """One kind a gathering counts as (ORGLIFE.md §1: one meeting may count as several kinds).
    The codes are a contract: `registry_stats --json` and the compliance settings name them."""

    class Kind(models.TextChoices):
        # The meeting kinds of ORGLIFE.md §1 (三会一课 and the rest): these count for compliance.
        GENERAL_MEETING = "general_meeting", _("Branch general meeting")
        COMMITTEE_MEETING = "committee_meeting", _("Branch committee meeting")
        GROUP_MEETING = "group_meeting", _("Party group meeting")
        LECTURE = "lecture", _("Party lecture")
        PARTY_DAY = "party_day", _("Themed party day")
        LIFE_MEETING = "life_meeting", _("Organizational life meeting")
        TALK = "talk", _("Heart-to-heart talk")
        LEADERSHIP_MEETING = "leadership_meeting", _("Leadership meeting")
        # The committee's other activities (outreach's former Activity.Kind): never counted for compliance.
        SPECIAL_LECTURE = "special_lecture", _("Lecture")
        STUDY_TRIP = "study_trip", _("Study trip")
        STUDY_MEETING = "study_meeting", _("Study meeting")
        ONLINE_STUDY = "online_study", _("Online study")
        CONTEST = "contest", _("Contest")
        OTHER = "other", _("Other")

    gathering = models.ForeignKey(
        Gathering, verbose_name=_("meeting or activity"), on_delete=models.CASCADE, related_name="kinds"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kind of meeting or activity")
        verbose_name_plural = _("kinds of meetings and activities")
        ordering = ["gathering", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["gathering", "kind"], name="gathering_kind_once"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "general_meeting",
                        "committee_meeting",
                        "group_meeting",
                        "lecture",
                        "party_day",
                        "life_meeting",
                        "talk",
                        "leadership_meeting",
                        "special_lecture",
                        "study_trip",
                        "study_meeting",
                        "online_study",
                        "contest",
                        "other",
                    ]
                ),
                name="gathering_kind_valid",
            ),
        ]
        indexes = [models.Index(fields=["kind", "gathering"])]

    def __str__(self):
        return self.get_kind_display()


K = GatheringKind.Kind
# The kinds that count for compliance (ORGLIFE.md §1's table), in the table's order.
MEETING_KINDS = (
    K.GENERAL_MEETING,
    K.COMMITTEE_MEETING,
    K.GROUP_MEETING,
    K.LECTURE,
    K.PARTY_DAY,
    K.LIFE_MEETING,
    K.TALK,
    K.LEADERSHIP_MEETING,
)
ACTIVITY_KINDS = (K.SPECIAL_LECTURE, K.STUDY_TRIP, K.STUDY_MEETING, K.ONLINE_STUDY, K.CONTEST, K.OTHER)
del K


class Attendance(models.Model):
    """One member at one gathering (ORGLIFE.md §1, attendance): present · excused (请假) with a reason ·
    absent (缺席) · took part elsewhere (the organization where, and the day). One row per member and
    gathering. `TOOK_PART` is what counts as organizational life."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")
        ELSEWHERE = "elsewhere", _("Took part elsewhere")

    class Reason(models.TextChoices):
        OFFICIAL = "official", _("On official business")
        ILLNESS = "illness", _("Ill")
        PERSONAL = "personal", _("Personal affairs")
        AWAY = "away", _("Away from the area")

    # Taking part in organizational life (出席, 外地参加); 请假 and 缺席 are not.
    TOOK_PART = (Status.PRESENT, Status.ELSEWHERE)

    gathering = models.ForeignKey(
        Gathering, verbose_name=_("meeting or activity"), on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices, default=Status.PRESENT)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices, blank=True)
    # The reason in the secretary's words, when it is none of the four (or says more).
    reason_note = models.CharField(_("reason (as written)"), max_length=100, blank=True)
    # Took part elsewhere: with which organization, on which day (the dual management of article 000).
    elsewhere_organization = models.CharField(_("took part with"), max_length=150, blank=True)
    elsewhere_date = models.DateField(_("took part on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["gathering", "member"], name="attendance_once_per_gathering_and_member"),
            models.CheckConstraint(
                condition=Q(status__in=["present", "excused", "absent", "elsewhere"]), name="attendance_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(reason="") | Q(status__in=["excused", "absent"]), name="attendance_reason_only_if_away"
            ),
            models.CheckConstraint(
                condition=Q(status="elsewhere") | Q(elsewhere_organization="", elsewhere_date__isnull=True),
                name="attendance_elsewhere_only_if_elsewhere",
            ),
        ]
        # The gatherings newest first: a member's organizational life since a day (the six-month work list, one look
        # per member) is found at the first entries rather than after all the older ones (gatherings are mostly
        # recorded in order); on SQLite, which reads an index in its own order.
        indexes = [models.Index(fields=["member", "status", "-gathering"], name="attendance_member_latest")]

    def __str__(self):
        return f"{self.member} @ {self.gathering}: {self.get_status_display()}"

    @property
    def took_part(self) -> bool:
        return self.status in self.TOOK_PART


class GatheringAttachment(models.Model):
    """A photo or scan kept with a gathering (the sign-in sheet, pictures): an image or a PDF by its
    content, at most settings.REGISTRY_ATTACHMENT_MAX_BYTES, stored where no URL serves it; the
    attachment view hands it out to those who may see the organization."""

    gathering = models.ForeignKey(
        Gathering, verbose_name=_("meeting or activity"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)  # as uploaded, shown and offered on download
    content_type = models.CharField(_("type"), max_length=40)  # sniffed from the content, not the name
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["gathering", "uploaded_at", "pk"]

    def __str__(self):
        return self.name


class Exemption(models.Model):
    """The committee excuses an organization from one kind of meeting for one period (ORGLIFE.md §1,
    compliance: most members home for the Spring Festival, say), with its reason. `period_start` is the
    first day of the period excused — a month, quarter or year by the kind's frequency
    (settings.REGISTRY_MEETING_FREQUENCIES); the compliance grid shows the period as exempt, and an
    organization excused is not behind for it (registry/orglife/compliance.py)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("party organization"), on_delete=models.PROTECT, related_name="meeting_exemptions"
    )
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=GatheringKind.Kind.choices)
    period_start = models.DateField(_("period from"))
    reason = models.CharField(_("reason"), max_length=200)
    granted_on = models.DateField(_("granted on"), default=clock.today)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exemption from a meeting")
        verbose_name_plural = _("exemptions from meetings")
        ordering = ["organization__path", "kind", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "period_start"],
                name="exemption_once_per_organization_kind_and_period",
                violation_error_message=_("This organization is already excused from this meeting for this period."),
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "general_meeting",
                        "committee_meeting",
                        "group_meeting",
                        "lecture",
                        "party_day",
                        "life_meeting",
                        "talk",
                        "leadership_meeting",
                    ]
                ),
                name="exemption_kind_is_a_meeting",
            ),
        ]
        indexes = [models.Index(fields=["kind", "period_start"])]

    def __str__(self):
        return f"{self.organization} {self.get_kind_display()} {self.period_start:%Y-%m-%d}"
