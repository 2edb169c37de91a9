from django.utils.functional import SimpleLazyObject

from branches import access, rooms
from branches.inbox import selectors as inbox_selectors


def role(request):
    """The current user's role, for navigation and for masking personal data in templates."""
    user = getattr(request, "user", None)
    assignment = access.assignment_of(user) if user is not None else None
    return {
        "role_assignment": assignment,
        # A person with several roles chooses the one in force in the navigation (branches.views.role_choose).
        "role_choices": access.assignments_of(user) if assignment and len(access.assignments_of(user)) > 1 else [],
        "user_is_committee": access.is_committee(user) if assignment else False,
        "user_may_change": access.may_change_anything(user) if assignment else False,
        "user_sees_personal_data": access.sees_personal_data(user) if assignment else False,
    }


def navigation(request):
    """The main navigation built from the rooms (branches/rooms.py): worked out only when a page
    shows it (base.html, for a signed-in user)."""
    return {
        "nav": SimpleLazyObject(lambda: rooms.nav_for(request)),
        # The inbox's unread count (branches/inbox): one query, once per request, when the page shows it.
        "inbox_unread": SimpleLazyObject(lambda: inbox_selectors.unread_count(request.user)),
    }
