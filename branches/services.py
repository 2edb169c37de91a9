"""Every write to chambers, enterprises, organizations and roles.

Each service is keyword-only, runs in one transaction, validates the whole record, and saves
through `save_with_history` so the history row names who made the change.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import UniqueConstraint, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_noop

from branches import access
from branches.historical_records import record_unrecorded_changes
from branches.models import Chamber, Enterprise, Organization, RoleAssignment
from branches.versions import check_version


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

    A foreign key whose record is already in hand, read from the database, is not looked up again
    (`_loaded_relations`): full_clean would ask the database whether it exists, a third of the
    queries of a save.
    """
    kept_out = {"path"} if isinstance(instance, Organization) else set()
    errors: dict = {}
    try:
        instance.full_clean(
            exclude=kept_out | set(_loaded_relations(instance)), validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    # Unique fields and unique_together as full_clean checks them (a loaded relation included: a
    # second candidate for the same member is refused in words), but not on a field already invalid.
    try:
        instance.validate_unique(exclude=kept_out | {name for name in errors if name != NON_FIELD_ERRORS})
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    for constraint in instance._meta.constraints:
        if isinstance(constraint, UniqueConstraint):
            constraint.validate(type(instance), instance)


def _loaded_relations(instance) -> list[str]:
    """The foreign keys of `instance` holding a record read from the database (cached on it, saved,
    the very one the key names) and with no `limit_choices_to` to check: their existence is known.
    An id set by hand, or a record not yet saved, is still checked by full_clean."""
    loaded = []
    for field in instance._meta.concrete_fields:
        if not field.many_to_one and not field.one_to_one:
            continue
        if field.remote_field.limit_choices_to or not field.is_cached(instance):
            continue
        related = field.get_cached_value(instance)
        if (
            related is not None
            and not related._state.adding
            and related.pk is not None
            and getattr(related, field.target_field.attname) == getattr(instance, field.attname)
        ):
            loaded.append(field.name)
    return loaded


def save_with_history(instance, *, actor, reason: str = "") -> None:
    """Validates and saves; django-simple-history writes the history row in the same transaction.

    The row holds exactly what this save changed: a change made earlier without a history row is
    recorded first, in a row of its own naming nobody (branches/historical_records.py)."""
    validate_record(instance)
    record_unrecorded_changes(instance)
    instance._history_user = actor if getattr(actor, "pk", None) else None
    if reason:
        instance._change_reason = reason
    instance.save()


class Change:
    """What one update did to its record: `apply` sets fields, `fields` names those that differ
    from the record as it was read when the update began (filled in when the update ends)."""

    def __init__(self, instance):
        self.instance = instance
        self.fields: list[str] = []
        self._applied: dict[str, object] = {}  # name → value before the first apply that set it
        # The fields the record holds now (a deferred field is left alone: reading it costs a query).
        self._read = {
            field.name: instance.__dict__[field.attname]
            for field in instance._meta.concrete_fields
            if field.attname in instance.__dict__
        }

    def apply(self, data: dict, *, only: Iterable[str] | None = None) -> None:
        """Sets the given fields (those in `only`, when given; the others are ignored)."""
        for field, value in data.items():
            if (only is not None and field not in only) or getattr(self.instance, field) == value:
                continue
            self._applied.setdefault(field, getattr(self.instance, field))
            setattr(self.instance, field, value)

    def _changed(self) -> list[str]:
        """The fields applied whose value differs now, in the order applied, then any other field
        the update changed on the way (one derived from another: a birth date from an ID number)."""
        changed = [field for field, before in self._applied.items() if getattr(self.instance, field) != before]
        for field in self.instance._meta.concrete_fields:
            if field.name in self._applied or field.name not in self._read:
                continue
            if self.instance.__dict__.get(field.attname) != self._read[field.name]:
                changed.append(field.name)
        return changed


@contextmanager
def recorded_change(instance, *, actor, version: str | None = None, reason: str = "") -> Iterator[Change]:
    """One update of a record, the way every service writes one (Zulip's actions): the version
    the form was read at, when given, is checked first (a record changed since is refused with
    StaleEdit, naming what changed; the row stays locked until the transaction ends; branches/versions.py),
    the block applies the changes (and refuses what the rules refuse: nothing is saved), and the
    record is saved with its history row, naming `actor` and `reason`, only if a field changed.
    `change.fields` then names them (none: nothing saved, no history row). Call it inside the
    service's transaction.

        with recorded_change(letter, actor=actor, version=version) as change:
            refuse_if_sent(letter)
            change.apply(data, only=EDITABLE_FIELDS)
        return change.fields
    """
    check_version(instance, version)
    change = Change(instance)
    yield change
    change.fields = change._changed()
    if change.fields:
        save_with_history(instance, actor=actor, reason=reason)


def update_with_history(
    instance,
    *,
    changes: dict,
    actor,
    version: str | None = None,
    reason: str = "",
    only: Iterable[str] | None = None,
) -> list[str]:
    """`recorded_change` for an update that only sets fields: checks the version, applies
    `changes` (those in `only`, when given), saves with history if anything changed; returns the
    fields that changed."""
    with recorded_change(instance, actor=actor, version=version, reason=reason) as change:
        change.apply(changes, only=only)
    return change.fields


# --- chambers and enterprises -----------------------------------------------------------------


@transaction.atomic
def chamber_create(*, data: dict, actor) -> Chamber:
    chamber = Chamber(**data)
    save_with_history(chamber, actor=actor)
    return chamber


@transaction.atomic
def chamber_update(*, chamber: Chamber, data: dict, actor, version: str | None = None) -> list[str]:
    return update_with_history(chamber, changes=data, actor=actor, version=version)


@transaction.atomic
def enterprise_create(*, data: dict, actor) -> Enterprise:
    enterprise = Enterprise(**data)
    save_with_history(enterprise, actor=actor)
    return enterprise


@transaction.atomic
def enterprise_update(*, enterprise: Enterprise, data: dict, actor, version: str | None = None) -> list[str]:
    return update_with_history(enterprise, changes=data, actor=actor, version=version)


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
def organization_update(*, organization: Organization, data: dict, actor, version: str | None = None) -> list[str]:
    """Changes an organization; moving it under another parent moves its whole subtree."""
    data = dict(data)
    hosts = data.pop("host_enterprises", None)
    old_path = organization.path
    changed = update_with_history(organization, changes=data, actor=actor, version=version)
    if "parent" in changed:
        new_path = _path_for(organization)
        Organization.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
        )
        organization.path = new_path
    if hosts is not None and set(hosts) != set(organization.host_enterprises.all()):
        record_unrecorded_changes(organization)  # the m2m change writes a history row of its own
        organization._history_user = actor if getattr(actor, "pk", None) else None
        organization.host_enterprises.set(hosts)
        changed.append("host_enterprises")
    return changed


# --- roles ------------------------------------------------------------------------------------

# Change reasons stored in English and shown translated on the roles page (branches/selectors.py).
COMMAND_LINE = gettext_noop("command line")
HISTORY_BEGAN = gettext_noop("held when role history began")  # written by migration 0003


def _delete_assignment(assignment: RoleAssignment, *, actor, reason: str = "") -> None:
    """Deletes one assignment; its history keeps a "-" row naming `actor`."""
    assignment._history_user = actor if getattr(actor, "pk", None) else None
    if reason:
        assignment._change_reason = reason
    assignment.delete()


def _admin_flags(user) -> None:
    """Django's staff and superuser flags (the admin site is the administrators' alone): set while
    the user holds the administrator role among theirs, cleared otherwise."""
    is_admin = RoleAssignment.objects.filter(user=user, role=RoleAssignment.Role.ADMIN).exists()
    if (user.is_staff, user.is_superuser) != (is_admin, is_admin):
        user.is_staff = user.is_superuser = is_admin
        user.save(update_fields=["is_staff", "is_superuser"])


@transaction.atomic
def role_assign(
    *,
    user,
    role: str,
    organization: Organization | None = None,
    actor=None,
    reason: str = "",
    assignment: RoleAssignment | None = None,
    add: bool = False,
) -> RoleAssignment:
    """Binds a role to an existing user; the history row names `actor`. By default the role
    replaces every role the user held; `add` keeps them (a person with several roles: the same
    role and organization held already writes nothing); `assignment` changes that one only.

    The organization is the one a secretary keeps, or the committee bounding staff or a reviewer
    (none: the whole registry); an administrator is bound to none. Admins get Django's staff and
    superuser flags; everyone else loses them. Assigning what the user holds already writes nothing.
    """
    organization = None if role == RoleAssignment.Role.ADMIN else organization
    if assignment is None and add:
        assignment = RoleAssignment.objects.filter(user=user, role=role, organization=organization).first()
    if assignment is None:
        held = list(RoleAssignment.objects.filter(user=user).order_by("pk"))
        assignment = held[0] if held and not add else RoleAssignment(user=user)
        for other in held[1:] if not add else []:
            _delete_assignment(other, actor=actor, reason=reason)
    changed = apply_changes(assignment, {"role": role, "organization": organization})
    if assignment._state.adding or changed:
        save_with_history(assignment, actor=actor, reason=reason)
    _admin_flags(user)
    access.forget_assignment(user)
    return assignment


@transaction.atomic
def role_grant(
    *,
    username: str,
    role: str,
    organization: Organization | None = None,
    password: str | None = None,
    name: str | None = None,
    actor=None,
    reason: str = "",
    add: bool = False,
):
    """Creates the user if needed and gives them one role (`role_assign`; with `add`, one more);
    returns (user, created).
    `name` is the person's full name (branches.people), set when given.

    Without an actor (the demo, the tests' users) the history row names no one. A password is
    held to AUTH_PASSWORD_VALIDATORS, as in the admin's forms: a ValidationError, nothing written.
    """
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    renamed = name is not None and name.strip() != user.first_name
    if renamed:
        user.first_name = name.strip()
    if password:
        password_validation.validate_password(password, user)
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    if password or created or renamed:
        user.save()
    role_assign(user=user, role=role, organization=organization, actor=actor, reason=reason, add=add)
    return user, created


@transaction.atomic
def role_revoke(*, user, actor, reason: str = "", assignment: RoleAssignment | None = None) -> bool:
    """Takes the user's roles away (only `assignment`, when given): deletes the assignments (their
    history keeps a "-" row naming `actor`) and drops Django's staff and superuser flags unless an
    administrator's role remains. The user account stays; with no role left it sees nothing.
    Returns whether the user held a role."""
    held = [assignment] if assignment is not None else list(RoleAssignment.objects.filter(user=user).order_by("pk"))
    for each in held:
        _delete_assignment(each, actor=actor, reason=reason)
    _admin_flags(user)
    access.forget_assignment(user)
    return bool(held)
