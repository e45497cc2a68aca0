"""The idle and absolute limits of a signed-in session (OWASP ASVS V3.3).

Each request of a signed-in user first asks whether the session has been idle longer than
``SESSION_IDLE_MINUTES`` or has lasted longer than ``SESSION_MAX_HOURS`` since the login: then
the user is logged out and sent to the login page with the reason (the keep-alive of
``static/js/session.js`` gets a 401 instead).  Otherwise the request counts as activity and the
session's row on the sessions page is kept current."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from councils import session_services


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if session_services.session_expired(request):
            logout(request)
            if request.path_info == reverse("keepalive"):
                return HttpResponse(status=401)
            messages.warning(request, _("Phiên làm việc đã hết hạn; hãy đăng nhập lại."))
            # back to this page after the login; a POST's data is not kept, its page is shown again
            return redirect_to_login(request.get_full_path() if request.method == "GET" else "")
        session_services.session_seen(request)
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            session_services.user_session_touch(request)
        return response
