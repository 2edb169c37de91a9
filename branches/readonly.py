"""Read-only roles write nothing (issue 20 §7): a reviewer (or a login with no role) sees, and every
POST, PUT, PATCH or DELETE they send is refused (403) before any view reads it — a print batch
started by POSTing to a letters PDF, and whatever route a view forgot to guard, alike. Theirs remain
logging out, changing their own password, choosing the language, and the open pages anyone may use.
"""

from django.core.exceptions import PermissionDenied

from branches import access

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# What a read-only login may still POST: its own session, password, language and role in force.
OWN_ROUTES = frozenset({"logout", "password_change", "set_language", "role_choose"})


class ReadOnlyRolesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, _view_args, _view_kwargs):
        if request.method in SAFE_METHODS or not request.user.is_authenticated:
            return None
        if getattr(view_func, "login_required", True) is False:  # an open page: anyone may post to it
            return None
        if request.resolver_match and request.resolver_match.url_name in OWN_ROUTES:
            return None
        if request.path.startswith("/admin/") and request.user.is_staff:
            return None  # the admin asks for its own permissions (a reviewer is not staff there)
        if not access.may_change_anything(request.user):
            raise PermissionDenied("a read-only role writes nothing")
        return None
