"""Discipline (党纪处分, docs/lifecycle.md#discipline): one row per decision on a member — the kind,
the day it was decided, the deciding organization, the kind of breach and, for 留党察看, the term.

A record of its own rather than a movement: a discipline changes what a member may do for a time
(under 留党察看: no vote, not elected, no introducing — registry.members.rules.under_probation_of_rights),
not whether they are on the roster. Only 开除党籍 is also a departure: its service records the
movement (Movement.Kind.EXPELLED) beside the discipline row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.historical_records import HistoricalRecords
from registry.development.rules import add_years
from registry.models.members import Member


class Discipline(models.Model):
    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning (警告)")
        SERIOUS_WARNING = "serious_warning", _("Serious warning (严重警告)")
        REMOVAL_FROM_POST = "removal_from_post", _("Removal from party posts (撤销党内职务)")
        PROBATION = "probation", _("Probation within the party (留党察看)")
        EXPULSION = "expulsion", _("Expulsion from the party (开除党籍)")

    class Breach(models.TextChoices):
        POLITICAL = "political", _("Political discipline (政治纪律)")
        ORGANIZATIONAL = "organizational", _("Organizational discipline (组织纪律)")
        INTEGRITY = "integrity", _("Integrity discipline (廉洁纪律)")
        MASSES = "masses", _("Discipline towards the masses (群众纪律)")
        WORK = "work", _("Work discipline (工作纪律)")
        LIFE = "life", _("Discipline in life (生活纪律)")

    member = models.ForeignKey(
        Member, verbose_name=_("party member"), on_delete=models.CASCADE, related_name="disciplines"
    )
    kind = models.CharField(_("discipline"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("decided on"), db_index=True)
    # The organization that decided (a name as the decision states it: often a committee above ours).
    deciding_organization = models.CharField(_("deciding party organization"), max_length=150)
    breach = models.CharField(_("kind of breach"), max_length=20, choices=Breach.choices, blank=True)
    # 留党察看: 1 or 2 years; the other kinds have no term.
    term_years = models.PositiveSmallIntegerField(_("term (years)"), null=True, blank=True)
    # 留党察看: the day the term ends and the member's rights come back by themselves (date + term).
    ends_on = models.DateField(_("rights back on"), null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
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
        verbose_name = _("discipline")
        verbose_name_plural = _("discipline")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["warning", "serious_warning", "removal_from_post", "probation", "expulsion"]),
                name="discipline_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind="probation", term_years__in=[1, 2]) | (~Q(kind="probation") & Q(term_years=None)),
                name="discipline_term_only_for_probation",
            ),
        ]
        indexes = [models.Index(fields=["member", "date"]), models.Index(fields=["kind", "date"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        self.ends_on = self.term_end()
        super().save(*args, **kwargs)

    def term_end(self):
        """留党察看: the day the term ends and the rights come back (date + term, never shortened)."""
        if self.kind == self.Kind.PROBATION and self.term_years:
            return add_years(self.date, self.term_years)
        return None
