"""The pages of the second factor: the code after the password, the enrolment (QR code, key,
confirming code, recovery codes shown once), the account's own page (enrol, new recovery codes)
and the admin's reset of a user who lost the phone.  Each calls one service of
``councils.two_factor``; ``django_otp.login`` then marks the session verified."""

from __future__ import annotations

from typing import Any

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from common.viewcalls import form_call, message_call
from councils import access, two_factor
from councils.models import User
from councils.reauth import require_recent_auth


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã xác thực"),
        max_length=20,
        help_text=gettext_lazy("Mã 6 số trên ứng dụng xác thực, hoặc một mã dự phòng."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _codes_page(request: HttpRequest, codes: list[str], *, next_url: str) -> HttpResponse:
    response = render(request, "councils/two_factor/recovery_codes.html", {"codes": codes, "next": next_url})
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not two_factor.has_second_factor(user):
        if access.second_factor_required(user):
            return redirect("otp_setup")
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, device = form_call(form, lambda: two_factor.second_factor_verify(user=user, code=form.cleaned_data["code"]))
        if ok:
            django_otp.login(request, device)
            if device.__class__.__name__ == "StaticDevice":
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    _("Bạn vừa dùng một mã dự phòng; còn %(left)s mã. Hãy tạo mã mới nếu sắp hết.") % {"left": left},
                )
            return redirect(_next_url(request))
    return render(request, "councils/two_factor/verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if two_factor.has_second_factor(user) and not user.is_verified():
        # replacing the app needs the old one (or a recovery code) first: the password is not enough
        return redirect("otp_verify")
    device = two_factor.totp_device_pending(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, result = form_call(form, lambda: two_factor.totp_device_confirm(user=user, code=form.cleaned_data["code"]))
        if ok:
            confirmed, codes = result
            django_otp.login(request, confirmed)
            return _codes_page(request, codes, next_url=_next_url(request))
    context = {
        "form": form,
        "enrolment": two_factor.enrolment(device),
        "required": access.second_factor_required(user),
        "next": _next_url(request),
    }
    response = render(request, "councils/two_factor/setup.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def otp_manage(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    context = {
        "enrolled": two_factor.has_second_factor(user),
        "required": access.second_factor_required(user),
        "codes_left": two_factor.recovery_codes_left(user),
    }
    return render(request, "councils/two_factor/manage.html", context)


@login_required
@require_POST
def otp_recovery_renew(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.is_verified():
        return redirect("otp_manage")
    ok, codes = message_call(request, lambda: two_factor.recovery_codes_renew(user=user))
    if not ok:
        return redirect("otp_manage")
    return _codes_page(request, codes, next_url=resolve_url("otp_manage"))


@login_required
@require_POST
@require_recent_auth(back=lambda request, user_pk: _next_url(request))
def otp_reset(request: HttpRequest, user_pk: int) -> HttpResponse:
    """A council admin (or the superuser) removes a user's second factor: a lost phone."""
    user = get_object_or_404(User, pk=user_pk)
    if not access.may_reset_second_factor(request.user, user):
        raise Http404
    message_call(
        request,
        lambda: two_factor.second_factor_reset(actor=request.user, user=user),
        success=_("Đã đặt lại xác thực hai lớp của tài khoản %(username)s.") % {"username": user.username},
    )
    return redirect(_next_url(request))
