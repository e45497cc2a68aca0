"""static/js/session.js under the Content-Security-Policy (the shared fixture fails the test on
any violation): the banner before the idle end, its button and typing into a form keep the
session alive through /accounts/keepalive/."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browsing import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_banner_warns_and_typing_keeps_the_session(
    live_server: Any, browser: Any, world: Any, settings: Any
) -> None:
    settings.SESSION_WARNING_MINUTES = settings.SESSION_IDLE_MINUTES  # the banner at once, not after 27 minutes
    page = browser.new_page()
    login(page, live_server.url, "unit_a")
    banner = page.locator("#session-banner")
    banner.wait_for(state="visible")
    assert "Phiên làm việc sắp hết hạn" in banner.inner_text()
    with page.expect_response(lambda r: r.url.endswith("/accounts/keepalive/") and r.status == 204):
        page.click("#session-banner [data-session-keepalive]")
    banner.wait_for(state="hidden")

    page.goto(f"{live_server.url}/dossiers/new/")
    with page.expect_response(lambda r: r.url.endswith("/accounts/keepalive/") and r.status == 204):
        page.locator("form input[type=text], form textarea").first.type("Hồ sơ")
