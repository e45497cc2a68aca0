"""Vietnamese unless the user chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language, so an office
PC with an English Chrome would get English pages.  Here the language comes
only from the user's explicit choice (the language cookie set by the switch in
the header) and otherwise is ``settings.LANGUAGE_CODE`` (Vietnamese)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
