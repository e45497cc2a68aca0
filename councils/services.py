"""Writes about who is who: unit accounts, child councils and their first admin, temporary
passwords and a user's language.

A password made here is temporary: the account is flagged ``must_change_password`` and
``councils.middleware`` keeps its owner on the change page until they choose their own.  The
password is returned to the caller to show once on the page; it is never stored in plain text,
nor put in a message, the session or a cookie."""

from __future__ import annotations

import secrets
from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.text import nfc
from councils import access
from councils.access import Capability
from councils.models import Council, CouncilLevel, CouncilMembership, CouncilRole, Unit, UnitMembership, User
from councils.security import SecurityEventKind, security_event

# The tiers of the council tree, the top first; a child council sits on a tier below its parent's
# (a province's communes sit directly under it since the districts went in July 2025).
LEVELS_TOP_DOWN: tuple[str, ...] = (
    CouncilLevel.CENTRAL,
    CouncilLevel.PROVINCE,
    CouncilLevel.DISTRICT,
    CouncilLevel.COMMUNE,
)


def _new_password() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


@transaction.atomic
def unit_user_create(*, actor: Any, unit: Unit, username: str, full_name: str, email: str = "") -> tuple[Any, str]:
    """Create a login for a unit's staff; returns the user and a one-time password to hand over."""
    access.require(actor, Capability.MANAGE_ACCOUNTS, unit.council_id)
    user, password = _user_with_temporary_password(username=username, full_name=full_name, email=email)
    UnitMembership.objects.create(unit=unit, user=user)
    return user, password


def _user_with_temporary_password(*, username: str, full_name: str, email: str = "") -> tuple[User, str]:
    username = nfc(username).lower()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("Tên đăng nhập “%(username)s” đã có người dùng.") % {"username": username})
    full_name = nfc(full_name)
    last, _sep, first = full_name.rpartition(" ")
    password = _new_password()
    user = User(
        username=username,
        first_name=first or full_name,
        last_name=last,
        email=email.strip(),
        must_change_password=True,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user, password


def _require_unit_account(actor: Any, user: Any, *, more_than_a_unit: str) -> None:
    """``user`` is only a unit account, and ``actor`` manages the accounts of each of its
    units' councils (``more_than_a_unit``: the refusal for a superuser or council staff)."""
    memberships = list(UnitMembership.objects.filter(user=user).select_related("unit"))
    if not memberships:
        raise ValidationError(_("Tài khoản này không phải tài khoản đơn vị."))
    if user.is_superuser or user.is_staff or user.council_memberships.exists():
        # Also in a unit, but more than a unit account: the secretariat does not act on the
        # login of a superuser or of council staff here.
        raise ValidationError(more_than_a_unit)
    for membership in memberships:
        access.require(actor, Capability.MANAGE_ACCOUNTS, membership.unit.council_id)


@transaction.atomic
def unit_user_reset_password(*, actor: Any, user: Any) -> str:
    _require_unit_account(
        actor, user, more_than_a_unit=_("Tài khoản này không chỉ là tài khoản đơn vị; không đặt lại mật khẩu ở đây.")
    )
    password = _new_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    security_event(
        SecurityEventKind.PASSWORD_RESET, actor=actor, detail=_("tài khoản %(username)s") % {"username": user.username}
    )
    return password


@transaction.atomic
def account_unlock(*, actor: Any, user: Any) -> int:
    """Lift the login lockout of a unit account, from every address, at once (its owner had
    too many wrong passwords and the secretariat has checked who is asking); returns how many
    of axes' failure records were cleared.  The password is left as it is."""
    _require_unit_account(
        actor, user, more_than_a_unit=_("Tài khoản này không chỉ là tài khoản đơn vị; không mở khoá ở đây.")
    )
    security_event(
        SecurityEventKind.UNLOCK, actor=actor, detail=_("tài khoản %(username)s") % {"username": user.username}
    )
    return int(axes_reset(username=user.username))


@transaction.atomic
def user_temporary_password_cleared(*, user: Any) -> None:
    """The user has chosen their own password: the forced change is over."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


def levels_below(level: str) -> tuple[str, ...]:
    """The tiers a child of a council on ``level`` may sit on, the next one down first."""
    if level not in LEVELS_TOP_DOWN:
        return ()
    return LEVELS_TOP_DOWN[LEVELS_TOP_DOWN.index(level) + 1 :]


@transaction.atomic
def child_council_create(
    *,
    actor: Any,
    parent: Council,
    name: str,
    locality: str,
    place_name: str,
    issuing_body: str,
    level: str,
    admin_username: str,
    admin_full_name: str,
    admin_email: str = "",
) -> tuple[Council, User, str]:
    """A council under ``parent`` and its first admin; returns both and the admin's temporary
    password, to show once on a printable sheet."""
    access.require(actor, Capability.ADMINISTER, parent.pk)
    allowed = levels_below(parent.level)
    if not allowed:
        raise ValidationError(_("Hội đồng cấp %(level)s không có cấp dưới.") % {"level": parent.get_level_display()})
    if level not in allowed:
        raise ValidationError(_("Hội đồng cấp dưới phải ở một cấp thấp hơn cấp của hội đồng này."))
    name = nfc(name)
    if Council.objects.filter(parent=parent, name__iexact=name).exists():
        raise ValidationError(_("Hội đồng “%(name)s” đã có trong các hội đồng cấp dưới.") % {"name": name})
    council = Council(
        parent=parent,
        name=name,
        locality=nfc(locality),
        place_name=nfc(place_name),
        issuing_body=nfc(issuing_body),
        level=level,
    )
    council.full_clean()
    council.save()
    user, password = _user_with_temporary_password(
        username=admin_username, full_name=admin_full_name, email=admin_email
    )
    CouncilMembership.objects.create(council=council, user=user, role=CouncilRole.ADMIN)
    return council, user, password


def child_council_first_admin(council: Council) -> User | None:
    """The admin account made with the council (its oldest admin)."""
    membership = (
        CouncilMembership.objects.filter(council=council, role=CouncilRole.ADMIN)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership is not None else None


@transaction.atomic
def child_admin_password_reissue(*, actor: Any, council: Council) -> tuple[User, str]:
    """A new temporary password for a child council's first admin, for a lost sheet: only the
    parent's admin, and only while the account has not yet chosen its own password (the parent
    never takes over an account in use)."""
    if council.parent_id is None:
        raise ValidationError(_("Hội đồng này không có hội đồng cấp trên."))
    access.require(actor, Capability.ADMINISTER, council.parent_id)
    user = child_council_first_admin(council)
    if user is None:
        raise ValidationError(_("Hội đồng này chưa có tài khoản quản trị."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.must_change_password:
        raise ValidationError(
            _("Tài khoản “%(username)s” đã tự đặt mật khẩu; không cấp lại mật khẩu tạm thời ở đây.")
            % {"username": user.username}
        )
    password = _new_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    security_event(
        SecurityEventKind.PASSWORD_RESET,
        actor=actor,
        council_id=council.pk,
        detail=_("tài khoản %(username)s") % {"username": user.username},
    )
    return user, password


@transaction.atomic
def user_set_language(*, user: Any, language: str) -> Any:
    """The language a user receives notices in (the pages follow the switch in the header)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Ngôn ngữ không hợp lệ."))
    user.language = language
    user.save(update_fields=["language"])
    return user
