"""Activity certificates (流动党员活动证), reverse issuance (反向发证) and liaison letters (函告).

docs/domain.md#certificates: a mobile member's activity certificate is issued by their home organization; when a
member arrived without one, the local office fills the form in and sends it home to be verified
and issued ("reverse issuance") [004: 37 issued that way]. Every half year the committee writes to
each home organization that has members here (dual management, 双联双管) [004: 36 letters].
"""

import datetime
import hashlib
import itertools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches import clock
from branches.historical_records import HistoricalRecords
from branches.models import Organization, RoleAssignment
from branches.storage import private_storage
from registry.models import Member

__all__ = ["Channel", "Certificate", "CertificateReview", "ReverseIssuanceRequest", "LiaisonLetter", "LetterBatch"]

# A certificate is reviewed once a year (年度审验); "due" this many days before the anniversary.
REVIEW_INTERVAL_DAYS = 365
REVIEW_DUE_WITHIN_DAYS = 30


class Channel(models.TextChoices):
    """How a paper went to a home organization (article 004: 集中专递, sent together by express mail)."""

    EXPRESS = "express", _("Express mail")
    POST = "post", _("Post")
    FAX = "fax", _("Fax")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("Handed over in person")
    OTHER = "other", _("Other")


class Reason(models.TextChoices):
    """Why the member went out (外出原因), as the certificate's form asks."""

    WORK = "work", _("Work")
    BUSINESS = "business", _("Business")
    STUDY = "study", _("Study")
    FAMILY = "family", _("Joining family")
    OTHER = "other", _("Other")


def _choices_check(field: str, choices, *, blank: bool = False) -> Q:
    values = [value for value, _label in choices] + ([""] if blank else [])
    return Q(**{f"{field}__in": values})


class Certificate(models.Model):
    """One activity certificate of one member, from issue to its end."""

    Reason = Reason

    class Issuance(models.TextChoices):
        DIRECT = "direct", _("Issued by the home organization")
        REVERSE = "reverse", _("Reverse issuance")

    class EndReason(models.TextChoices):
        RETURNED = "returned", _("Returned on coming home")
        TRANSFERRED = "transferred", _("Membership transferred")
        VOIDED = "voided", _("Voided")

    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    number = models.CharField(
        _("certificate number"),
        max_length=50,
        unique=True,
        error_messages={
            "unique": _("Another certificate already has this number. Check the number printed on the certificate.")
        },
    )
    issuing_organization = models.CharField(
        _("issuing organization"),
        max_length=150,
        help_text=_("The member's home party organization, which issued the certificate."),
    )
    issued_on = models.DateField(_("date issued"))
    reason = models.CharField(_("reason for going out"), max_length=16, choices=Reason.choices)
    destination = models.CharField(_("destination"), max_length=200)
    left_on = models.DateField(_("date gone out"), null=True, blank=True)
    issuance = models.CharField(_("how issued"), max_length=10, choices=Issuance.choices, default=Issuance.DIRECT)
    ended_on = models.DateField(_("date ended"), null=True, blank=True)
    end_reason = models.CharField(_("how it ended"), max_length=12, choices=EndReason.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity certificate")
        verbose_name_plural = _("activity certificates")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_on__isnull=True),
                name="certificate_one_valid_per_member",
                violation_error_message=_(
                    "This member already holds a valid certificate. End it (returned, transferred or voided) "
                    "before recording a new one."
                ),
            ),
            models.CheckConstraint(condition=_choices_check("reason", Reason.choices), name="certificate_reason_valid"),
            models.CheckConstraint(condition=Q(issuance__in=["direct", "reverse"]), name="certificate_issuance_valid"),
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True, end_reason="") | (Q(ended_on__isnull=False) & ~Q(end_reason="")))
                & Q(end_reason__in=["", "returned", "transferred", "voided"]),
                name="certificate_end_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("issued_on")),
                name="certificate_ends_after_issue",
            ),
        ]
        indexes = [models.Index(fields=["member", "ended_on"]), models.Index(fields=["issued_on"])]

    def __str__(self):
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.ended_on is None

    def state_label(self):
        return _("Valid") if self.is_valid else self.get_end_reason_display()

    def clean(self):
        errors = {}
        if self.ended_on and self.issued_on and self.ended_on < self.issued_on:
            errors["ended_on"] = _("A certificate cannot end before the date it was issued (%(date)s).") % {
                "date": self.issued_on.isoformat()
            }
        if self.ended_on and not self.end_reason:
            errors["end_reason"] = _("Say how the certificate ended: returned, membership transferred, or voided.")
        if self.end_reason and not self.ended_on:
            errors["ended_on"] = _("Give the date on which the certificate ended.")
        if self.issued_on and self.issued_on > clock.today():
            errors["issued_on"] = _("The date issued cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class CertificateReview(models.Model):
    """The yearly review of a certificate (年度审验): when, by whom, passed or not."""

    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    reviewed_on = models.DateField(_("date reviewed"))
    reviewed_by = models.CharField(_("reviewed by"), max_length=150)
    passed = models.BooleanField(_("passed"), default=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate review")
        verbose_name_plural = _("certificate reviews")
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "reviewed_on"],
                name="certificate_review_once_a_day",
                violation_error_message=_("This certificate already has a review on that date."),
            ),
        ]

    def __str__(self):
        return f"{self.certificate} {self.reviewed_on:%Y-%m-%d}"

    def clean(self):
        errors = {}
        certificate = self.certificate if self.certificate_id else None
        if certificate and self.reviewed_on and self.reviewed_on < certificate.issued_on:
            errors["reviewed_on"] = _(
                "A review cannot be dated before the certificate was issued (%(date)s). Check the date."
            ) % {"date": certificate.issued_on.isoformat()}
        if certificate and certificate.ended_on and self.reviewed_on and self.reviewed_on > certificate.ended_on:
            errors["reviewed_on"] = _("This certificate ended on %(date)s: it cannot be reviewed after that.") % {
                "date": certificate.ended_on.isoformat()
            }
        if self.reviewed_on and self.reviewed_on > clock.today():
            errors["reviewed_on"] = _("The date of the review cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class ReverseIssuanceRequest(models.Model):
    """反向发证: a member who arrived without a certificate; the local office fills the application in,
    sends it to the home organization, which verifies it and issues the certificate — or refuses."""

    Reason = Reason

    class State(models.TextChoices):
        FILLED = "filled", _("Filled in, not sent yet")
        SENT = "sent", _("Sent, waiting for verification")
        VERIFIED = "verified", _("Verified, waiting for the certificate")
        ISSUED = "issued", _("Certificate issued")
        REFUSED = "refused", _("Refused")

    OPEN_STATES = (State.FILLED, State.SENT, State.VERIFIED)

    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="reverse_issuance_requests",
    )
    home_organization = models.CharField(_("home organization"), max_length=150)
    home_address = models.CharField(
        _("home organization's address"),
        max_length=200,
        blank=True,
        help_text=_("Where the request is sent."),
    )
    reason = models.CharField(_("reason for going out"), max_length=16, choices=Reason.choices)
    destination = models.CharField(_("destination"), max_length=200)
    left_on = models.DateField(_("date gone out"), null=True, blank=True)
    filed_on = models.DateField(_("date filled in"), default=clock.today)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.FILLED, db_index=True)
    sent_on = models.DateField(_("date sent"), null=True, blank=True)
    sent_via = models.CharField(_("sent by"), max_length=12, choices=Channel.choices, blank=True)
    sent_reference = models.CharField(_("tracking or letter number"), max_length=100, blank=True)
    verified_on = models.DateField(_("date verified"), null=True, blank=True)
    issued_on = models.DateField(_("date the certificate was issued"), null=True, blank=True)
    certificate = models.OneToOneField(
        Certificate,
        verbose_name=_("certificate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reverse_issuance_request",
    )
    refused_on = models.DateField(_("date refused"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reverse issuance request")
        verbose_name_plural = _("reverse issuance requests")
        ordering = ["filed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(state__in=["filled", "sent", "verified"]),
                name="reverse_issuance_one_open_per_member",
                violation_error_message=_(
                    "This member already has a reverse issuance request under way. Follow that one up instead."
                ),
            ),
            models.CheckConstraint(
                condition=Q(state__in=["filled", "sent", "verified", "issued", "refused"]),
                name="reverse_issuance_state_valid",
            ),
            models.CheckConstraint(
                condition=_choices_check("reason", Reason.choices), name="reverse_issuance_reason_valid"
            ),
            models.CheckConstraint(
                condition=_choices_check("sent_via", Channel.choices, blank=True), name="reverse_issuance_channel_valid"
            ),
        ]

    def __str__(self):
        return f"{self.member} → {self.home_organization}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def closed_on(self) -> datetime.date | None:
        return self.issued_on if self.state == self.State.ISSUED else self.refused_on

    def waiting_days(self, today: datetime.date | None = None) -> int:
        """Days since the application was filled in: until today while open, until it closed after."""
        end = (self.closed_on if not self.is_open else None) or today or clock.today()
        return max((end - self.filed_on).days, 0)

    def clean(self):
        """Dates follow the steps: filled in ≤ sent ≤ verified ≤ issued; a refusal comes after sending."""
        errors = {}
        steps = [
            ("filed_on", self.filed_on),
            ("sent_on", self.sent_on),
            ("verified_on", self.verified_on),
            ("issued_on", self.issued_on),
        ]
        labels = {name: self._meta.get_field(name).verbose_name for name, _value in steps + [("refused_on", None)]}
        known = [(name, value) for name, value in steps if value]
        for (earlier, earlier_value), (later, later_value) in itertools.pairwise(known):
            if later_value < earlier_value:
                errors[later] = _("The %(later)s cannot be before the %(earlier)s (%(date)s).") % {
                    "later": labels[later],
                    "earlier": labels[earlier],
                    "date": earlier_value.isoformat(),
                }
        if self.refused_on and self.sent_on and self.refused_on < self.sent_on:
            errors["refused_on"] = _("The %(later)s cannot be before the %(earlier)s (%(date)s).") % {
                "later": labels["refused_on"],
                "earlier": labels["sent_on"],
                "date": self.sent_on.isoformat(),
            }
        if self.state == self.State.REFUSED and not self.refusal_reason.strip():
            errors["refusal_reason"] = _("Write the reason the home organization gave for refusing.")
        today = clock.today()
        for name, value in steps + [("refused_on", self.refused_on)]:
            if value and value > today and name not in errors:
                errors[name] = _("The %(field)s cannot be in the future.") % {"field": labels[name]}
        if errors:
            raise ValidationError(errors)


class LiaisonLetter(models.Model):
    """A half-yearly letter (函告) from the committee to one home organization that has members here.

    Article 004: the letter must report the number of members and where they come from, the
    organizations formed and what they did, how members took part in local activities, and how
    secretaries and members performed. The first three parts are drafted from the records; the
    fourth is written by staff. A draft is regenerated only on request (`has_edits` says whether
    doing so would replace words staff changed).
    """

    class Half(models.IntegerChoices):
        FIRST = 1, _("first half")
        SECOND = 2, _("second half")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")

    GENERATED_FIELDS = ("members_text", "organizations_text", "participation_text")

    home_organization = models.CharField(_("home organization"), max_length=150)
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("half year"), choices=Half.choices)
    committee = models.ForeignKey(
        Organization,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="liaison_letters",
    )
    reference = models.CharField(_("reference number"), max_length=60, blank=True)
    # The counter behind the reference number (文号): numbered per calendar year of drafting, in the
    # committee's pattern (Organization.letter_reference, else settings.REGISTRY_LETTER_REFERENCE;
    # outreach.letters.services._number), each committee counting its own.
    reference_year = models.PositiveSmallIntegerField(_("reference year"), null=True, blank=True, editable=False)
    reference_number = models.PositiveIntegerField(_("reference serial number"), null=True, blank=True, editable=False)
    member_count = models.PositiveIntegerField(_("members here"))
    members_text = models.TextField(_("members and where they come from and work"), blank=True)
    organizations_text = models.TextField(_("organizations and their activities"), blank=True)
    participation_text = models.TextField(_("members' part in local activities"), blank=True)
    performance_text = models.TextField(
        _("how secretaries and members performed"),
        blank=True,
        help_text=_("Written by the committee's staff; never replaced by regenerating the draft."),
    )
    roster = models.JSONField(_("members listed"), default=list, blank=True, editable=False)
    generated_at = models.DateTimeField(_("drafted from the records at"))
    generated_fingerprint = models.CharField(max_length=64, editable=False)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.DRAFT, db_index=True)
    sent_on = models.DateField(_("date sent"), null=True, blank=True)
    sent_via = models.CharField(_("sent by"), max_length=12, choices=Channel.choices, blank=True)
    sent_reference = models.CharField(_("tracking or letter number"), max_length=100, blank=True)

    history = HistoricalRecords(excluded_fields=["roster", "generated_fingerprint"])

    class Meta:
        verbose_name = _("liaison letter")
        verbose_name_plural = _("liaison letters")
        ordering = ["-year", "-half", "home_organization"]
        constraints = [
            # Each committee of a deployment numbers its own letters and writes its own (issue 27 §1).
            models.UniqueConstraint(
                fields=["committee", "reference_year", "reference_number"],
                name="liaison_letter_reference_number_unique",
                violation_error_message=_("That reference number is already taken by another letter."),
            ),
            models.UniqueConstraint(
                fields=["committee", "home_organization", "year", "half"],
                name="liaison_letter_one_per_home_and_half",
                violation_error_message=_("There is already a letter to this home organization for that half year."),
            ),
            models.CheckConstraint(condition=Q(half__in=[1, 2]), name="liaison_letter_half_valid"),
            models.CheckConstraint(condition=Q(state__in=["draft", "sent"]), name="liaison_letter_state_valid"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(sent_on__isnull=False), name="liaison_letter_sent_has_date"
            ),
        ]

    def __str__(self):
        return f"{self.home_organization} · {self.period_label}"

    @property
    def period_label(self) -> str:
        return _("%(year)s, %(half)s") % {"year": self.year, "half": self.get_half_display()}

    @property
    def period_start(self) -> datetime.date:
        return datetime.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def period_end(self) -> datetime.date:
        return datetime.date(self.year, 6, 30) if self.half == 1 else datetime.date(self.year, 12, 31)

    @staticmethod
    def fingerprint(texts: dict) -> str:
        joined = "\x1f".join(texts.get(name, "") for name in LiaisonLetter.GENERATED_FIELDS)
        return hashlib.sha256(joined.encode()).hexdigest()

    @property
    def has_edits(self) -> bool:
        """True when staff changed a drafted part since it was drafted from the records."""
        return (
            self.fingerprint({name: getattr(self, name) for name in self.GENERATED_FIELDS})
            != self.generated_fingerprint
        )

    @property
    def is_sent(self) -> bool:
        return self.state == self.State.SENT

    def clean(self):
        errors = {}
        if self.sent_on and self.sent_on < self.period_start:
            errors["sent_on"] = _("A letter about a half year cannot be sent before that half year began.")
        if self.sent_on and self.sent_on > clock.today():
            errors["sent_on"] = _("The date sent cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class LetterBatch(models.Model):
    """A half year's letters printed into one PDF in the background (a hundred letters take a few
    seconds each way): who asked, how far it got, and the file when it is done. Only the latest
    files are kept (outreach.letters.batches)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        WORKING = "working", _("Printing")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Failed")

    OPEN_STATES = (State.QUEUED, State.WORKING)

    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("half year"), choices=LiaisonLetter.Half.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The role the batch was asked in (a person may hold several): the worker prints in its scope, and
    # with personal data in full or masked as that role sees them (outreach.letters.tasks).
    requested_as = models.ForeignKey(
        RoleAssignment,
        verbose_name=_("requested as"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    # Written with each letter printed: a batch printing whose worker has been silent for
    # REGISTRY_IMPORT_STALE_SECONDS was stopped (killed, the host restarted) and is marked failed
    # (outreach/letters/batches.py, fail_abandoned_batches), so the half year can be printed again.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True, editable=False)
    progress_done = models.PositiveIntegerField(_("letters printed"), default=0)
    progress_total = models.PositiveIntegerField(_("letters to print"), default=0)
    # The PDF, in the private storage that every app machine and worker shares (branches/storage.py).
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="letters/%Y/", max_length=200, blank=True, editable=False
    )
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("half year's letters as one PDF")
        verbose_name_plural = _("half years' letters as one PDF")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(half__in=[1, 2]), name="letter_batch_half_valid"),
            models.CheckConstraint(
                condition=Q(state__in=["queued", "working", "done", "failed"]), name="letter_batch_state_valid"
            ),
        ]

    def __str__(self):
        return str(LiaisonLetter(year=self.year, half=self.half).period_label)

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def percent(self) -> int:
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0
