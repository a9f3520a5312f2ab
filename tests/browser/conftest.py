"""A real Chromium (the system's, never a downloaded one) driving the live server through Playwright."""

import os
from base64 import b32decode

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
PASSWORD = "correct horse battery"  # tests.factories.staff's default


@pytest.fixture(scope="module")
def browser():
    """The one place that decides whether browser tests can run: without Chromium they are skipped
    on a workstation and fail in CI, where nothing may be skipped.

    One browser per test module: Playwright's sync API keeps an event loop marked as running while it
    is open, so it must be closed before other modules (which may import this fixture) start their
    own, and before tests that use asyncio themselves."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        reason = f"Chromium is not installed at {CHROMIUM}; `make browser` installs it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}. CI must run the browser tests.", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class Pages:
    """Opens pages in fresh browser contexts against the live server and remembers what went wrong
    on the way: a stylesheet or script that failed to load, a script error, a console error such as a
    content security policy refusing something."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        self.problems = []

    def new(self, user=None):
        context = self.browser.new_context(base_url=self.base_url)
        self.contexts.append(context)
        if user is not None:
            context.add_cookies([self._session_cookie(user)])
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("response", self._response)
        page.on("requestfailed", lambda request: self.problems.append(f"request failed: {request.url}"))
        return page

    def _console(self, message):
        # A refused page (403, 404, 429) is reported as a failed resource; `_response` covers the rest.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console: {message.text}")

    def _response(self, response):
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"{response.status} for {response.url}")

    def _session_cookie(self, user):
        """A session that has given the password and the second factor, without typing them."""
        client = Client()
        client.force_login(user)
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
        return {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": self.base_url}

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def pages(browser, live_server, transactional_db):
    opened = Pages(browser, live_server.url)
    yield opened
    opened.close()


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def code_from_key(key: str) -> str:
    """The code an authenticator app shows for the key printed on the enrolment page."""
    return f"{totp(b32decode(key + '=' * (-len(key) % 8))):06d}"


def sign_in_with_password(page, username, password=PASSWORD):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def give_second_factor(page, user):
    """Type the code an authenticator app would show: from the key on screen at the first sign-in,
    otherwise from the user's enrolled device."""
    key = page.locator("#totp-secret")
    if key.count():
        code = code_from_key(key.inner_text())
    else:
        code = current_code(TOTPDevice.objects.get(user=user, confirmed=True))
    page.get_by_label("Security code").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def axe_violations(page, minimum=("serious", "critical")) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in minimum]


def describe_violations(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.extend(f"       {line}" for line in node["failureSummary"].splitlines())
    return "\n".join(lines)
