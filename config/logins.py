"""How logins are refused: the demo's published passwords outside DEBUG, and a locked-out login
(django-axes) answered by the login page saying so in words — the pair (user name, address) first,
the user name from everywhere only after many more failures (PairFirstHandler) — and the deployment
check that the proxies in front are counted (AXES_IPWARE_PROXY_COUNT)."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core import checks
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
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


class PairFirstHandler(AxesDatabaseHandler):
    """axes' database handler, counting two ways (AXES_LOCKOUT_PARAMETERS, in this order): the
    failures of one user name from one address, locked at AXES_FAILURE_LIMIT, and of the user name
    from every address, locked only at REGISTRY_USERNAME_FAILURE_LIMIT. Ten guesses from anywhere
    lock the guesser's pair, not the user; a user stays locked from every address once the name
    has been tried many more times (a guessing spread over many addresses)."""

    def get_failures(self, request, credentials=None) -> int:
        pair, name = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if name >= settings.REGISTRY_USERNAME_FAILURE_LIMIT:
            return max(pair, get_failure_limit(request, credentials))
        return pair


@checks.register(checks.Tags.security, deploy=True)
def check_proxy_count(app_configs, **kwargs):
    """In production the registry is served behind a proxy (README: nginx in front of gunicorn on
    127.0.0.1): without AXES_IPWARE_PROXY_COUNT every login comes from the proxy's address, and the
    lockouts of one address would be everyone's."""
    if settings.DEBUG or not getattr(settings, "HTTPS", False):
        return []
    count = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None)
    if count is None or count < 1:
        return [
            checks.Warning(
                "AXES_IPWARE_PROXY_COUNT is not set: behind a proxy every login counts from the proxy's address.",
                hint="Set AXES_IPWARE_PROXY_COUNT to the number of proxies in front of gunicorn (1 for one nginx).",
                id="registry.W001",
            )
        ]
    return []
