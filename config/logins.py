"""How logins are refused: the demo's published passwords outside DEBUG, and a locked-out login
(django-axes) answered by the login page saying so in words."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from fixtures.demo import DEMO_LOGINS

DEMO_PASSWORDS = frozenset(login.password for login in DEMO_LOGINS)


class DemoPasswordBackend:
    """Refuses every login with one of the demo's published passwords (README, `seed_demo
    --with-users`) unless DEBUG is on: a demo database put into production, or a demo password
    given to a real user, must not open the registry to whoever read the README. Raising
    PermissionDenied stops Django's authenticate() before the backends that would accept it,
    and counts as a failed login (axes sees it)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if password in DEMO_PASSWORDS and not settings.DEBUG:
            raise PermissionDenied("demo password outside DEBUG")
        return None  # no get_user(): it never logs anyone in, and the test client's force_login skips it


def lockout_response(request, _original_response, credentials):
    """axes' AXES_LOCKOUT_CALLABLE: the login page again, with the user name typed, saying that
    logins are refused for a while and for how long (status 429)."""
    username = (credentials or {}).get("username", "") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "locked_out": True,
            "cooloff_minutes": minutes,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "next": request.POST.get("next", ""),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
