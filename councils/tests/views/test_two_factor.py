"""The second factor: officers pass it after the password before any page; unit staff may enrol.

These tests log in through the pages (never ``force_login``, whose conftest shim passes the second
step for the officers) and compute the codes from the users' real devices."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from councils.models import SecurityEvent, SecurityEventKind, SecurityOutcome
from tests.browsing import DEMO_PASSWORD
from tests.otp import device_of, pass_second_step, totp_code

pytestmark = pytest.mark.django_db

GUARDED = ["home", "workflows:tasks", "nominations:list", "password_change", "otp_manage"]


def _password_login(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def _enrol(client: Client, username: str) -> list[str]:
    page = client.get(reverse("otp_setup"))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'src="data:image/svg+xml' in text  # the QR code, no script needed
    device = device_of(username, confirmed=False)
    assert device.config_url.split("secret=")[1].split("&")[0] in text  # the base32 key is shown
    done = client.post(reverse("otp_setup"), {"code": totp_code(device)})
    assert done.status_code == 200
    assert "no-store" in done["Cache-Control"]
    codes = list(StaticToken.objects.filter(device__user__username=username).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(code in done.content.decode() for code in codes)
    return codes


def test_an_officer_with_the_password_alone_reaches_no_page_until_enrolled(world: Any) -> None:
    client = _password_login("secretariat")
    for name in GUARDED:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("otp_setup")), name
    assert client.post(reverse("workflows:dossier_create"), {}).status_code == 302
    _enrol(client, "secretariat")
    assert TOTPDevice.objects.get(user=world.secretariat).confirmed
    assert client.get(reverse("workflows:tasks")).status_code == 200
    assert SecurityEvent.objects.filter(user=world.secretariat, kind=SecurityEventKind.TWO_FACTOR_ENROL).exists()


def test_an_enrolled_officer_is_asked_for_the_code_then_reaches_pages(world: Any) -> None:
    _enrol(_password_login("secretariat"), "secretariat")
    client = _password_login("secretariat")
    for name in GUARDED:
        assert client.get(reverse(name))["Location"].startswith(reverse("otp_verify")), name
    # the setup page cannot replace the app with the password alone
    assert client.get(reverse("otp_setup"))["Location"] == reverse("otp_verify")
    done = client.post(
        reverse("otp_verify"), {"code": totp_code(device_of("secretariat")), "next": reverse("nominations:list")}
    )
    assert done["Location"] == reverse("nominations:list")
    for name in ["workflows:tasks", "nominations:list", "otp_manage"]:
        assert client.get(reverse(name)).status_code == 200, name
    assert SecurityEvent.objects.filter(
        user=world.secretariat, kind=SecurityEventKind.TWO_FACTOR_USE, outcome=SecurityOutcome.SUCCESS
    ).exists()


def test_a_wrong_code_is_refused_with_the_message_and_throttled(world: Any) -> None:
    _enrol(_password_login("chairman"), "chairman")
    client = _password_login("chairman")
    wrong = client.post(
        reverse("otp_verify"), {"code": "000000" if totp_code(device_of("chairman")) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert "Mã xác thực không đúng hoặc đã hết hạn" in wrong.content.decode()
    assert client.get(reverse("workflows:tasks"))["Location"].startswith(reverse("otp_verify"))
    # django-otp's throttling: right after a failure even the right code must wait
    throttled = client.post(reverse("otp_verify"), {"code": totp_code(device_of("chairman"))})
    assert "Bạn đã nhập sai nhiều lần" in throttled.content.decode()
    assert client.get(reverse("workflows:tasks")).status_code == 302
    assert SecurityEvent.objects.filter(
        user=world.chairman, kind=SecurityEventKind.TWO_FACTOR_USE, outcome=SecurityOutcome.FAILURE
    ).exists()


def test_a_recovery_code_works_once(world: Any) -> None:
    codes = _enrol(_password_login("secretariat"), "secretariat")
    client = _password_login("secretariat")
    used = client.post(reverse("otp_verify"), {"code": codes[0].upper()})
    assert used.status_code == 302
    assert client.get(reverse("workflows:tasks")).status_code == 200
    assert SecurityEvent.objects.filter(
        user=world.secretariat, kind=SecurityEventKind.TWO_FACTOR_USE, detail="mã dự phòng"
    ).exists()
    again = _password_login("secretariat")
    refused = again.post(reverse("otp_verify"), {"code": codes[0]})
    assert "Mã dự phòng không đúng hoặc đã được dùng" in refused.content.decode()
    assert again.get(reverse("workflows:tasks")).status_code == 302
    assert StaticToken.objects.filter(device__user=world.secretariat).count() == 9


def test_new_recovery_codes_replace_the_old_ones(world: Any) -> None:
    client = _password_login("secretariat")
    old = _enrol(client, "secretariat")
    renewed = client.post(reverse("otp_recovery_renew"))
    assert renewed.status_code == 200
    new = list(StaticToken.objects.filter(device__user=world.secretariat).values_list("token", flat=True))
    assert len(new) == 10
    assert not set(old) & set(new)
    assert all(code in renewed.content.decode() for code in new)
    assert client.get(reverse("otp_manage")).content.decode().count(new[0]) == 0  # shown once


def test_a_unit_user_logs_in_with_the_password_alone(world: Any) -> None:
    client = _password_login("unit_a")
    assert client.get(reverse("workflows:tasks")).status_code == 200
    assert "Tài khoản của bạn chỉ đăng nhập bằng mật khẩu" in client.get(reverse("otp_manage")).content.decode()


def test_an_enrolled_unit_user_is_asked_for_the_code(world: Any) -> None:
    client = _password_login("unit_a")
    _enrol(client, "unit_a")
    again = _password_login("unit_a")
    assert again.get(reverse("workflows:tasks"))["Location"].startswith(reverse("otp_verify"))
    pass_second_step(again, "unit_a")
    assert again.get(reverse("workflows:tasks")).status_code == 200


def test_the_superuser_passes_the_second_step_for_admin(world: Any) -> None:
    client = _password_login("admin")
    assert client.get("/admin/")["Location"].startswith(reverse("otp_setup"))
    assert client.get("/admin/auth/group/")["Location"].startswith(reverse("otp_setup"))
    pass_second_step(client, "admin")
    assert client.get("/admin/").status_code == 200


def test_a_council_admin_resets_a_lost_phone(world: Any) -> None:
    _enrol(_password_login("unit_a"), "unit_a")
    refused = Client()
    refused.force_login(world.secretariat)  # the secretariat does not administer the council
    assert refused.post(reverse("otp_reset", args=[world.unit_a_user.pk])).status_code == 404
    assert TOTPDevice.objects.filter(user=world.unit_a_user).exists()
    admin = Client()
    admin.force_login(world.admin)
    assert admin.post(reverse("otp_reset", args=[world.unit_a_user.pk])).status_code == 302
    assert not TOTPDevice.objects.filter(user=world.unit_a_user).exists()
    assert not StaticToken.objects.filter(device__user=world.unit_a_user).exists()
    client = _password_login("unit_a")
    assert client.get(reverse("workflows:tasks")).status_code == 200
