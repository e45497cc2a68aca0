"""The second factor (OWASP ASVS V2.7, V2.8): a TOTP app and ten one-time recovery codes, with
django-otp's devices (``TOTPDevice``, ``StaticDevice``) and their own throttling (each failure
doubles the wait before the next try of that device: 1, 2, 4… seconds).

Who must use it is ``access.second_factor_required``; ``SecondFactorMiddleware`` keeps a session
whose second step is not done away from every other page.  The views call these services and then
``django_otp.login`` (which needs the request) to mark the session verified.  Enrolment, each use,
each failure and each recovery code used are written to the security event log.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import segno
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from councils import access
from councils.security import SecurityEventKind, SecurityOutcome, security_event
from councils.selectors import forget_roles, roles_for

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "totp"
RECOVERY_DEVICE_NAME = "recovery"


@dataclass(frozen=True)
class Enrolment:
    """What the setup page shows: the key as a QR code (an SVG data URI) and in base32."""

    device: TOTPDevice
    secret: str
    qr_data_uri: str


# --- Reads ----------------------------------------------------------------------------------


def has_second_factor(user: Any) -> bool:
    """Whether ``user`` has a confirmed TOTP app (recovery codes alone do not make an enrolment).
    Read with the user's roles (``councils.selectors.roles_for``, one statement a request)."""
    return roles_for(user).has_totp


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_due(user: Any) -> bool:
    """Whether this session of ``user`` must pass the second step before anything else."""
    if not getattr(user, "is_authenticated", False):
        return False
    verified = getattr(user, "is_verified", None)
    if verified is not None and verified():
        return False
    return access.second_factor_required(user) or has_second_factor(user)


def second_factor_resettable_ids(actor: Any, users: Iterable[Any]) -> set[int]:
    """The ids of ``users`` (a page of the accounts or members list) with an app enrolled whose
    second factor ``actor`` may reset: the pages' reset button.  One query finds the enrolled;
    the policy is asked about those alone."""
    listed = {user.pk: user for user in users}
    enrolled = TOTPDevice.objects.filter(user_id__in=listed, confirmed=True).values_list("user_id", flat=True)
    return {pk for pk in set(enrolled) if access.may_reset_second_factor(actor, listed[pk])}


def enrolment(device: TOTPDevice) -> Enrolment:
    secret = base64.b32encode(device.bin_key).decode("ascii")
    qr = segno.make(device.config_url, error="m")
    return Enrolment(device=device, secret=secret, qr_data_uri=qr.svg_data_uri(scale=5, border=2))


def _log(user: Any, kind: str, *, outcome: str = SecurityOutcome.SUCCESS, detail: str = "") -> None:
    security_event(kind, actor=user, outcome=outcome, detail=detail)


# --- Writes ---------------------------------------------------------------------------------


def totp_device_pending(*, user: Any) -> TOTPDevice:
    """The unconfirmed TOTP device the setup page shows (one per user, kept across reloads so that
    the QR code scanned a minute ago still matches)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=TOTP_DEVICE_NAME).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, confirmed=False, name=TOTP_DEVICE_NAME)
    return device


def _clean(code: str) -> str:
    return "".join(str(code or "").split()).lower()


def _throttled_message(device: Device) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (data or {}).get("locked_until")
    seconds = max(1, int((locked_until - timezone.now()).total_seconds()) + 1) if locked_until else 1
    return _("Bạn đã nhập sai nhiều lần. Hãy đợi %(seconds)s giây rồi nhập lại mã.") % {"seconds": seconds}


def _recovery_codes_new(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def totp_device_confirm(*, user: Any, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending device with a code from the app; it replaces any earlier app, and ten new
    recovery codes replace the old ones.  Returns the device and the codes (shown once)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None:
            raise ValidationError(_("Hãy mở lại trang đăng ký xác thực hai lớp."))
        throttled = _throttled_message(device)
        if throttled:
            raise ValidationError(throttled)
        if not device.verify_token(_clean(code)):
            _log(user, SecurityEventKind.TWO_FACTOR_ENROL, outcome=SecurityOutcome.FAILURE, detail=_("mã sai"))
            # the failure's throttling is stored: raise after the transaction commits it
            failed = True
        else:
            failed = False
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _recovery_codes_new(user)
            forget_roles(user)
            _log(user, SecurityEventKind.TWO_FACTOR_ENROL, detail=_("ứng dụng xác thực"))
    if failed:
        raise ValidationError(_("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã 6 số đang hiện trên ứng dụng."))
    return device, codes


def second_factor_verify(*, user: Any, code: str) -> Device:
    """The second step of a login: a 6-digit code from the app, or one recovery code (then gone).
    Returns the device that accepted it; raises ``ValidationError`` with the reason otherwise."""
    cleaned = _clean(code)
    is_totp = cleaned.isdigit()
    model: type[Device] = TOTPDevice if is_totp else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        throttled = _throttled_message(device) if device is not None else None
        accepted = device is not None and throttled is None and bool(cleaned) and device.verify_token(cleaned)
        if accepted:
            detail = _("ứng dụng xác thực") if is_totp else _("mã dự phòng")
            _log(user, SecurityEventKind.TWO_FACTOR_USE, detail=detail)
        else:
            _log(user, SecurityEventKind.TWO_FACTOR_USE, outcome=SecurityOutcome.FAILURE, detail=_("mã sai"))
    if throttled:
        raise ValidationError(throttled)
    if not accepted or device is None:
        if is_totp:
            raise ValidationError(
                _("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã 6 số đang hiện trên ứng dụng.")
            )
        raise ValidationError(_("Mã dự phòng không đúng hoặc đã được dùng."))
    return device


def recovery_codes_renew(*, user: Any) -> list[str]:
    """Ten new recovery codes for an enrolled user; the old ones stop working."""
    with transaction.atomic():
        if not has_second_factor(user):
            raise ValidationError(_("Hãy đăng ký ứng dụng xác thực trước."))
        codes = _recovery_codes_new(user)
        _log(user, SecurityEventKind.TWO_FACTOR_ENROL, detail=_("tạo mã dự phòng mới"))
    return codes


def second_factor_reset(*, actor: Any, user: Any) -> None:
    """Remove ``user``'s app and recovery codes (a lost phone): at the next login the user enrols
    again (if the role requires it) or signs in with the password alone."""
    access.require_reset_second_factor(actor, user)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        forget_roles(user)
        security_event(
            SecurityEventKind.TWO_FACTOR_ENROL,
            actor=actor,
            detail=_("đặt lại xác thực hai lớp của tài khoản %(username)s") % {"username": user.username},
        )
