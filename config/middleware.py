"""Request-wide rules: the interface speaks Chinese unless the user chose otherwise; nothing
rendered is cached; sessions end when idle or old."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


class ChosenLanguageMiddleware:
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is not consulted: a
    committee office's computers often run English systems, and the registry is Chinese by
    default. A language picked with the switch (Django's set_language view) is kept in a cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class NoStoreMiddleware:
    """Nothing the registry renders is kept by a browser or a proxy: its pages, workbooks and PDFs
    hold personal data, and a shared office computer's cache or back button must not show them
    after logging out. Static files (served by WhiteNoise, earlier in the chain) keep their caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            add_never_cache_headers(response)
        return response


# The session's two clocks (unix seconds): when its user logged in, and when it was last used.
SESSION_STARTED = "registry_started_at"
SESSION_SEEN = "registry_seen_at"
# The last-used time is written at most once a minute, not on every request.
SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    """Logs out a session idle for more than SESSION_IDLE_SECONDS, or older than SESSION_COOKIE_AGE
    since its login whatever its use (Django's own expiry moves on every save of the session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(SESSION_STARTED, now)
            seen = session.get(SESSION_SEEN, now)
            if now - seen > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, _("Your session has ended: you were away too long. Please log in again."))
            elif SESSION_SEEN not in session or now - seen >= SEEN_RESOLUTION:
                session[SESSION_SEEN] = now
        return self.get_response(request)
