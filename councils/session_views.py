"""The user's own session pages: ``/accounts/sessions/`` (the signed-in browsers, "sign out
elsewhere"), ``/accounts/keepalive/`` (a page being filled in keeps the session alive) and
``/accounts/reauth/`` (the password again, and the code of a confirmed second factor, before a
sensitive step: ``councils.reauth``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from councils import session_services
from councils.session_selectors import SESSIONS_SHOWN, user_sessions_alive


@require_http_methods(["GET", "POST"])
def keepalive(request: HttpRequest) -> HttpResponse:
    """The session middleware has already counted the request as activity."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    return HttpResponse(status=204)


@never_cache
@login_required
@require_GET
def sessions(request: HttpRequest) -> HttpResponse:
    session_services.user_session_touch(request, force=True)
    rows = list(user_sessions_alive(user=request.user)[:SESSIONS_SHOWN])
    current = request.session.session_key
    return render(
        request,
        "registration/sessions.html",
        {"rows": rows, "current_key": current, "others": any(row.session_key != current for row in rows)},
    )


@login_required
@require_POST
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    ended = session_services.user_sessions_end_others(actor=request.user, request=request)
    messages.success(request, gettext("Đã đăng xuất %(count)s phiên ở các nơi khác.") % {"count": ended})
    return redirect("sessions")


def _otp_devices(user: Any) -> bool:
    if "django_otp" not in settings.INSTALLED_APPS:
        return False
    from django_otp import devices_for_user

    return any(True for _device in devices_for_user(user, confirmed=True))


def _otp_matches(user: Any, token: str) -> bool:
    from django_otp import match_token

    return match_token(user, token) is not None


class ReauthForm(forms.Form):
    password = forms.CharField(
        label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    otp_token = forms.CharField(
        label=_("Mã xác thực 6 chữ số (hoặc một mã dự phòng)"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, request: HttpRequest, needs_token: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.needs_token = needs_token
        if needs_token:
            self.fields["otp_token"].required = True
        else:
            del self.fields["otp_token"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        user = self.request.user
        if "password" not in data:
            return data
        # through authenticate() with the request: django-axes counts a wrong password as a
        # failed login (and locks the account out after LOGIN_FAILURE_LIMIT of them)
        proved = authenticate(self.request, username=user.get_username(), password=data["password"])
        if proved is None or proved.pk != user.pk:
            raise forms.ValidationError(gettext("Mật khẩu không đúng."))
        token = "".join(str(data.get("otp_token") or "").split()).lower()
        if self.needs_token and token and not _otp_matches(user, token):
            raise forms.ValidationError(gettext("Mã xác thực không đúng hoặc đã hết hạn."))
        return data


def _safe_next(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return ""


@never_cache
@login_required
def reauth(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    form = ReauthForm(request.POST or None, request=request, needs_token=_otp_devices(request.user))
    if request.method == "POST":
        if form.is_valid():
            session_services.auth_recorded(request)
            messages.success(request, gettext("Đã xác nhận lại; hãy thực hiện lại thao tác."))
            return redirect(next_url or "home")
        if getattr(request, "axes_locked_out", False):
            # too many wrong passwords: the session ends too, and the login page says until when
            logout(request)
    response = render(
        request,
        "registration/reauth.html",
        {"form": form, "next": next_url, "reauth_minutes": settings.REAUTH_MINUTES},
    )
    response["Cache-Control"] = "no-store"
    return response
