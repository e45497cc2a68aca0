"""Who calls the API: a django-rest-knox token (``Authorization: Token <token>``), and in which
language the answer comes.

The language is settled here, at authentication, because DRF authenticates before it checks any
permission, so every refusal is already worded in it: the client's ``Accept-Language`` when it
names one of ``settings.LANGUAGES`` (an API client asks on purpose, unlike an office browser),
otherwise the language the user chose (``User.language``), otherwise Vietnamese.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import trans_real
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox import auth as knox_auth
from rest_framework import exceptions


def requested_language(request: HttpRequest) -> str | None:
    """The first language of ``Accept-Language`` the product speaks, or None."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    supported = dict(settings.LANGUAGES)
    for code, _quality in trans_real.parse_accept_lang_header(header):
        if code == "*":
            continue
        try:
            language = translation.get_supported_language_variant(code)
        except LookupError:
            continue
        if language in supported:
            return language
    return None


def activate_language(request: HttpRequest, user: Any = None) -> str:
    language = requested_language(request)
    if language is None:
        chosen = getattr(user, "language", "") if user is not None else ""
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


class TokenAuthentication(knox_auth.TokenAuthentication):
    """Knox's token check, with its refusals in the user's language and the language activated."""

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        activate_language(request)
        try:
            result = super().authenticate(request)
        except exceptions.AuthenticationFailed as error:
            raise exceptions.AuthenticationFailed(
                _("Mã truy cập (token) không hợp lệ, đã hết hạn hoặc đã bị thu hồi.")
            ) from error
        except (UnicodeDecodeError, ValueError) as error:
            raise exceptions.AuthenticationFailed(_("Mã truy cập (token) không hợp lệ.")) from error
        if result is not None:
            activate_language(request, result[0])
        return result


class TokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The schema's security scheme of ``TokenAuthentication`` (the header Swagger UI sends)."""

    target_class = "api.auth.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token-based authentication with required prefix "Token"',
        }
