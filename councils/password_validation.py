"""Django's password validators with every message in Vietnamese.

Django's Vietnamese catalogue translates the other validators' messages but not the minimum
length's error ("This password is too short…"), so a weak password was refused half in English."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất %d ký tự.",
            "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất %d ký tự.",
            self.min_length,
        ) % (self.min_length,)
