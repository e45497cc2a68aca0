"""The second step of a login, as a test passes it: the code an authenticator app would show now,
computed from the user's real device in the database (``django_otp.oath``), never mocked."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_code(device: TOTPDevice) -> str:
    """The code of the device's current time step, or of the next one when this step's code was
    already used (the device refuses a code twice; a test logs one officer in several times within
    30 seconds, which the device's tolerance of one step and its drift follow as a phone would)."""
    device.refresh_from_db()
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    step = max(now, device.last_t + 1)
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def device_of(username: str, *, confirmed: bool | None = None) -> TOTPDevice:
    devices = TOTPDevice.objects.filter(user__username=username)
    if confirmed is not None:
        devices = devices.filter(confirmed=confirmed)
    device = devices.order_by("-pk").first()
    assert device is not None, f"{username} has no TOTP device"
    return device


def pass_second_step(client: Any, username: str) -> Any:
    """After the password: enrol (when the page asks for it) or give the code; returns the last response."""
    setup = client.get(reverse("otp_setup"))
    if setup.status_code == 200:
        device = device_of(username, confirmed=False)
        return client.post(reverse("otp_setup"), {"code": totp_code(device)})
    return client.post(reverse("otp_verify"), {"code": totp_code(device_of(username, confirmed=True))})
