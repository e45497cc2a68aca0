"""What the browser tests share: Debian's Chromium driven by Playwright (never a test tool's
own browser download), the flags it runs with here, logging in through the login page, and
screenshots written to SCREENSHOTS_DIR when it is set (docs/screenshots/).

Registered as a pytest plugin in the root conftest, so its fixtures (``browser``: a persistent
context with a fresh profile; ``chromium``: one browser for several contexts) serve every app.

Both watch for Content-Security-Policy violations (the settings' policy is the production one):
Chromium's console message and the page's ``securitypolicyviolation`` event are collected from
every page of every context, and the test fails at teardown if there was any."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler

from conftest import need

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SHOTS = os.environ.get("SCREENSHOTS_DIR", "")
DEMO_PASSWORD = "secret-pass-1"  # the test users' password (conftest's ``world``)


class _OneRequestAtATime(LiveServerThread):
    """The live server's thread, answering one request at a time (on Django's plain WSGIServer,
    which closes each connection after its answer) when it shares the test's in-memory SQLite
    connection.  The threaded server would run the page's parallel requests (a form's keep-alive
    ``fetch`` beside the form's own POST) on that one connection at once: their statements mix
    into each other's transactions and SQLite refuses them ("database table is locked")."""

    def _create_server(self, connections_override: Any = None) -> Any:
        return WSGIServer((self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False)


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[Any]:
    """pytest-django's ``live_server``, one request at a time on an in-memory SQLite database (on
    PostgreSQL each request thread has its own connection and the server stays threaded)."""
    from pytest_django.live_server_helper import LiveServer

    addr = request.config.getvalue("liveserver") or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(addr, start=False)
    if server.thread.connections_override:
        server.thread.__class__ = _OneRequestAtATime
    server.start()
    yield server
    server.stop()


def _playwright() -> Any:
    need(Path(CHROMIUM).exists(), "Debian chromium is not installed (apt-get install chromium)")
    try:
        from playwright import sync_api
    except ImportError:  # pragma: no cover - the test command installs it
        sync_api = None
    need(sync_api is not None, "the Python package playwright is not installed")
    assert sync_api is not None
    return sync_api


# Runs before any script of the page (Playwright injects it, so the policy does not apply to it).
_CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  var text = "Content Security Policy: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline")
    + " at " + (e.sourceFile || document.location.href) + ":" + e.lineNumber;
  window.__cspViolations.push(text);
  if (window.__reportCspViolation) { window.__reportCspViolation(text); }
});
"""


class CspWatch:
    """Collects the policy violations of the contexts it watches (across navigations: the page's
    listener reports each one to Python as it happens, and the console is listened to as well)."""

    def __init__(self) -> None:
        self.violations: list[str] = []

    def watch(self, context: Any) -> Any:
        context.expose_binding("__reportCspViolation", lambda _source, text: self.violations.append(text))
        context.add_init_script(_CSP_LISTENER)
        context.on("console", self._console)
        context.on("weberror", lambda error: self._text(str(error.error)))
        return context

    def _console(self, message: Any) -> None:
        self._text(message.text)

    def _text(self, text: str) -> None:
        if "Content Security Policy" in text:
            self.violations.append(text)

    def collect_open_pages(self, contexts: list[Any]) -> None:
        """What the pages still open recorded in ``window`` (a violation the binding missed)."""
        for context in contexts:
            for page in context.pages:
                try:
                    recorded = page.evaluate("window.__cspViolations || []")
                except Exception:  # noqa: BLE001, S112 - a page that is closing or navigating has nothing to add
                    continue
                self.violations.extend(v for v in recorded if v not in self.violations)

    def assert_none(self) -> None:
        assert not self.violations, "Content-Security-Policy violations:\n" + "\n".join(self.violations)


class _WatchedBrowser:
    """The launched Chromium, whose every new context (or page) is watched by ``CspWatch``."""

    def __init__(self, launched: Any, csp: CspWatch) -> None:
        self._launched = launched
        self._csp = csp
        self.watched: list[Any] = []

    def new_context(self, **options: Any) -> Any:
        context = self._csp.watch(self._launched.new_context(**options))
        self.watched.append(context)
        return context

    def new_page(self, **options: Any) -> Any:
        return self.new_context(**options).new_page()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._launched, name)


@pytest.fixture
def browser() -> Iterator[Any]:
    """A persistent context on a fresh profile, 1280×900, Vietnamese."""
    sync_api = _playwright()
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            locale="vi-VN",
            viewport={"width": 1280, "height": 900},
            args=CHROMIUM_ARGS,
        )
        csp = CspWatch()
        csp.watch(context)
        try:
            yield context
            csp.collect_open_pages([context])
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)
        csp.assert_none()


@pytest.fixture
def chromium() -> Iterator[Any]:
    """One Chromium, so that a phone and a desktop each get their own context (and cookies)."""
    sync_api = _playwright()
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        csp = CspWatch()
        watched = _WatchedBrowser(launched, csp)
        try:
            yield watched
            csp.collect_open_pages(watched.watched)
        finally:
            launched.close()
        csp.assert_none()


def shot(page: Any, name: str, *, full_page: bool = True) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full_page)


# The enrolment's POST makes a device's recovery codes and records the event: on a loaded CI machine
# it has taken longer than Playwright's default 30 s once; a refusal would still navigate at once.
STEP_TIMEOUT_MS = 90_000


def second_step(page: Any, username: str) -> None:
    """Pass the second factor where the page asks for it (the role requires it, or the user
    enrolled): enrol from the setup page (QR code, then a code) or give the code, computed from the
    user's device in the database (the live server shares the test's database)."""
    from tests.otp import device_of, totp_code

    # the code is read from the database the live server shares: only once the page has settled
    # (no request of it in flight), so that the test's query never runs beside the server's
    page.wait_for_load_state("networkidle")
    if page.locator("#otp-setup").count():
        page.fill("#id_code", totp_code(device_of(username, confirmed=False)))
        with page.expect_navigation(timeout=STEP_TIMEOUT_MS):
            page.click("#otp-setup button.primary")
        with page.expect_navigation(timeout=STEP_TIMEOUT_MS):
            page.click("#otp-continue")  # the recovery codes, shown once
    elif page.locator("#otp-verify").count():
        page.fill("#id_code", totp_code(device_of(username, confirmed=True)))
        with page.expect_navigation(timeout=STEP_TIMEOUT_MS):
            page.click("#otp-verify button.primary")


def login(page: Any, base: str, username: str) -> None:
    """Log in through the login page (cookies of an earlier login dropped first), with the second
    factor where the role needs it."""
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    second_step(page, username)
    page.wait_for_url(f"{base}/tasks/")
