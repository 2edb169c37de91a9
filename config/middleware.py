"""Request-wide rules: the interface speaks Chinese unless the user chose otherwise; nothing
rendered is cached (sessions ending when idle or old: branches/sessions.py); no request carries a
null character; a missing page is the registry's own, even with DEBUG on."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

from branches import access
from registry.checkin import openpages
from registry.members import masking


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


class NullCharacterMiddleware:
    """A request whose address, query string or form holds a null character (U+0000) is refused
    with 400 before any view reads it: no text the registry stores or searches may hold one
    (PostgreSQL refuses it in any text, the export log included), and no person types one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_null(request):
            raise BadRequest("a null character in the request")
        return self.get_response(request)


def _holds_null(request) -> bool:
    if "\x00" in request.path:
        return True
    fields = [request.GET]
    if request.method == "POST":
        fields.append(request.POST)
    return any(
        "\x00" in key or any("\x00" in value for value in values) for field in fields for key, values in field.lists()
    )


class OwnNotFoundPageMiddleware:
    """With DEBUG on (the demo of `make run`, a developer's machine) Django answers a missing page
    with its technical page: English, and listing every route. A person opening a record that is
    not theirs gets the registry's own page in Chinese (templates/404.html) instead, as with DEBUG
    off; `DEBUG_TECHNICAL_404=true` brings Django's page back for whoever debugs the URLconf."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and not settings.DEBUG_TECHNICAL_404
            and response.status_code == 404
            and "text/html" in response.get("Content-Type", "")
        ):
            return page_not_found(request, exception=None)
        return response


class SearchThrottleMiddleware:
    """Searches on logged-in pages (`?q=` on any list or its export) are limited per user, counted
    in the database like the open pages' requests (registry.checkin.openpages.over_limit): no
    one tries thousands of numbers to learn what a mask hides (issue 20 §1). Past
    REGISTRY_SEARCH_LIMIT searches in ten minutes the search is refused, in Chinese, until the
    window ends; pages without a search are not counted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.GET.get("q", "").strip()
            and openpages.over_limit(f"user-{user.pk}", scope="search", limit=settings.REGISTRY_SEARCH_LIMIT)
        ):
            message = _("Too many searches. Wait ten minutes and search again.")
            return render(request, "search_throttled.html", {"message": message}, status=429)
        return self.get_response(request)


class MaskedForReviewersMiddleware:
    """What a role that sees ID numbers and phones masked (access.sees_personal_data) receives —
    every page and every workbook — holds no whole ID number or mobile number, wherever it stands:
    the fields the templates mask already, and the free text a person may have typed one into
    (备注, 务工地址, 流出地址, 籍贯, a service case's account …), which no template can know of
    (issue 20 §6). One pass over the response (masking.mask_page, masking.mask_workbook), so that
    a page or export added later is covered without anyone remembering to. PDFs are masked where
    they are rendered (printing.pdf's `mask`, given by each paper's view), the one place their text is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.streaming or user is None or not user.is_authenticated or access.sees_personal_data(user):
            return response
        content_type = response.get("Content-Type", "")
        if content_type.startswith(("text/", "application/json")):
            charset = response.charset
            response.content = masking.mask_page(response.content.decode(charset, errors="replace")).encode(charset)
        elif "spreadsheetml" in content_type:  # an .xlsx
            response.content = masking.mask_workbook(response.content)
        return response
