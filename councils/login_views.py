"""The answer to a locked-out login: the product's own login page, saying why and until when.

django-axes calls ``login_locked_out`` (``AXES_LOCKOUT_CALLABLE``) for the product's login and
for ``/admin/login/`` alike, so nobody sees axes' bare English text."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address, get_client_username
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from councils.login_selectors import login_locked_until


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    username = get_client_username(request, credentials) or ""
    ip_address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    form = AuthenticationForm(request, initial={"username": username})
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    context = {
        "form": form,
        "next": next_url,
        "locked_out": True,
        "locked_until": login_locked_until(username=username, ip_address=ip_address),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    response = render(request, "registration/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    response["Cache-Control"] = "no-store"
    return response
