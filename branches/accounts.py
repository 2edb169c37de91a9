"""The committee office manages logins from the roles page: create a login with its role (and a
secretary's organization), change the role, rename, deactivate or reactivate, reset a password.

Who may: the committee (staff and administrators); only an administrator grants the
administrator role or touches an administrator's login. Every change is kept: the role in
RoleAssignment's history (branches.services.role_assign), the rest as an AccountEvent, each written
in the same transaction as the change, naming who made it. Passwords go through the configured
validators (AUTH_PASSWORD_VALIDATORS).
"""

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from branches import access
from branches.filtering import sorted_rows
from branches.models import AccountEvent, Organization, RoleAssignment
from branches.services import role_assign

Action = AccountEvent.Action
Role = RoleAssignment.Role


def is_admin(user) -> bool:
    return access.role_of(user) == Role.ADMIN


def grantable_roles(actor) -> list[tuple[str, str]]:
    """The roles `actor` may give: an administrator any, the committee's staff all but administrator."""
    return [(value, label) for value, label in Role.choices if value != Role.ADMIN or is_admin(actor)]


def may_manage(actor, user) -> bool:
    """Whether `actor` may change this login: the committee may, but an administrator's login only
    an administrator (staff cannot lock the administrators out)."""
    return access.is_committee(actor) and (
        is_admin(actor) or not any(each.role == Role.ADMIN for each in access.assignments_of(user))
    )


def users_for(actor):
    """The logins the committee office manages: every one, or for staff bound to a committee, those
    holding a role within it (a login of the body above, or of another committee, is not theirs)."""
    if not access.is_committee(actor):
        return get_user_model().objects.none()
    users = get_user_model().objects.all()
    if access.scope_root(actor) is not None:
        held = RoleAssignment.objects.filter(access.organization_scope(actor)).values("user_id")
        users = users.filter(pk__in=held)
    return (
        users.prefetch_related("role_assignments__organization")
        .annotate(first_role=Min("role_assignments__role"), first_path=Min("role_assignments__organization__path"))
        .order_by("-is_active", "username")
    )


# The columns a person may sort the logins by (`?sort=`).
USER_SORT = {
    "name": ("first_name", "last_name", "username"),
    "username": "username",
    "role": "first_role",
    "organization": "first_path",
    "active": "is_active",
}


def assignment_to_manage(actor, user) -> RoleAssignment | None:
    """The role of `user` that the login's page shows and changes: their first, or for staff bound to
    a committee, their first within it (a role of theirs elsewhere is not this office's)."""
    return next(
        (
            each
            for each in access.assignments_of(user)
            if access.scope_root(actor) is None
            or (each.organization is not None and access.may_see_organization(actor, each.organization))
        ),
        None,
    )


def user_list(actor, params):
    """The logins the roles page lists, in the order of the column sorted by."""
    return sorted_rows(users_for(actor), params, USER_SORT)


def user_detail(actor, pk):
    """404 for anyone but the committee (as for other pages they do not see)."""
    return get_object_or_404(users_for(actor), pk=pk)


def user_to_change(actor, pk):
    user = user_detail(actor, pk)
    if not may_manage(actor, user):
        raise PermissionDenied
    return user


def events_of(user):
    return user.account_events.select_related("actor").order_by("-at", "-pk")


def _check_role(actor, role: str) -> None:
    if role not in dict(grantable_roles(actor)):
        raise ValidationError(
            {
                "role": ValidationError(
                    _(
                        "Only an administrator can make someone an administrator. Choose another role, or ask "
                        "an administrator."
                    ),
                    code="admin_only",
                )
            }
        )


def _check_organization(actor, role: str, organization: Organization | None) -> None:
    """Staff bound to a committee give roles within it only: every role they give is bound to an
    organization of their subtree (an unbound one would see the whole registry)."""
    if access.scope_root(actor) is None or (
        organization is not None and access.may_change_organization(actor, organization)
    ):
        return
    raise ValidationError(
        {
            "organization": ValidationError(
                _("Choose an organization of your committee: you give roles within it only."), code="out_of_scope"
            )
        }
    )


def _check_password(password: str, user) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from None


def _record(user, action: str, actor, detail: str = "") -> AccountEvent:
    return AccountEvent.objects.create(
        user=user, action=action, actor=actor if getattr(actor, "pk", None) else None, detail=detail
    )


@transaction.atomic
def user_create(*, actor, username: str, name: str, password: str, role: str, organization: Organization | None = None):
    """A new login with its name, password and role."""
    User = get_user_model()
    if not access.is_committee(actor):
        raise PermissionDenied
    _check_role(actor, role)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {
                "username": ValidationError(
                    _(
                        "There is already a login “%(username)s”. Choose another login name, or open that "
                        "login in the list."
                    )
                    % {"username": username},
                    code="taken",
                )
            }
        )
    user = User(username=username, first_name=name.strip())
    _check_password(password, user)
    user.set_password(password)
    _check_organization(actor, role, None if role == Role.ADMIN else organization)
    user.save()
    role_assign(user=user, role=role, organization=organization, actor=actor)
    _record(user, Action.CREATED, actor)
    return user


@transaction.atomic
def user_update(*, actor, user, name: str, role: str, organization: Organization | None = None) -> list[str]:
    """A new name and/or role; returns what changed ("name", "role")."""
    if not may_manage(actor, user):
        raise PermissionDenied
    _check_role(actor, role)
    changed = []
    name = name.strip()
    if name != user.first_name:
        _record(user, Action.RENAMED, actor, detail=f"{user.first_name or '—'} → {name or '—'}")
        user.first_name = name
        user.save(update_fields=["first_name"])
        changed.append("name")
    assignment = assignment_to_manage(actor, user)
    wanted_organization = None if role == Role.ADMIN else organization
    if (
        assignment is None
        or assignment.role != role
        or assignment.organization_id != getattr(wanted_organization, "pk", None)
    ):
        _check_organization(actor, role, wanted_organization)
        role_assign(user=user, role=role, organization=organization, actor=actor, assignment=assignment)
        changed.append("role")
    return changed


@transaction.atomic
def user_set_active(*, actor, user, active: bool) -> bool:
    """Deactivates a login (it can no longer log in; its records and history stay) or reactivates
    it. Nobody deactivates themselves. Returns whether anything changed."""
    if not may_manage(actor, user):
        raise PermissionDenied
    if not active and user.pk == actor.pk:
        raise ValidationError(
            _("You cannot deactivate your own login. Ask another member of the committee office."), code="self"
        )
    if user.is_active == active:
        return False
    user.is_active = active
    user.save(update_fields=["is_active"])
    _record(user, Action.REACTIVATED if active else Action.DEACTIVATED, actor)
    return True


@transaction.atomic
def user_reset_password(*, actor, user, password: str) -> None:
    """Sets a new password that the committee office hands to the person (who should change it
    from the header afterwards)."""
    if not may_manage(actor, user):
        raise PermissionDenied
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    _record(user, Action.PASSWORD_RESET, actor)
