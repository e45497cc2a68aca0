"""Rate limits on the expensive pages (OWASP ASVS 4): bulk imports, PDF and Word building, print
bundles, the public /verify and the public look-up of awards.

Counted by django-ratelimit per user (per address when anonymous) in the ``RATELIMIT_USE_CACHE``
cache, which is shared by every worker (the database, or Redis when ``REDIS_URL`` is set).  The
rates are read from the settings at each request (``RATELIMITS``), so a deployment, or a test
with ``override_settings``, changes them without touching the views.  A refused request gets the
429 page in Vietnamese (``templates/429.html``), never a 403 or a 500."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

# The groups and their defaults; ``settings.RATELIMITS`` overrides any of them ("30/m", "10/h"…).
DEFAULT_RATES: dict[str, str] = {
    "verify": "30/m",  # the public page a certificate's QR code opens, per address
    "lookup": "30/m",  # the public look-up of awards by name (/tra-cuu/), per address
    "import": "10/m",  # bulk imports and bulk entry of lines, per user
    "pdf": "60/m",  # building a PDF, a Word copy or a spreadsheet, and downloading stored papers
    "bundle": "10/m",  # a decision's print bundle and regenerating its documents
}


def rate_for(group: str) -> str | None:
    """The rate of ``group`` now (``None``: not limited)."""
    configured: dict[str, str | None] = getattr(settings, "RATELIMITS", {})
    return configured.get(group, DEFAULT_RATES[group])


def _rate(group: str, request: HttpRequest) -> str | None:
    return rate_for(group.removeprefix("thidua:"))


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """The 429 page, with a Retry-After of the window's length."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response


def ratelimited(group: str, *, methods: tuple[str, ...] | None = None) -> Callable[[Any], Any]:
    """Limit a view under ``group`` (one counter for every view of the group), only for
    ``methods`` when given (a form's GET is free, its POST counted)."""
    if group not in DEFAULT_RATES:
        raise ValueError(f"unknown rate-limit group {group!r}")

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if is_ratelimited(
                request,
                group=f"thidua:{group}",
                key="user_or_ip",
                rate=_rate,
                method=list(methods) if methods else ALL,
                increment=True,
            ):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
