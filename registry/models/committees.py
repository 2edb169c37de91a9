"""Committees, their terms and elections (支部委员会、换届选举; docs/committees.md).

An **election** opens a term (届): the organization, the term's number (届次), the day, the term's
length and the day it ends (held on + length), the voting members expected and present, the
candidates with their votes, and the higher committee's approval of the secretary. The latest
election of an organization is its current term; a later one replaces it. A **postponement**
(延期换届) moves a term's end by at most a year, approved by the committee above.

A **committee membership** is one member's post on an organization's committee, from a day to a
day (the end empty while in office). The 书记 in office is the organization's secretary wherever
the registry shows one (registry/committees/selectors.py `secretary_of`); Organization.secretary_name
is the typed fallback for an organization with no committee recorded.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from branches.historical_records import HistoricalRecords
from branches.models import Organization
from registry.committees.rules import term_ends_on
from registry.models.members import Member


class Election(models.Model):
    """One election of an organization's committee (or of its secretary, where there is no
    committee), which opens a term."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("party organization"), on_delete=models.PROTECT, related_name="elections"
    )
    number = models.PositiveSmallIntegerField(_("term number"))  # 届次
    held_on = models.DateField(_("election date"), db_index=True)
    term_years = models.PositiveSmallIntegerField(_("term (years)"))
    # The day the term ends: held on + term, never shortened (registry.committees.rules.term_ends_on).
    ends_on = models.DateField(_("term ends on"), editable=False, db_index=True)
    voters_expected = models.PositiveIntegerField(_("voting members expected"))  # 应到
    voters_present = models.PositiveIntegerField(_("voting members present"))  # 实到
    # How many were to be elected (应选名额); an imported election may not say.
    seats = models.PositiveSmallIntegerField(_("seats"), null=True, blank=True)
    secretary_approved_by = models.CharField(_("secretary approved by"), max_length=150, blank=True)
    secretary_approved_on = models.DateField(_("secretary approved on"), null=True, blank=True)
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
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["organization__path", "-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"],
                name="election_one_per_term_number",
                violation_error_message=_("This organization already has an election of this term number."),
            ),
            models.UniqueConstraint(
                fields=["organization", "held_on"],
                name="election_one_per_day",
                violation_error_message=_("This organization already has an election on this day."),
            ),
            models.CheckConstraint(
                condition=Q(voters_present__lte=F("voters_expected")), name="election_present_not_above_expected"
            ),
            models.CheckConstraint(condition=Q(term_years__gte=1, number__gte=1), name="election_term_positive"),
            models.CheckConstraint(
                condition=Q(secretary_approved_on__isnull=True) | Q(secretary_approved_on__gte=F("held_on")),
                name="election_approved_after_held",
            ),
        ]

    def __str__(self):
        return f"{self.organization_id} #{self.number} {self.held_on:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        self.ends_on = term_ends_on(self.held_on, self.term_years)
        super().save(*args, **kwargs)


class ElectionCandidate(models.Model):
    """A candidate of an election, with the votes received and whether elected (more than half of
    the votes of those present)."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="candidates"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("party member"), on_delete=models.CASCADE, related_name="candidacies"
    )
    votes = models.PositiveIntegerField(_("votes"))
    elected = models.BooleanField(_("elected"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["election", "-votes", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "member"], name="election_candidate_once"),
        ]

    def __str__(self):
        return f"{self.member_id} {self.votes}"


class Postponement(models.Model):
    """A term's postponement (延期换届): approved by the committee above, to a day at most a year
    (REGISTRY_TERM_POSTPONEMENT_MAX_MONTHS) after the term's end."""

    election = models.ForeignKey(
        Election, verbose_name=_("term"), on_delete=models.CASCADE, related_name="postponements"
    )
    approved_by = models.CharField(_("approved by"), max_length=150)
    approved_on = models.DateField(_("approved on"))
    until = models.DateField(_("postponed until"))
    reason = models.TextField(_("reason"), blank=True)
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
        verbose_name = _("postponement")
        verbose_name_plural = _("postponements")
        ordering = ["election", "until", "id"]

    def __str__(self):
        return f"{self.election_id} → {self.until:%Y-%m-%d}"


class CommitteeMembership(models.Model):
    """One member's post on an organization's committee, from `started_on` to `ended_on` (the day
    they left office; empty while in office)."""

    class Post(models.TextChoices):
        SECRETARY = "secretary", _("Secretary")
        DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
        ORGANIZATION = "organization", _("Committee member for organization")
        PUBLICITY = "publicity", _("Committee member for publicity")
        DISCIPLINE = "discipline", _("Committee member for discipline inspection")
        MEMBER = "member", _("Committee member")
        OTHER = "other", _("Other post")

    class SecretaryPool(models.TextChoices):
        # Article 001: secretaries are drawn from entrepreneurs and industry leaders, retired cadres
        # and cadres seconded to the chamber.
        ENTREPRENEUR = "entrepreneur", _("Entrepreneur or industry leader")
        RETIRED_CADRE = "retired_cadre", _("Retired cadre")
        SECONDED_CADRE = "seconded_cadre", _("Seconded cadre")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("party organization"),
        on_delete=models.PROTECT,
        related_name="committee_memberships",
    )
    # A member's record is never deleted by the registry (a departure keeps it, docs/lifecycle.md#former-members);
    # a record deleted as a mistake takes its posts and candidacies with it, as its dues and discipline.
    member = models.ForeignKey(
        Member, verbose_name=_("party member"), on_delete=models.CASCADE, related_name="committee_posts"
    )
    post = models.CharField(_("post"), max_length=20, choices=Post.choices)
    # The post's own name where it is "other" (青年委员, 统战委员 … REGISTRY_COMMITTEE_OTHER_POSTS).
    post_title = models.CharField(_("post title"), max_length=20, blank=True)
    started_on = models.DateField(_("in office from"))
    ended_on = models.DateField(_("left office on"), null=True, blank=True, db_index=True)
    secretary_pool = models.CharField(
        _("secretary drawn from"), max_length=20, choices=SecretaryPool.choices, blank=True
    )
    election = models.ForeignKey(
        Election,
        verbose_name=_("election"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["organization__path", "started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="committee_membership_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(
                    post__in=[
                        "secretary",
                        "deputy_secretary",
                        "organization",
                        "publicity",
                        "discipline",
                        "member",
                        "other",
                    ]
                ),
                name="committee_membership_post_valid",
            ),
            models.CheckConstraint(
                condition=Q(secretary_pool__in=["", "entrepreneur", "retired_cadre", "seconded_cadre"]),
                name="committee_membership_pool_valid",
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(post="secretary", ended_on__isnull=True),
                name="committee_one_secretary_in_office",
                violation_error_message=_(
                    "This organization has a secretary in office: end their post first, or record an election."
                ),
            ),
            models.UniqueConstraint(
                fields=["organization", "member"],
                condition=Q(ended_on__isnull=True),
                name="committee_one_open_post_per_member",
                violation_error_message=_("This member already holds a post on this committee."),
            ),
        ]
        indexes = [models.Index(fields=["organization", "ended_on"])]

    def __str__(self):
        return f"{self.organization_id} {self.member_id} {self.post}"

    @staticmethod
    def in_office(day) -> Q:
        """Posts held on `day`: begun on or before it, not yet left (on the day office was left, no longer)."""
        return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))

    @property
    def post_label(self) -> str:
        """The post as people say it: the title of an "other" post, else the post's label."""
        if self.post == self.Post.OTHER and self.post_title:
            return self.post_title
        return str(self.get_post_display())
