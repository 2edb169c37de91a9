"""Lists from outside compared with ours (名单核对, docs/checkin.md#reconciliation), kept for the record."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Reconciliation(models.Model):
    """One comparison: who, when, which file, against which home organization, the counts and the
    groups (so that the lists and their exports read what was compared then)."""

    class Mode(models.TextChoices):
        HOME = "home", _("A home organization's list of its members who flowed out")
        RESIDENTS = "residents", _("A residents' list (monthly cross-check)")

    GROUPS = ("matched", "only_theirs", "only_ours", "conflicts")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("compared at"), auto_now_add=True, db_index=True)
    mode = models.CharField(_("kind of list"), max_length=10, choices=Mode.choices, default=Mode.HOME)
    home_organization = models.CharField(_("home organization"), max_length=150, blank=True, db_index=True)
    file_name = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64)
    counts = models.JSONField(_("counts"), default=dict)
    groups = models.JSONField(default=dict, editable=False)

    class Meta:
        verbose_name = _("list reconciliation")
        verbose_name_plural = _("list reconciliations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(mode__in=["home", "residents"]), name="reconciliation_mode_valid"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d} {self.home_organization or self.file_name}"
