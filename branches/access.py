"""Who may see and change what. Every selector starts from `visible_organizations` /
`changeable_organizations`; nothing else decides scope.

- admin and staff: see and change everything;
- reviewer: sees everything, changes nothing, and sees ID numbers and phones masked;
- secretary: sees and changes the organization they are bound to and every one below it;
- staff or a reviewer bound to an organization (their committee, in a deployment serving several):
  the same as above, within that organization and every one below it only (`scope_root`);
- a user with no role sees nothing.

A user may hold several roles (a secretary of a branch and staff of their committee): the one in
force is the one chosen in the navigation (`choose`, kept in the session), else the first granted.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from branches import changes
from branches.ids import id_from
from branches.inbox.counting import unread_expression
from branches.models import Organization, RoleAssignment

Role = RoleAssignment.Role
_CACHE_ATTR = "_registry_role_assignments"
_CHOICE_ATTR = "_registry_role_choice"
# The session's key for the role in force (the id of one of the user's assignments).
SESSION_KEY = "registry_role"


def assignments_of(user) -> list[RoleAssignment]:
    """Every role the user holds, first granted first: read once per request, cached on the user."""
    if not getattr(user, "is_authenticated", False):
        return []
    if not hasattr(user, _CACHE_ATTR):
        # The inbox's unread count for the nav rides on this query, which every page makes (branches/inbox).
        # So do the versions of remembered figures, once a request (branches/changes.py).
        assignments = list(
            changes.with_versions(
                RoleAssignment.objects.select_related("organization")
                .filter(user_id=user.pk)
                .annotate(inbox_unread=unread_expression(RoleAssignment, "user"))
                .order_by("pk")
            )
        )
        if assignments:
            changes.note_versions(assignments[0])
        if not assignments and user.is_superuser:
            assignments = [RoleAssignment(user=user, role=Role.ADMIN)]
        setattr(user, _CACHE_ATTR, assignments)
    return getattr(user, _CACHE_ATTR)


def assignment_of(user) -> RoleAssignment | None:
    """The role in force: the one chosen for this session (`choose`), else the first granted."""
    assignments = assignments_of(user)
    chosen = getattr(user, _CHOICE_ATTR, None)
    return next((each for each in assignments if each.pk == chosen), assignments[0] if assignments else None)


def choose(user, assignment_id) -> bool:
    """Puts one of the user's roles in force for this request (the session keeps the id: see
    branches.sessions.RoleInForceMiddleware); anything that is not the id of one of their own assignments is ignored.
    Returns whether it was theirs."""
    pk = id_from(assignment_id)
    if pk is None or not any(each.pk == pk for each in assignments_of(user)):
        return False
    setattr(user, _CHOICE_ATTR, pk)
    return True


def forget_assignment(user) -> None:
    """Drops the cached assignments after a role changes, so the next question reads them afresh."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def role_of(user) -> str | None:
    assignment = assignment_of(user)
    return assignment.role if assignment else None


def scope_root(user) -> Organization | None:
    """The organization whose subtree bounds what the user sees and changes: a secretary's, or the
    committee of staff or a reviewer bound to one. None: not bound (the whole registry, or nothing
    for a user with no role)."""
    assignment = assignment_of(user)
    if assignment is None or assignment.role == Role.ADMIN:
        return None
    return assignment.organization


def is_committee(user) -> bool:
    """Admins and staff: the committee office, which sees and changes everything (within its
    committee when bound to one: `scope_root`)."""
    return role_of(user) in (Role.ADMIN, Role.STAFF)


def sees_everything(user) -> bool:
    """Admins, staff and reviewers: the committee's whole view (of their committee's subtree when
    bound to one: `scope_root`), not a secretary's branch."""
    return role_of(user) in (Role.ADMIN, Role.STAFF, Role.REVIEWER)


def keeps_whole_registry(user) -> bool:
    """Admins, and staff bound to no organization: the committee office of the whole deployment,
    which changes anything anywhere (imports of every kind, with no scope to hold rows to)."""
    return is_committee(user) and scope_root(user) is None


def sees_whole_registry(user) -> bool:
    """The committee's view bound to no organization: every organization of the deployment, and
    what belongs to none (every import run, every login)."""
    return sees_everything(user) and scope_root(user) is None


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
    if assignment_of(user) is None:
        return Organization.objects.none()
    root = scope_root(user)
    if root is not None:
        return Organization.objects.filter(subtree_filter(root))
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
    if assignment_of(user) is None:
        return Q(pk__in=[])
    root = scope_root(user)
    if root is not None:
        return subtree_filter(root, prefix=prefix)
    return Q()


def may_change_organization(user, organization) -> bool:
    """May this user add or change records held by `organization` (an Organization, or an id as
    posted: anything that is not the id of an existing organization in scope is refused)?

    The one answer to the question; views, forms and sections ask it instead of filtering a
    queryset. With the object at hand it costs no query (a path prefix); with an id, one.
    """
    if organization is None or not may_change_anything(user):
        return False
    root = scope_root(user)
    if isinstance(organization, Organization):
        if root is None:
            return True
        if organization.path and root.path:
            return organization.path.startswith(root.path)
        organization = organization.pk
    pk = id_from(organization)
    if pk is None:  # not an id (nor one that fits 64 bits)
        return False
    return changeable_organizations(user).filter(pk=pk).exists()


def may_see_organization(user, organization: Organization) -> bool:
    """Is `organization` (an object at hand: no query) within what this user sees?"""
    if assignment_of(user) is None:
        return False
    root = scope_root(user)
    if root is None:
        return True
    if organization.path and root.path:
        return organization.path.startswith(root.path)
    return organization.pk == root.pk


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
