"""Development (发展党员): candidates on the way to membership, their half-yearly assessments, the
public notices (公示) of the three decisions and the objections raised against them
(docs/lifecycle.md#development).

A candidate is not a member: never on the roster until admitted. Admission puts them on it
(registry.development.services.candidate_admit) and links the candidate to that member.
"""

import datetime

from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from branches import pinyin
from branches.historical_records import HistoricalRecords
from branches.models import Organization
from branches.phones import validate_phone
from registry.idnumbers import validate_id_number
from registry.models.members import Member


class Stage(models.TextChoices):
    """Where a candidate stands: the latest stage reached (docs/lifecycle.md#development-stages)."""

    APPLICANT = "applicant", _("Applicant")
    ACTIVIST = "activist", _("Activist")
    TARGET = "target", _("Development target")
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")
    CANCELLED = "cancelled", _("Probation cancelled")


# The stages counted as "not yet admitted" (registry_stats --json's `development` key).
NOT_YET_ADMITTED = (Stage.APPLICANT, Stage.ACTIVIST, Stage.TARGET)


def stage_q(stage: str, prefix: str = "") -> Q:
    """Candidates whose latest stage is `stage`, as one condition (for filters and counts)."""

    def q(**lookups):
        return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})

    not_admitted = q(admitted__isnull=True)
    conditions = {
        Stage.APPLICANT: not_admitted & q(target__isnull=True, activist__isnull=True),
        Stage.ACTIVIST: not_admitted & q(target__isnull=True, activist__isnull=False),
        Stage.TARGET: not_admitted & q(target__isnull=False),
        Stage.PROBATIONARY: q(admitted__isnull=False, made_full__isnull=True, cancelled_on__isnull=True),
        Stage.FULL: q(made_full__isnull=False),
        Stage.CANCELLED: q(cancelled_on__isnull=False),
    }
    return conditions[Stage(stage)]


def _after(later: str, earlier: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{later}__isnull": True})
        | Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__gte": F(earlier)}),
        name=name,
    )


class Candidate(pinyin.PinyinNamed):
    """One person on the way to membership, keyed by the citizen ID number, held by one of our
    organizations. The dates are those of the stages reached; none goes backwards."""

    class PoliticalReview(models.TextChoices):
        """The conclusion of the political review (政治审查) of a development target [细则 art. 16]."""

        QUALIFIED = "qualified", _("qualified")
        NOT_QUALIFIED = "not_qualified", _("not qualified")

    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(
        _("citizen ID number"),
        max_length=18,
        unique=True,
        validators=[MinLengthValidator(18), validate_id_number],
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("party organization"), on_delete=models.PROTECT, related_name="candidates"
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    applied = models.DateField(_("applied to join"))
    talked = models.DateField(_("talk"), null=True, blank=True)
    activist = models.DateField(_("became an activist"), null=True, blank=True)
    contact_persons = models.CharField(_("contact persons"), max_length=100, blank=True)
    target = models.DateField(_("became a development target"), null=True, blank=True)
    introducers = models.CharField(_("introducers"), max_length=100, blank=True)
    introducer_members = models.ManyToManyField(
        Member, verbose_name=_("introducers on the roster"), blank=True, related_name="introduced_candidates"
    )
    # The steps before admission, each a dated record, in order [细则 art. 16–21]
    # (docs/lifecycle.md#steps-before-admission): the political review and the training of the
    # development target, the grassroots committee's pre-review, the application form it issues.
    political_review_on = models.DateField(_("political review concluded on"), null=True, blank=True)
    political_review = models.CharField(
        _("conclusion of the political review"), max_length=16, choices=PoliticalReview.choices, blank=True
    )
    training_completed_on = models.DateField(_("training completed on"), null=True, blank=True)
    training_hours = models.PositiveSmallIntegerField(_("training (class hours)"), null=True, blank=True)
    pre_reviewed_on = models.DateField(_("pre-reviewed by the committee on"), null=True, blank=True)
    application_form_number = models.CharField(_("application form number"), max_length=50, blank=True)
    application_form_on = models.DateField(_("application form issued on"), null=True, blank=True)
    admitted = models.DateField(_("admitted as probationary member"), null=True, blank=True)
    # The branch meeting's vote on the admission [细则 art. 20–21]: full members with a vote expected
    # (computed from the roster on the day when recorded here), present, and the votes for.
    vote_expected = models.PositiveSmallIntegerField(_("members with a vote"), null=True, blank=True)
    vote_present = models.PositiveSmallIntegerField(_("members with a vote present"), null=True, blank=True)
    vote_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    # The higher committee's talk before it approves [党章 art. 5; 细则 art. 23], and the oath after
    # the approval [党章 art. 6].
    committee_talk_on = models.DateField(_("talk by the higher committee"), null=True, blank=True)
    approved = models.DateField(_("admission approved"), null=True, blank=True)
    oath_on = models.DateField(_("oath taken on"), null=True, blank=True)
    probation_extended_on = models.DateField(_("probation extended on"), null=True, blank=True)
    probation_extension_months = models.PositiveSmallIntegerField(
        _("probation extended by (months)"), null=True, blank=True
    )
    # An extension is decided by the branch meeting and approved by the higher committee [细则 art. 33].
    extension_approved = models.DateField(_("extension approved"), null=True, blank=True)
    # 转正时间: the day the probation ended (admission + a year + any extension), from which membership
    # counts [党章 art. 7] — not the day of the branch meeting that decided it, which is full_decided.
    made_full = models.DateField(_("made full member"), null=True, blank=True)
    full_decided = models.DateField(_("full membership decided on"), null=True, blank=True)
    full_approved = models.DateField(_("full membership approved"), null=True, blank=True)
    cancelled_on = models.DateField(_("probation cancelled on"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    member = models.OneToOneField(
        Member,
        verbose_name=_("member on the roster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidate",
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=list(pinyin.NAME_KEYS))

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["organization__path", "applied", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(id_number__regex=r"^[0-9]{17}[0-9X]$"), name="candidate_id_number_format"
            ),
            _after("activist", "applied", "candidate_activist_after_applied"),
            _after("target", "activist", "candidate_target_after_activist"),
            _after("admitted", "target", "candidate_admitted_after_target"),
            _after("made_full", "admitted", "candidate_made_full_after_admitted"),
            _after("full_decided", "made_full", "candidate_full_decided_after_probation"),
            _after("pre_reviewed_on", "political_review_on", "candidate_pre_review_after_political_review"),
            _after("pre_reviewed_on", "training_completed_on", "candidate_pre_review_after_training"),
            _after("admitted", "pre_reviewed_on", "candidate_admitted_after_pre_review"),
            _after("approved", "committee_talk_on", "candidate_approved_after_committee_talk"),
            _after("oath_on", "approved", "candidate_oath_after_approval"),
            _after("extension_approved", "probation_extended_on", "candidate_extension_approved_after_decision"),
            models.CheckConstraint(
                condition=Q(vote_present__isnull=True)
                | Q(vote_expected__isnull=True)
                | Q(vote_present__lte=F("vote_expected")),
                name="candidate_vote_present_of_expected",
            ),
            models.CheckConstraint(
                condition=Q(vote_for__isnull=True)
                | Q(vote_expected__isnull=True)
                | Q(vote_for__lte=F("vote_expected")),
                name="candidate_votes_for_of_expected",
            ),
            models.CheckConstraint(
                condition=Q(probation_extension_months__isnull=True)
                | Q(probation_extension_months__gte=6, probation_extension_months__lte=12),
                name="candidate_extension_6_to_12_months",
            ),
        ]
        indexes = [models.Index(fields=["organization", "admitted"]), models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    @property
    def stage(self) -> Stage:
        if self.cancelled_on:
            return Stage.CANCELLED
        if self.made_full:
            return Stage.FULL
        if self.admitted:
            return Stage.PROBATIONARY
        if self.target:
            return Stage.TARGET
        if self.activist:
            return Stage.ACTIVIST
        return Stage.APPLICANT

    def get_stage_display(self) -> str:
        return self.stage.label


class Assessment(models.Model):
    """A half-yearly assessment (考察) of an activist: when, by whom, what was found."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="assessments"
    )
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.CharField(_("assessed by"), max_length=100)
    remark = models.TextField(_("remark"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["assessed_on", "id"]

    def __str__(self):
        return f"{self.candidate} · {self.assessed_on}"


class Notice(models.Model):
    """A public notice (公示) before one of the three decisions [002]. The decision may be recorded
    on or after `starts_on` + REGISTRY_NOTICE_DAYS, when no objection is open
    (docs/lifecycle.md#public-notices)."""

    class Decision(models.TextChoices):
        TARGET = "target", _("choosing as development target")
        ADMISSION = "admission", _("admission as probationary member")
        FULL = "full", _("making full member")

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="notices"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    starts_on = models.DateField(_("notice starts on"))
    # Its last day: starts_on + REGISTRY_NOTICE_DAYS - 1, fixed when the notice is started.
    last_day = models.DateField(_("last day of the notice"))
    text = models.TextField(_("text of the notice"))
    decided_on = models.DateField(_("decision recorded on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=F("starts_on")), name="notice_last_day_after_start")
        ]

    def __str__(self):
        return f"{self.candidate} · {self.get_decision_display()} · {self.starts_on}"

    @property
    def days(self) -> int:
        return (self.last_day - self.starts_on).days + 1

    @property
    def decision_from(self) -> datetime.date:
        """The first day the decision may be recorded: the notice's first day + its length."""
        return self.last_day + datetime.timedelta(days=1)

    @property
    def is_open(self) -> bool:
        """Neither decided nor withdrawn: still the notice of its decision."""
        return self.decided_on is None and self.withdrawn_on is None

    @staticmethod
    def last_day_for(starts_on: datetime.date) -> datetime.date:
        return starts_on + datetime.timedelta(days=settings.REGISTRY_NOTICE_DAYS - 1)


class Objection(models.Model):
    """An objection (异议) raised during a notice; while it is open, the decision waits."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("public notice"), on_delete=models.CASCADE, related_name="objections"
    )
    raised_on = models.DateField(_("raised on"))
    text = models.TextField(_("objection"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["raised_on", "id"]

    def __str__(self):
        return f"{self.notice} · {self.raised_on}"
