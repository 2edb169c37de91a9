"""A session ends after SESSION_IDLE_SECONDS without a request (default 2 hours), and in any case
SESSION_COOKIE_AGE (12 hours) after its login. Django's own expiry cannot say either: it moves
on every save of the session. So the session keeps two clocks of its own, set at login."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from branches import access

# Unix seconds: when its user logged in, and when it was last used.
SESSION_STARTED = "registry_started_at"
SESSION_SEEN = "registry_seen_at"
# The last-used time is written at most once a minute, not on every request.
SEEN_RESOLUTION = 60


def start_clocks(sender, request, user, **kwargs):
    """On user_logged_in (connected in branches/apps.py): both clocks start now, saved with the login."""
    now = int(time.time())
    request.session[SESSION_STARTED] = now
    request.session[SESSION_SEEN] = now


class SessionTimeoutMiddleware:
    """Logs out an idle or an old session; the next page (LoginRequiredMiddleware) asks to log in
    again, saying why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(SESSION_STARTED, now)
            seen = session.get(SESSION_SEEN, now)
            if now - seen > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, _("Your session has ended: you were away too long. Please log in again."))
            elif SESSION_STARTED not in session or now - seen >= SEEN_RESOLUTION:
                session.setdefault(SESSION_STARTED, now)
                session[SESSION_SEEN] = now
        return self.get_response(request)


class RoleInForceMiddleware:
    """Puts the role chosen in the navigation (branches.views.role_choose, kept in the session) in
    force for the request, for a person who holds several (branches.access.assignment_of)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.session.get(access.SESSION_KEY)
        if chosen is not None and request.user.is_authenticated:
            access.choose(request.user, chosen)
        return self.get_response(request)
