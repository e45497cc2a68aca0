"""Re-authentication before the sensitive steps (OWASP ASVS V3.7.1): registering or revoking a
decision, closing a vote, resetting a unit account's password, changing a council role.

``require_recent_auth`` goes on those views, under ``login_required``: a POST made more than
``REAUTH_MINUTES`` after the last authentication (the login, or the last re-authentication) is
not run; the user is sent to ``/accounts/reauth/`` and from there back to the step's page
(``back``, or the page posted to) to submit again.  The time of the last authentication is kept
by ``councils.session_services``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from councils.session_services import auth_is_recent

View = Callable[..., HttpResponse]


def reauth_url(next_url: str) -> str:
    return f"{reverse('reauth')}?{urlencode({'next': next_url})}"


def require_recent_auth(view: View | None = None, *, back: Callable[..., str] | None = None) -> Any:
    """``back(request, *args, **kwargs)``: the page to return to, for a view that takes POST
    only (its form lives on another page); by default the view's own URL."""

    def decorate(function: View) -> View:
        @wraps(function)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST" and request.user.is_authenticated and not auth_is_recent(request):
                messages.info(request, _("Bước này cần nhập lại mật khẩu để xác nhận; sau đó hãy thực hiện lại."))
                next_url = back(request, *args, **kwargs) if back is not None else request.get_full_path()
                return redirect(reauth_url(next_url))
            return function(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate
