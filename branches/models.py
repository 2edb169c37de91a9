"""Chambers of commerce, their member enterprises, and the party organizations they host.

`branches` knows nothing of members: figures about people reach it as counts it is handed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from branches import pinyin
from branches.creditcodes import validate_credit_code
from branches.historical_records import HistoricalRecords
from branches.phones import validate_phone


class Chamber(pinyin.PinyinNamed):
    """A chamber of commerce (商会): a general chamber with city and industry chambers below it."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("General chamber")
        CITY = "city", _("City chamber")
        INDUSTRY = "industry", _("Industry chamber")

    name = models.CharField(_("chamber name"), max_length=100, unique=True)
    kind = models.CharField(_("chamber kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent chamber"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    home_region = models.CharField(_("home region"), max_length=100, blank=True)
    supervising_department = models.CharField(_("supervising department"), max_length=100, blank=True)
    established = models.DateField(_("established"), null=True, blank=True)

    objects = pinyin.PinyinQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=list(pinyin.NAME_KEYS))

    class Meta:
        verbose_name = _("chamber")
        verbose_name_plural = _("chambers")
        ordering = ["kind", "name_sort"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="chamber_not_own_parent"),
            models.CheckConstraint(condition=Q(kind__in=["general", "city", "industry"]), name="chamber_kind_valid"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        ancestor, seen = self.parent, set()
        while ancestor is not None and self.pk is not None:
            if ancestor.pk == self.pk or ancestor.pk in seen:
                raise ValidationError(
                    {"parent": _("A chamber cannot be placed under itself or one of its own sub-chambers.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class Enterprise(pinyin.PinyinNamed):
    """A member enterprise (会员企业) of a chamber."""

    name = models.CharField(_("enterprise name"), max_length=150, unique=True)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    chamber = models.ForeignKey(
        Chamber,
        verbose_name=_("chamber"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    joined_chamber = models.DateField(_("joined the chamber"), null=True, blank=True)
    party_members_reported = models.PositiveIntegerField(
        _("party members reported"),
        null=True,
        blank=True,
        help_text=_("As written on the chamber's membership registration form."),
    )

    objects = pinyin.PinyinQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=list(pinyin.NAME_KEYS))

    class Meta:
        verbose_name = _("member enterprise")
        verbose_name_plural = _("member enterprises")
        ordering = ["name_sort"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="enterprise_credit_code_unique",
                violation_error_message=_("Another enterprise already has this unified social credit code."),
            ),
        ]

    def __str__(self):
        return self.name


def validate_reference_pattern(value: str) -> None:
    """A letters' reference pattern names only {year} and {n} (and doubles its other braces)."""
    try:
        value.format(year=2026, n=1)
    except (KeyError, IndexError, ValueError):
        raise ValidationError(
            _("Write the pattern with {year} and {n} only, e.g. 闽商党〔{year}〕{n}号."), code="reference_pattern"
        ) from None


class Organization(models.Model):
    """A party organization (党组织), hosted by a chamber and/or enterprises; a tree of its own.

    `path` is a materialized path of primary keys ("1/7/23/"), maintained by the services, so that
    "this organization and everything below it" is one indexed prefix match.
    """

    class Level(models.TextChoices):
        COMMITTEE = "committee", _("Party committee")
        GENERAL_BRANCH = "general_branch", _("General branch")
        BRANCH = "branch", _("Branch")
        JOINT_BRANCH = "joint_branch", _("Joint branch")
        TEMPORARY_BRANCH = "temporary_branch", _("Temporary branch")
        PARTY_GROUP = "party_group", _("Party group")

    class Formation(models.TextChoices):
        STANDALONE = "standalone", _("Standalone")
        JOINT = "joint", _("Joint")
        OFFICE_BASED = "office_based", _("Office-based")

    # Levels that count as "branches" in the articles' figures (44 branches in all).
    BRANCH_LEVELS = (Level.BRANCH, Level.JOINT_BRANCH, Level.TEMPORARY_BRANCH)

    name = models.CharField(_("organization name"), max_length=150, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    chamber = models.ForeignKey(
        Chamber,
        verbose_name=_("chamber"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    host_enterprises = models.ManyToManyField(
        Enterprise, verbose_name=_("host enterprises"), blank=True, related_name="organizations"
    )
    formation = models.CharField(_("formation"), max_length=20, choices=Formation.choices, blank=True)
    established = models.DateField(_("established"), null=True, blank=True)
    plaque_granted = models.DateField(_("plaque granted"), null=True, blank=True)
    secretary_name = models.CharField(_("secretary"), max_length=50, blank=True)
    secretary_phone = models.CharField(_("secretary's phone"), max_length=20, blank=True, validators=[validate_phone])
    path = models.CharField(_("place in the tree"), max_length=255, blank=True, editable=False, db_index=True)
    # A committee's own pattern of its liaison letters' reference numbers (文号), with {year} and {n}:
    # each committee of a deployment numbers its letters itself (outreach.letters.services._number).
    letter_reference = models.CharField(
        _("letters' reference pattern"),
        max_length=60,
        blank=True,
        validators=[validate_reference_pattern],
        help_text=_(
            "For a committee: its letters' reference numbers, e.g. 闽商党〔{year}〕{n}号 (empty: the registry's)."
        ),
    )

    history = HistoricalRecords(excluded_fields=["path"], m2m_fields=[host_enterprises])

    class Meta:
        verbose_name = _("party organization")
        verbose_name_plural = _("party organizations")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="organization_not_own_parent"),
            models.CheckConstraint(
                condition=Q(
                    level__in=[
                        "committee",
                        "general_branch",
                        "branch",
                        "joint_branch",
                        "temporary_branch",
                        "party_group",
                    ]
                ),
                name="organization_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(formation__in=["", "standalone", "joint", "office_based"]),
                name="organization_formation_valid",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 1, 0)

    def clean(self):
        if (
            self.parent_id
            and self.pk
            and (self.parent_id == self.pk or (self.path and self.parent.path.startswith(self.path)))
        ):
            raise ValidationError(
                {
                    "parent": _(
                        "An organization cannot be placed under itself or one of its own "
                        "sub-organizations: that would make a loop."
                    )
                }
            )


class RoleAssignment(models.Model):
    """One of the four roles a user holds, and the organization it is bound to: the one a secretary
    keeps, or the committee whose staff or reviewer the user is (none: the whole registry, the body
    above). A user may hold several (a secretary of a branch and staff of their committee); the one
    in force is chosen in the navigation (branches.access.assignment_of)."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        STAFF = "staff", _("Committee staff")
        SECRETARY = "secretary", _("Branch secretary")
        REVIEWER = "reviewer", _("Reviewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="secretaries",
    )

    # Who granted, changed or revoked a role, and when: a revocation deletes the assignment and
    # leaves its "-" row here (see branches.services.role_assign / role_revoke).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="secretary", organization__isnull=False)
                    | Q(role="admin", organization__isnull=True)
                    | Q(role__in=["staff", "reviewer"])
                ),
                name="role_secretary_has_organization",
            ),
            # The same role twice for one person says nothing more: once per organization (or none).
            models.UniqueConstraint(
                fields=["user", "role", "organization"],
                condition=Q(organization__isnull=False),
                name="role_once_per_user_and_organization",
            ),
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(organization__isnull=True), name="role_once_per_user_unbound"
            ),
        ]

    def __str__(self):
        if self.organization_id:
            return f"{self.user} · {self.get_role_display()} · {self.organization}"
        return f"{self.user} · {self.get_role_display()}"

    def clean(self):
        # The check constraint in words, so that a form or a service can say it next to the field.
        if self.role == self.Role.SECRETARY and self.organization_id is None:
            raise ValidationError({"organization": _("A secretary keeps one organization: choose it.")})
        if self.role == self.Role.ADMIN and self.organization_id is not None:
            raise ValidationError(
                {"organization": _("An administrator sees every organization: leave the organization empty.")}
            )


class AccountEvent(models.Model):
    """What happened to a login besides its role (kept by RoleAssignment's history): created,
    deactivated, reactivated, password reset, renamed — with who did it and when, written in the
    same transaction as the change (branches.accounts)."""

    class Action(models.TextChoices):
        CREATED = "created", _("account created")
        DEACTIVATED = "deactivated", _("account deactivated")
        REACTIVATED = "reactivated", _("account reactivated")
        PASSWORD_RESET = "password_reset", _("password reset")
        RENAMED = "renamed", _("name changed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="account_events",
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("account change")
        verbose_name_plural = _("account changes")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["created", "deactivated", "reactivated", "password_reset", "renamed"]),
                name="account_event_action_valid",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_action_display()}"


# The inbox's models live beside its code (branches/inbox/); Django finds them here.
from branches.inbox.models import DigestSent, InboxState, Message  # noqa: E402

__all__ = [
    "AccountEvent",
    "Chamber",
    "DigestSent",
    "Enterprise",
    "InboxState",
    "Message",
    "Organization",
    "RoleAssignment",
]
