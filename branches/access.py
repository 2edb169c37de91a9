"""Who may see and change what. Every selector starts from `visible_organizations` /
`changeable_organizations`; nothing else decides scope.

- admin and staff: see and change everything;
- reviewer: sees everything, changes nothing, and sees ID numbers and phones masked;
- secretary: sees and changes the organization they are bound to and every one below it;
- a user with no role sees nothing.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from branches.filtering import id_from
from branches.models import Organization, RoleAssignment

Role = RoleAssignment.Role
_CACHE_ATTR = "_registry_role_assignment"


def assignment_of(user) -> RoleAssignment | None:
    """The user's role assignment, read once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, _CACHE_ATTR):
        assignment = RoleAssignment.objects.select_related("organization").filter(user_id=user.pk).first()
        if assignment is None and user.is_superuser:
            assignment = RoleAssignment(user=user, role=Role.ADMIN)
        setattr(user, _CACHE_ATTR, assignment)
    return getattr(user, _CACHE_ATTR)


def forget_assignment(user) -> None:
    """Drops the cached assignment after a role changes, so the next question reads it afresh."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def role_of(user) -> str | None:
    assignment = assignment_of(user)
    return assignment.role if assignment else None


def is_committee(user) -> bool:
    """Admins and staff: the committee office, which sees and changes everything."""
    return role_of(user) in (Role.ADMIN, Role.STAFF)


def sees_everything(user) -> bool:
    return role_of(user) in (Role.ADMIN, Role.STAFF, Role.REVIEWER)


def may_change_anything(user) -> bool:
    return role_of(user) in (Role.ADMIN, Role.STAFF, Role.SECRETARY)


# The roles that see ID numbers and phones in full: the people who keep the records, not the reviewers.
PERSONAL_DATA_ROLES = (Role.ADMIN, Role.STAFF, Role.SECRETARY)


def sees_personal_data(user) -> bool:
    """ID numbers and phones in full: the people who keep the records, not the reviewers."""
    return role_of(user) in PERSONAL_DATA_ROLES


def subtree_filter(root: Organization, prefix: str = "") -> Q:
    """Q matching `root` and every organization below it (through `prefix`, e.g. 'organization__')."""
    if not root.path:  # never let an empty prefix widen the scope to everything
        return Q(**{f"{prefix}pk": root.pk})
    return Q(**{f"{prefix}path__startswith": root.path})


def visible_organizations(user) -> QuerySet[Organization]:
    """The organizations this user may see: the one question of scope, answered in one place."""
    assignment = assignment_of(user)
    if assignment is None:
        return Organization.objects.none()
    if assignment.role == Role.SECRETARY:
        return Organization.objects.filter(subtree_filter(assignment.organization))
    return Organization.objects.all()


def changeable_organizations(user) -> QuerySet[Organization]:
    """The organizations under which this user may add or change records."""
    if not may_change_anything(user):
        return Organization.objects.none()
    return visible_organizations(user)


def organization_scope(user, prefix: str = "organization__") -> Q:
    """Q restricting any model that points at an organization to what the user may see.

    Written as a path prefix (not an id list) so that it stays one join whatever the size.
    """
    assignment = assignment_of(user)
    if assignment is None:
        return Q(pk__in=[])
    if assignment.role == Role.SECRETARY:
        return subtree_filter(assignment.organization, prefix=prefix)
    return Q()


def may_change_organization(user, organization) -> bool:
    """May this user add or change records held by `organization` (an Organization, or an id as
    posted: anything that is not the id of an existing organization in scope is refused)?

    The one answer to the question; views, forms and sections ask it instead of filtering a
    queryset. With the object at hand it costs no query (a path prefix); with an id, one.
    """
    if organization is None or not may_change_anything(user):
        return False
    assignment = assignment_of(user)
    if isinstance(organization, Organization):
        if assignment.role != Role.SECRETARY:
            return True
        root = assignment.organization
        if organization.path and root.path:
            return organization.path.startswith(root.path)
        organization = organization.pk
    pk = id_from(organization)
    if pk is None:  # not an id (nor one that fits 64 bits)
        return False
    return changeable_organizations(user).filter(pk=pk).exists()


def refuse_posted_organization_out_of_scope(request, field: str = "organization") -> None:
    """A form that names an organization the user may not change (a guessed or forged id) is
    answered as a guessed URL: 404, before the form is even read."""
    organization = request.POST.get(field)
    if organization and not may_change_organization(request.user, organization):
        raise Http404


def _requiring(test):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# View decorators: 403 for a user whose role does not allow the page at all.
committee_required = _requiring(is_committee)
"""Only the committee office (admins and staff)."""
change_permission_required = _requiring(may_change_anything)
"""Only users who may change something (admins, staff, secretaries): not reviewers."""
sees_everything_required = _requiring(sees_everything)
"""Only the roles that see the whole committee (admins, staff, reviewers): not secretaries."""
