"""Designated contact persons, the contact log and each member's latest contact (outreach/contacts).

docs/domain.md#keeping-in-touch, "Keeping in touch": a designated person keeps regular contact
with each mobile member; six occasions call for a visit; committee members visit every branch 1–2
times a quarter; the office keeps a ledger of its services.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.historical_records import HistoricalRecords
from branches.models import Organization
from branches.phones import validate_phone
from outreach.models.dates import not_in_future
from registry.models import Member

__all__ = [
    "DesignatedContact",
    "Contact",
    "LatestContact",
]


class DesignatedContact(models.Model):
    """A person an organization names to keep in regular touch with its mobile members [000]."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("party organization"),
        on_delete=models.PROTECT,
        related_name="designated_contacts",
    )
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="designated_contact_roles",
    )
    since = models.DateField(_("designated since"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("designated contact person")
        verbose_name_plural = _("designated contact persons")
        ordering = ["organization__path", "-active", "name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.organization})"

    def clean(self):
        errors = {}
        not_in_future(self.since, "since", errors)
        if errors:
            raise ValidationError(errors)


class Contact(models.Model):
    """One contact with a member: when, how, who made it, what was said."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        VISIT = "visit", _("Visit")
        WECHAT_QQ = "wechat_qq", _("WeChat / QQ")
        MEETING = "meeting", _("Meeting")
        LETTER = "letter", _("Letter")

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    made_by = models.CharField(_("who made contact"), max_length=50)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["member", "date"], name="contact_member_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=["phone", "visit", "wechat_qq", "meeting", "letter"]),
                name="contact_channel_valid",
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_channel_display()} {self.member}"

    def clean(self):
        errors = {}
        not_in_future(self.date, "date", errors)
        if errors:
            raise ValidationError(errors)


class LatestContact(models.Model):
    """Each member's latest contact date, kept by the contact services (derived data, no history).

    The lost-touch list (no contact for N days, or never) is then one indexed join of members with
    this table instead of an aggregate over a million contacts (bench/outreach.py)."""

    member = models.OneToOneField(
        Member,
        verbose_name=_("member"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="latest_contact",
    )
    date = models.DateField(_("last contact"), db_index=True)

    class Meta:
        verbose_name = _("latest contact")
        verbose_name_plural = _("latest contacts")

    def __str__(self):
        return f"{self.member_id}: {self.date:%Y-%m-%d}"
