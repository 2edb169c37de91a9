"""A record sent back (退回) by the committee office to the secretary who keeps it, with a question
(docs/inbox.md#sending-back, registry/sendbacks): open until the secretary answers it or corrects the
record (a save of that record closes it, the answer "corrected")."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.historical_records import HistoricalRecords
from branches.models import Organization


class SendBack(models.Model):
    class Kind(models.TextChoices):
        MEMBER = "member", _("Member record")
        CANDIDATE = "candidate", _("Development record")
        TRANSFER = "transfer", _("Transfer")

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("record sent back", "Open")
        ANSWERED = "answered", _("Answered")
        CORRECTED = "corrected", _("Corrected")

    # The organization that keeps the record when it is sent back: whose secretary answers (scope).
    organization = models.ForeignKey(
        Organization, verbose_name=_("party organization"), on_delete=models.PROTECT, related_name="send_backs"
    )
    kind = models.CharField(_("record"), max_length=12, choices=Kind.choices)
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="send_backs",
    )
    candidate = models.ForeignKey(
        "registry.Candidate",
        verbose_name=_("candidate"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="send_backs",
    )
    movement = models.ForeignKey(
        "registry.Movement",
        verbose_name=_("transfer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="send_backs",
    )
    question = models.TextField(_("question"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent back by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(_("sent back"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN, db_index=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("record sent back")
        verbose_name_plural = _("records sent back")
        ordering = ["-asked_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="member", member__isnull=False, candidate__isnull=True, movement__isnull=True)
                    | Q(kind="candidate", member__isnull=True, candidate__isnull=False, movement__isnull=True)
                    | Q(kind="transfer", member__isnull=True, candidate__isnull=True, movement__isnull=False)
                ),
                name="send_back_names_one_record",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["open", "answered", "corrected"]), name="send_back_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.record}"

    @property
    def record(self):
        return self.member or self.candidate or self.movement

    @property
    def about(self) -> str:
        """How the inbox names it (branches.inbox: its messages close when it is settled)."""
        return f"sendback:{self.pk}"
