"""Every write to chambers, enterprises, organizations and roles.

Each service is keyword-only, runs in one transaction, validates the whole record, and saves
through `save_with_history` so the history row names who made the change.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import UniqueConstraint, Value
from django.db.models.functions import Concat, Substr

from branches.models import Chamber, Enterprise, Organization, RoleAssignment


def apply_changes(instance, data: dict) -> list[str]:
    """Sets the given fields on `instance`; returns the names of those whose value changed."""
    changed = []
    for field, value in data.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed.append(field)
    return changed


def validate_record(instance) -> None:
    """Fields, `clean()` and unique rules, with messages for people.

    Check constraints are left to the database (which enforces them anyway, and whose Python-side
    check costs a query each): `clean()` says the same things in words. Unique constraints are
    checked here, because a duplicate deserves a message next to the field.
    """
    instance.full_clean(exclude=["path"] if isinstance(instance, Organization) else None, validate_constraints=False)
    for constraint in instance._meta.constraints:
        if isinstance(constraint, UniqueConstraint):
            constraint.validate(type(instance), instance)


def save_with_history(instance, *, actor, reason: str = "") -> None:
    """Validates and saves; django-simple-history writes the history row in the same transaction."""
    validate_record(instance)
    instance._history_user = actor if getattr(actor, "pk", None) else None
    if reason:
        instance._change_reason = reason
    instance.save()


# --- chambers and enterprises -----------------------------------------------------------------

@transaction.atomic
def chamber_create(*, data: dict, actor) -> Chamber:
    chamber = Chamber(**data)
    save_with_history(chamber, actor=actor)
    return chamber


@transaction.atomic
def chamber_update(*, chamber: Chamber, data: dict, actor) -> list[str]:
    changed = apply_changes(chamber, data)
    if changed:
        save_with_history(chamber, actor=actor)
    return changed


@transaction.atomic
def enterprise_create(*, data: dict, actor) -> Enterprise:
    enterprise = Enterprise(**data)
    save_with_history(enterprise, actor=actor)
    return enterprise


@transaction.atomic
def enterprise_update(*, enterprise: Enterprise, data: dict, actor) -> list[str]:
    changed = apply_changes(enterprise, data)
    if changed:
        save_with_history(enterprise, actor=actor)
    return changed


# --- organizations ----------------------------------------------------------------------------

def _path_for(organization: Organization) -> str:
    parent_path = organization.parent.path if organization.parent_id else ""
    return f"{parent_path}{organization.pk}/"


@transaction.atomic
def organization_create(*, data: dict, actor) -> Organization:
    data = dict(data)
    hosts = data.pop("host_enterprises", None)
    organization = Organization(**data)
    save_with_history(organization, actor=actor)
    organization.path = _path_for(organization)
    # The path is derived, not history: written without a second history row.
    Organization.objects.filter(pk=organization.pk).update(path=organization.path)
    if hosts:
        organization.host_enterprises.set(hosts)
    return organization


@transaction.atomic
def organization_update(*, organization: Organization, data: dict, actor) -> list[str]:
    """Changes an organization; moving it under another parent moves its whole subtree."""
    data = dict(data)
    hosts = data.pop("host_enterprises", None)
    old_path = organization.path
    changed = apply_changes(organization, data)
    if changed:
        save_with_history(organization, actor=actor)
    if "parent" in changed:
        new_path = _path_for(organization)
        Organization.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
        )
        organization.path = new_path
    if hosts is not None and set(hosts) != set(organization.host_enterprises.all()):
        organization._history_user = actor if getattr(actor, "pk", None) else None
        organization.host_enterprises.set(hosts)
        changed.append("host_enterprises")
    return changed


# --- roles ------------------------------------------------------------------------------------

@transaction.atomic
def role_grant(*, username: str, role: str, organization: Organization | None = None, password: str | None = None):
    """Creates the user if needed and binds one role to them (replacing any earlier role).

    Admins get Django's staff and superuser flags (the admin site is theirs alone); everyone
    else loses them.
    """
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    is_admin = role == RoleAssignment.Role.ADMIN
    user.is_staff = is_admin
    user.is_superuser = is_admin
    user.save()
    assignment = RoleAssignment.objects.filter(user=user).first() or RoleAssignment(user=user)
    assignment.role = role
    assignment.organization = organization if role == RoleAssignment.Role.SECRETARY else None
    assignment.full_clean()
    assignment.save()
    return user, created
