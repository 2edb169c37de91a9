"""The annual appraisal of members (民主评议党员, ORGLIFE.md §3, docs/appraisal.md, registry/appraisal).

- `AppraisalRound`: a branch's appraisal of one year, with the days of its steps — study (学习教育),
  self-assessment (个人自评), the members' vote (民主测评) and the branch's decision (组织评定).
- `AppraisalResult`: one member taking part: the votes received per grade, the grade the branch
  decided (none for a probationary member), and for 不合格 what is done — 限期改正 with its deadline,
  or a departure (劝退, 劝而不退除名, 自行脱党除名), which is the member's movement of that kind
  (`movement`, recorded through the movement services).

The rules (at most a third 优秀, probationary members not graded, the outcomes) are
registry/appraisal/rules.py, asked by the services and the import; the constraints below say in
the database what can be said of one row.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from branches.historical_records import HistoricalRecords
from branches.models import Organization

__all__ = ["AppraisalResult", "AppraisalRound"]


class AppraisalRound(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name=_("party organization"), on_delete=models.PROTECT, related_name="appraisal_rounds"
    )
    year = models.PositiveSmallIntegerField(_("year appraised"))
    study_on = models.DateField(_("study"), null=True, blank=True)  # 学习教育
    self_assessment_on = models.DateField(_("self-assessment"), null=True, blank=True)  # 个人自评、党员互评
    vote_on = models.DateField(_("members' vote"), null=True, blank=True)  # 民主测评
    decided_on = models.DateField(_("branch's decision"), null=True, blank=True)  # 组织评定
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
        verbose_name = _("appraisal round")
        verbose_name_plural = _("appraisal rounds")
        ordering = ["-year", "organization__path", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="appraisal_round_one_per_year",
                violation_error_message=_("This organization already has its appraisal of that year."),
            ),
            models.CheckConstraint(
                condition=Q(vote_on__isnull=True) | Q(decided_on__isnull=True) | Q(decided_on__gte=F("vote_on")),
                name="appraisal_round_decided_after_vote",
            ),
        ]

    def __str__(self):
        return f"{self.organization} {self.year}"

    @property
    def grade_counts(self) -> list[tuple[str, object, int]]:
        """(grade, label, how many) of a round counted by registry.appraisal.selectors.grade_counts: the
        four grades, then those taking part without one."""
        labels = [*AppraisalResult.Grade.choices, ("not_graded", _("Not graded"))]
        return [(value, label, getattr(self, value, 0)) for value, label in labels]


class AppraisalResult(models.Model):
    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent")  # 优秀
        QUALIFIED = "qualified", _("Qualified")  # 合格
        BASICALLY_QUALIFIED = "basically_qualified", _("Basically qualified")  # 基本合格
        UNQUALIFIED = "unqualified", _("Unqualified")  # 不合格

    class Outcome(models.TextChoices):
        CORRECTION = "correction", _("Correct within a deadline")  # 限期改正
        PERSUADED = "persuaded", _("Persuaded to withdraw")  # 劝退
        PERSUASION_REFUSED = "persuasion_refused", _("Removed after refusing to withdraw")  # 劝而不退除名
        LAPSED = "lapsed", _("Removed for lapsing from the party")  # 自行脱党除名

    appraisal_round = models.ForeignKey(
        AppraisalRound, verbose_name=_("appraisal round"), on_delete=models.CASCADE, related_name="results"
    )
    # A member record is never deleted (a departure keeps it); one deleted as a mistake takes its results along.
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("party member"),
        on_delete=models.CASCADE,
        related_name="appraisal_results",
    )
    # The members' vote (民主测评): how many voted each grade for this member; empty when not counted.
    votes_excellent = models.PositiveSmallIntegerField(_("votes: excellent"), null=True, blank=True)
    votes_qualified = models.PositiveSmallIntegerField(_("votes: qualified"), null=True, blank=True)
    votes_basically_qualified = models.PositiveSmallIntegerField(_("votes: basically qualified"), null=True, blank=True)
    votes_unqualified = models.PositiveSmallIntegerField(_("votes: unqualified"), null=True, blank=True)
    # The grade the branch decided; empty: not graded (a probationary member, or not decided yet).
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, blank=True)
    outcome = models.CharField(_("action taken"), max_length=20, choices=Outcome.choices, blank=True)
    correction_deadline = models.DateField(_("correct by"), null=True, blank=True)
    # A departure's movement (the member's event of that kind): recorded by the grading, or found.
    movement = models.ForeignKey(
        "registry.Movement",
        verbose_name=_("departure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    VOTE_FIELDS = ("votes_excellent", "votes_qualified", "votes_basically_qualified", "votes_unqualified")

    class Meta:
        verbose_name = _("appraisal result")
        verbose_name_plural = _("appraisal results")
        ordering = ["appraisal_round", "member__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal_round", "member"],
                name="appraisal_result_one_per_member",
                violation_error_message=_("This member already has a result in this round."),
            ),
            models.CheckConstraint(
                condition=Q(grade__in=["", "excellent", "qualified", "basically_qualified", "unqualified"]),
                name="appraisal_result_grade_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(grade="unqualified"), name="appraisal_result_outcome_only_unqualified"
            ),
            models.CheckConstraint(
                condition=Q(outcome="correction", correction_deadline__isnull=False)
                | (~Q(outcome="correction") & Q(correction_deadline__isnull=True)),
                name="appraisal_result_deadline_with_correction",
            ),
        ]

    def __str__(self):
        return f"{self.appraisal_round} {self.member_id} {self.grade or '-'}"

    @property
    def votes(self) -> tuple:
        return tuple(getattr(self, field) for field in self.VOTE_FIELDS)
