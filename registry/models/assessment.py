"""The committee's yearly assessment of its branches (党建考评; docs/assessment.md, ORGLIFE.md §4).

A **scheme** holds a year's items and their weights (summing to 100) and whether the year is closed.
Most items are computed from the records as of the year's end (registry/assessment/scoring.py); the
others are **scored by hand** by the committee office, with a note (AssessmentHandScore). When the
year is **closed**, every branch's items, total, grade and rank are written into AssessmentResult rows
and shown from them: a later change of a record changes nothing closed. Re-opening deletes those rows
and keeps its reason in the scheme's history. The secretary's **annual report** (书记抓党建述职) is a
document kept with the year and the branch, with the committee's grade for it.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from branches.historical_records import HistoricalRecords
from branches.models import Organization
from branches.storage import private_storage
from registry.assessment.uploads import REPORT_EXTENSIONS


class AssessmentScheme(models.Model):
    """A year's scheme: `items` is a list of {"key": …, "weight": n}, in the order the pages show them.

    Each committee of a deployment keeps its own (issue 27 §1): `committee` is the organization whose
    staff set it and whose branches it assesses; none is the deployment's own (unbound staff, a
    registry serving one committee). One a year for each."""

    committee = models.ForeignKey(
        Organization,
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assessment_schemes",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    items = models.JSONField(_("items and weights"), default=list)
    closed = models.BooleanField(_("closed"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Why the year was re-opened, the last time: each re-opening is a row of the history with its reason.
    reopen_reason = models.CharField(_("reason for re-opening"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year"],
                name="assessment_scheme_one_a_year_per_committee",
                violation_error_message=_("This committee has a scheme for this year already."),
            ),
            # NULLs are distinct in a unique index (both databases): the deployment's own needs its own.
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(committee__isnull=True),
                name="assessment_scheme_one_a_year_of_the_deployment",
                violation_error_message=_("The registry has a scheme for this year already."),
            ),
        ]

    def __str__(self):
        return str(self.year)


class AssessmentHandScore(models.Model):
    """An item the committee office scores by hand for one branch in one year, with its note."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("party organization"), on_delete=models.CASCADE, related_name="+"
    )
    item = models.CharField(_("item"), max_length=30)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    note = models.CharField(_("note"), max_length=300, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scored by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hand score")
        verbose_name_plural = _("hand scores")
        ordering = ["year", "organization", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "organization", "item"],
                name="assessment_hand_score_one_per_item",
                violation_error_message=_("This item is scored already for this branch and year."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} {self.year} {self.item}"


class AssessmentResult(models.Model):
    """A branch's assessment as frozen when its year was closed: `items` is a list of {"key", "weight",
    "score", "explanation", "by_hand"} as computed then; the total, grade and rank as shown then."""

    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("assessment scheme"), on_delete=models.CASCADE, related_name="results"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("party organization"), on_delete=models.CASCADE, related_name="+"
    )
    items = models.JSONField(_("items"), default=list)
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=1)
    grade = models.CharField(_("grade"), max_length=20)
    rank = models.PositiveIntegerField(_("rank"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        ordering = ["scheme", "rank", "organization"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "organization"], name="assessment_result_one_per_branch"),
        ]

    def __str__(self):
        return f"{self.organization} {self.scheme}"


def annual_report_path(instance, filename: str) -> str:
    """assessment/<year>/<organization id>/<random>.<ext by content>: the uploaded name is kept in the
    record, never used as a path."""
    extension = REPORT_EXTENSIONS.get(instance.content_type, "")
    return f"assessment/{instance.year}/{instance.organization_id}/{secrets.token_hex(12)}{extension}"


class AnnualReport(models.Model):
    """The secretary's annual report (书记抓党建述职) of a branch for a year: the document, kept where no
    URL serves it, and the committee's grade for it (one of the assessment's grade names)."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("party organization"), on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=annual_report_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now=True)
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    grade_note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("secretary's annual report")
        verbose_name_plural = _("secretaries' annual reports")
        ordering = ["year", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "organization"],
                name="annual_report_one_per_branch",
                violation_error_message=_("This branch has an annual report for this year already."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} {self.year}"
