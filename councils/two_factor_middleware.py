"""The second step of a login: until it is done, a session reaches only the code page, the
enrolment page, the logout, the language switch and the static files.

It runs before ``TemporaryPasswordMiddleware`` (which lets these pages through): who the user is
is settled first, with the second factor, and only then what the account must do first (choose
its own password).  The other order would let whoever holds a temporary password alone change an
enrolled officer's password before the phone is asked for.  ``/admin/`` is covered as every other
page: the superuser must pass the second step too."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from councils import two_factor
from councils.middleware import _url_name

OTP_VERIFY = "otp_verify"
OTP_SETUP = "otp_setup"
ALLOWED_URL_NAMES: frozenset[str] = frozenset({OTP_VERIFY, OTP_SETUP, "logout", "set_language"})


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        static = settings.STATIC_URL or "/static/"
        if request.path_info.startswith("/" + static.lstrip("/")) or _url_name(request) in ALLOWED_URL_NAMES:
            return self.get_response(request)
        if not two_factor.second_factor_due(user):
            return self.get_response(request)
        if _url_name(request) == "keepalive":
            # the page's keep-alive, sent while the code is typed: not a page to be sent on to
            return HttpResponse(status=401)
        target = reverse(OTP_VERIFY if two_factor.has_second_factor(user) else OTP_SETUP)
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(target)
