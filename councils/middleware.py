"""The forced change of a temporary password.

An account whose password someone else handed over (``User.must_change_password``: a new
account, a reset) reaches only the password change page, its done page, the logout and the
language switch until its owner chooses a password; every other request, a POST included, is
sent to the change page.  The flag is cleared here when the change page's POST has really
changed the password (Django's own ``PasswordChangeView`` runs the validators and saves it)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from councils import services

PASSWORD_CHANGE = "password_change"  # noqa: S105  a URL name, not a password
# the second step of the login comes first (councils.two_factor_middleware): its pages pass here
ALLOWED_URL_NAMES: frozenset[str] = frozenset(
    {PASSWORD_CHANGE, "password_change_done", "logout", "set_language", "otp_verify", "otp_setup"}
)


def _url_name(request: HttpRequest) -> str:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return ""
    return match.view_name


class TemporaryPasswordMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not getattr(user, "must_change_password", False):
            return self.get_response(request)
        name = _url_name(request)
        if name not in ALLOWED_URL_NAMES:
            return redirect(PASSWORD_CHANGE)
        password_before = user.password
        response = self.get_response(request)
        if name == PASSWORD_CHANGE and request.method == "POST" and user.password != password_before:
            services.user_temporary_password_cleared(user=user)
        return response
