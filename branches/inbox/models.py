"""The inbox's records (docs/inbox.md): messages stored for one user, each user's inbox state (the
digest they chose, what is due as last counted, what they have seen of it) and the digests sent.

Messages are generic — a record sent back, an answer — so they live in the lowest layer; the rooms
add what is due through `Room.inbox` (branches/rooms.py) and send messages through
branches.inbox.services. Imported by branches/models.py, where Django finds the app's models."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """A message in one user's inbox: unread until they open or mark it; closed (out of the inbox,
    kept) when what it asks about is settled — a record sent back and answered."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("to"), on_delete=models.CASCADE, related_name="inbox_messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # What the message is about, for closing it when that is settled: "sendback:12".
    about = models.CharField(_("about"), max_length=60, blank=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    closed_at = models.DateTimeField(_("settled"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbox message")
        verbose_name_plural = _("inbox messages")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "closed_at", "read_at"], name="message_unread")]

    def __str__(self):
        return self.subject


class InboxState(models.Model):
    """One user's inbox: the digest they chose, what was due when last counted (`due`: {key: count},
    written by the inbox page and by send_digests), what they have marked read of it (`seen`), and
    how many of the counts differ from what they saw — the nav's count, read with the unread
    messages in one query."""

    class Digest(models.TextChoices):
        NONE = "none", _("No e-mail")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="inbox_state"
    )
    digest = models.CharField(_("e-mail digest"), max_length=8, choices=Digest.choices, default=Digest.NONE)
    due = models.JSONField(_("due when last counted"), default=dict, blank=True)
    seen = models.JSONField(_("due as marked read"), default=dict, blank=True)
    due_unread = models.PositiveIntegerField(_("reminders unread"), default=0)
    counted_at = models.DateTimeField(_("counted"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbox")
        verbose_name_plural = _("inboxes")
        constraints = [
            models.CheckConstraint(condition=Q(digest__in=["none", "daily", "weekly"]), name="inbox_digest_valid")
        ]

    def __str__(self):
        return str(self.user)


class DigestSent(models.Model):
    """The log of digests: one row per user per period (the day, or the Monday of the week), written
    in the transaction that sends it, so that no digest goes out twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="digests_sent"
    )
    frequency = models.CharField(_("frequency"), max_length=8, choices=InboxState.Digest.choices)
    period_start = models.DateField(_("period"))
    sent_at = models.DateTimeField(_("sent"))
    address = models.EmailField(_("e-mail address"))
    reminders = models.PositiveIntegerField(_("reminders"), default=0)
    messages = models.PositiveIntegerField(_("messages"), default=0)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "frequency", "period_start"], name="digest_once_per_period")
        ]

    def __str__(self):
        return f"{self.user} · {self.period_start}"
