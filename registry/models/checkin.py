"""What members and newcomers send the registry from the open pages (docs/checkin.md): nothing of
the roster changes until a secretary decides."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.models import Organization
from registry.models.members import Member


class CheckinLink(models.Model):
    """A member's personal check-in link (报到确认). The link carries a random token signed with
    the site's key; only the token's SHA-256 is kept, so the database cannot give a link away.
    Making a new link revokes the member's earlier ones."""

    member = models.ForeignKey(
        Member, verbose_name=_("party member"), on_delete=models.CASCADE, related_name="checkin_links"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("check-in link")
        verbose_name_plural = _("check-in links")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.member} {self.created_at:%Y-%m-%d}"


class Decision(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    CONFIRMED = "confirmed", _("Confirmed without changes")
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    DECLINED = "declined", _("Declined")
    SUPERSEDED = "superseded", _("Replaced by a later submission")
    ALREADY_REGISTERED = "already_registered", _("Already on the roster")


class Submission(models.Model):
    """What someone without an account sent from an open page, and the secretary's decision on it:
    when and from which address each happened, and who decided."""

    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    submitted_from = models.GenericIPAddressField(_("submitted from"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=Decision.choices, default=Decision.PENDING, db_index=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_from = models.GenericIPAddressField(_("decided from"), null=True, blank=True)

    class Meta:
        abstract = True


class CheckinSubmission(Submission):
    """What a member sent through their link: per field, what the record said and what they wrote."""

    member = models.ForeignKey(
        Member, verbose_name=_("party member"), on_delete=models.CASCADE, related_name="checkin_submissions"
    )
    link = models.ForeignKey(CheckinLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="submissions")
    # {field: {"before": text, "after": text}} — only the fields the member changed
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    accepted_fields = models.JSONField(_("accepted fields"), default=list, blank=True)

    class Meta(Submission.Meta):
        verbose_name = _("check-in submission")
        verbose_name_plural = _("check-in submissions")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "confirmed", "accepted", "partly", "declined", "superseded"]),
                name="checkin_submission_state_valid",
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.submitted_at:%Y-%m-%d}"


class ArrivalSubmission(Submission):
    """A newly arrived mobile member's registration (流入报到), sent from a branch's poster."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("party organization"),
        on_delete=models.CASCADE,
        related_name="arrival_submissions",
    )
    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(_("citizen ID number"), max_length=18, db_index=True)
    data = models.JSONField(_("registration"), default=dict)  # the form's other fields, as typed and checked
    # Already on the roster: the record found; the queue says so, the committee office sees where.
    existing_member = models.ForeignKey(
        Member,
        verbose_name=_("already on the roster as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    member = models.ForeignKey(
        Member, verbose_name=_("party member"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(Submission.Meta):
        verbose_name = _("arrival registration")
        verbose_name_plural = _("arrival registrations")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "accepted", "declined", "already_registered"]),
                name="arrival_submission_state_valid",
            ),
            # One registration waiting per ID number and organization: sent again, it is replaced.
            models.UniqueConstraint(
                fields=["organization", "id_number"],
                condition=Q(state="pending"),
                name="arrival_one_pending_per_id_number",
            ),
        ]

    def __str__(self):
        return f"{self.name} → {self.organization}"


class RequestCount(models.Model):
    """How many requests one address (or one user, for searches) made in one ten-minute window:
    the throttle of the open pages and of searches (registry/checkin/openpages.py). One row per
    address and window, counted up by one SQL statement (an upsert), so that simultaneous requests
    served by any worker never read the same count; rows of past windows are deleted."""

    name = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("request count")
        verbose_name_plural = _("request counts")

    def __str__(self):
        return f"{self.name}: {self.count}"
