"""Writes about who is who: unit accounts and a user's language."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.text import nfc
from councils import access
from councils.access import Capability
from councils.models import Unit, UnitMembership, User


def _new_password() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


@transaction.atomic
def unit_user_create(*, actor: Any, unit: Unit, username: str, full_name: str, email: str = "") -> tuple[Any, str]:
    """Create a login for a unit's staff; returns the user and a one-time password to hand over."""
    access.require(actor, Capability.MANAGE_ACCOUNTS, unit.council_id)
    username = username.strip().lower()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("Tên đăng nhập “%(username)s” đã có người dùng.") % {"username": username})
    full_name = nfc(full_name)
    last, _sep, first = full_name.rpartition(" ")
    password = _new_password()
    user = User(username=username, first_name=first or full_name, last_name=last, email=email.strip())
    user.set_password(password)
    user.full_clean()
    user.save()
    UnitMembership.objects.create(unit=unit, user=user)
    return user, password


@transaction.atomic
def unit_user_reset_password(*, actor: Any, user: Any) -> str:
    memberships = list(UnitMembership.objects.filter(user=user).select_related("unit"))
    if not memberships:
        raise ValidationError(_("Tài khoản này không phải tài khoản đơn vị."))
    if user.is_superuser or user.is_staff or user.council_memberships.exists():
        # Also in a unit, but more than a unit account: resetting it here would
        # hand the secretariat the login of a superuser or of council staff.
        raise ValidationError(_("Tài khoản này không chỉ là tài khoản đơn vị; không đặt lại mật khẩu ở đây."))
    for membership in memberships:
        access.require(actor, Capability.MANAGE_ACCOUNTS, membership.unit.council_id)
    password = _new_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    return password


@transaction.atomic
def user_set_language(*, user: Any, language: str) -> Any:
    """The language a user receives notices in (the pages follow the switch in the header)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Ngôn ngữ không hợp lệ."))
    user.language = language
    user.save(update_fields=["language"])
    return user
