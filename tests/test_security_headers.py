"""The response headers every page carries (OWASP ASVS 14.4), and the browser tests' watch for
Content-Security-Policy violations, proven able to fail."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.browsing import CHROMIUM, CHROMIUM_ARGS, CspWatch, _playwright

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/verify/no-such-token/", "/no-such-page/"])
def test_every_page_has_the_strict_policy_and_headers(client: Client, path: str) -> None:
    response = client.get(path)
    directives = {d.strip() for d in response.headers["Content-Security-Policy"].split(";")}
    assert directives == {d.strip() for d in POLICY.split(";")}  # django-csp does not keep the order
    assert response.headers["Permissions-Policy"] == ("camera=(), microphone=(), geolocation=(), payment=(), usb=()")
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_login_page_has_no_inline_script_or_style(client: Client) -> None:
    page = client.get("/accounts/login/").content.decode()
    for inline in ("<script>", "<style", 'style="', " onchange=", " onclick="):
        assert inline not in page
    assert 'src="/static/js/forms.js"' in page


@pytest.mark.browser
def test_the_watch_reports_a_blocked_inline_script_and_style() -> None:
    """A page served with the same policy and an inline script and style: the watch sees both,
    through the console and through the page's securitypolicyviolation listener."""
    sync_api = _playwright()
    page_html = "<!doctype html><p style='color:red'>x</p><script>document.title = 'ran';</script>"
    with sync_api.sync_playwright() as playwright:
        launched: Any = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            csp = CspWatch()
            context = csp.watch(launched.new_context())
            context.route(
                "http://csp.test/**",
                lambda route: route.fulfill(
                    status=200, content_type="text/html", body=page_html, headers={"Content-Security-Policy": POLICY}
                ),
            )
            page = context.new_page()
            page.goto("http://csp.test/")
            page.wait_for_timeout(300)
            assert page.title() != "ran"
            recorded = page.evaluate("window.__cspViolations")
            csp.collect_open_pages([context])
        finally:
            launched.close()
    assert any("script-src" in v for v in recorded)
    assert any("style-src" in v for v in recorded)
    assert any(v.startswith("Content Security Policy: script-src") for v in csp.violations)  # the page's listener
    assert any("violates the following Content Security Policy directive" in v for v in csp.violations)  # console
    with pytest.raises(AssertionError, match="Content-Security-Policy violations"):
        csp.assert_none()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("view", "marker"),
    [
        ("permission_denied", 'id="forbidden"'),
        ("bad_request", 'id="bad-request"'),
        ("server_error", 'id="server-error"'),
    ],
)
def test_error_pages_are_the_products_own_without_inline_code(rf: Any, view: str, marker: str) -> None:
    """Not viewflow's pages (Turbo, which injects an inline style the policy blocks)."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.views import defaults

    request = rf.get("/")
    request.user = AnonymousUser()
    handler = getattr(defaults, view)
    response = handler(request) if view == "server_error" else handler(request, PermissionDenied())
    page = response.content.decode()
    assert marker in page
    assert "turbo" not in page
    assert "<script>" not in page
