from django.utils.functional import SimpleLazyObject

from branches import access, rooms


def role(request):
    """The current user's role, for navigation and for masking personal data in templates."""
    user = getattr(request, "user", None)
    assignment = access.assignment_of(user) if user is not None else None
    return {
        "role_assignment": assignment,
        "user_is_committee": access.is_committee(user) if assignment else False,
        "user_may_change": access.may_change_anything(user) if assignment else False,
        "user_sees_personal_data": access.sees_personal_data(user) if assignment else False,
    }


def navigation(request):
    """The main navigation built from the rooms (branches/rooms.py): worked out only when a page
    shows it (base.html, for a signed-in user)."""
    return {"nav": SimpleLazyObject(lambda: rooms.nav_for(request))}
