"""What the browser tests share: Debian's Chromium driven by Playwright (never a test tool's
own browser download), the flags it runs with here, logging in through the login page, and
screenshots written to SCREENSHOTS_DIR when it is set (docs/screenshots/).

Registered as a pytest plugin in the root conftest, so its fixtures (``browser``: a persistent
context with a fresh profile; ``chromium``: one browser for several contexts) serve every app."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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


def _playwright() -> Any:
    need(Path(CHROMIUM).exists(), "Debian chromium is not installed (apt-get install chromium)")
    try:
        from playwright import sync_api
    except ImportError:  # pragma: no cover - the test command installs it
        sync_api = None
    need(sync_api is not None, "the Python package playwright is not installed")
    assert sync_api is not None
    return sync_api


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
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def chromium() -> Iterator[Any]:
    """One Chromium, so that a phone and a desktop each get their own context (and cookies)."""
    sync_api = _playwright()
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def shot(page: Any, name: str, *, full_page: bool = True) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full_page)


def login(page: Any, base: str, username: str) -> None:
    """Log in through the login page (cookies of an earlier login dropped first)."""
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/tasks/")
