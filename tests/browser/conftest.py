"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live_server.

Every test in this folder is marked `browser` (deselect with `-m "not browser"`) and runs after
all the other tests of the session. Fixtures:

- `browser` (session): headless /usr/bin/chromium (override with CHROMIUM_PATH).
- `page`: a fresh context per test (1280x900, zh-CN); on failure a screenshot lands in
  test-artifacts/. Every Content-Security-Policy violation the page reports fails the test:
  an inline script or style sheet the policy blocks would otherwise break a page silently.
- `login`: login(page, live_server, username, password) fills the login form, submits it and
  returns the response of the page that follows. For the tests of logging in itself (the form,
  lockouts, a login made through the pages).
- `logged_in`: logged_in(page, live_server, user, path) logs the user in without the form and
  opens `path`: what every other test starts with (two page loads fewer, the heavy home page
  among them).
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import sync_playwright

# Playwright's sync API keeps an event loop running in the test's thread from the moment it starts
# until the session ends; Django's async-safety check would then refuse every ORM call made in that
# thread (factories, fixtures, the test database's flush). So the `browser` fixture sets
# DJANGO_ALLOW_ASYNC_UNSAFE=true when it starts Playwright -- not at import time, where it would
# also reach every other test and the subprocesses they start (`manage.py check --deploy` reports
# it as async.E001) -- and the browser tests are moved to the end of the session, so no other test
# runs while it is set.
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parent.parent / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    # This hook sees every collected item, not only this folder's.
    browser_items, other_items = [], []
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            browser_items.append(item)
        else:
            other_items.append(item)
    items[:] = other_items + browser_items


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (make test does)", pytrace=False)
    args = list(CHROMIUM_ARGS)
    if os.geteuid() == 0 or os.environ.get("CHROMIUM_NO_SANDBOX"):
        args.insert(0, "--no-sandbox")
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


# Reported by every page to the console, where the `page` fixture collects it (Chromium also logs
# its own "Refused to ..." line for each violation).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", event => {
  const blocked = event.blockedURI || "inline";
  console.error(`CSP violation: ${event.violatedDirective} blocked ${blocked} in ${event.documentURI}`);
});
"""


def is_csp_violation(text: str) -> bool:
    return text.startswith("CSP violation") or "Content Security Policy" in text


@pytest.fixture
def csp_violations():
    """The CSP violations the current test's pages reported (filled by `page`)."""
    return []


@pytest.fixture
def page(browser, request, csp_violations):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.on("console", lambda message: csp_violations.append(message.text) if is_csp_violation(message.text) else None)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        try:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-180:]
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        except Exception:  # a screenshot is a courtesy; never hide the real failure
            pass
    context.close()
    if report is not None and report.passed and csp_violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(csp_violations), pytrace=False)


@pytest.fixture
def login():
    """login(page, live_server, username, password) → the response of the page after the form."""

    def do_login(page, live_server, username, password):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        with page.expect_navigation() as navigation:
            page.click("button[type=submit]")
        page.wait_for_load_state()
        return navigation.value

    return do_login


@pytest.fixture
def logged_in():
    """logged_in(page, live_server, user_or_username, path=None) → the response of `path` (None
    without one), the page's browser logged in as that user.

    The session is made the way the login form makes it -- django.contrib.auth's login() through
    the test client's force_login: the same backend, user_logged_in's receivers (the session's
    clocks of branches/sessions.py, last_login, axes' log) -- and handed to the browser as its
    session cookie (test_smoke.py compares it with the form's). A role chosen later in the navigation
    is kept in that session as after a form login.
    """

    def do_login(page, live_server, user, path=None):
        if isinstance(user, str):
            user = get_user_model().objects.get(username=user)
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        if path is None:
            return None
        return page.goto(f"{live_server.url}{path}")

    return do_login
