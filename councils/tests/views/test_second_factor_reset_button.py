"""The button that resets a lost phone's second factor, on the unit accounts page and on the
council's members page: shown to whoever ``access.may_reset_second_factor`` allows, for the
accounts that enrolled an app, and it does the reset."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from councils.models import CouncilMembership, CouncilRole
from tests import factories

pytestmark = pytest.mark.django_db

BUTTON = "Đặt lại xác thực hai lớp"


def _enrolled(user: Any) -> Any:
    TOTPDevice.objects.create(user=user, name="totp", confirmed=True)
    return user


def _council_admin(world: Any) -> Any:
    admin = factories.UserFactory(username="council_admin")
    CouncilMembership.objects.create(council=world.council, user=admin, role=CouncilRole.ADMIN)
    return admin


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _reset_action(user: Any) -> str:
    return f'action="{reverse("otp_reset", args=[user.pk])}"'


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_council_admin_resets_a_unit_account_from_the_accounts_page(world: Any) -> None:
    enrolled = _enrolled(world.unit_a_user)
    admin = _council_admin(world)
    client = _client(admin)
    accounts = reverse("councils:unit_accounts")

    page = _page(client, accounts)
    assert BUTTON in page
    assert _reset_action(enrolled) in page
    assert _reset_action(world.unit_b_user) not in page  # no app enrolled: nothing to reset

    response = client.post(reverse("otp_reset", args=[enrolled.pk]), {"next": accounts})

    assert response.status_code == 302
    assert response["Location"] == accounts
    assert not TOTPDevice.objects.filter(user=enrolled).exists()
    page = _page(client, response["Location"])
    assert f"Đã đặt lại xác thực hai lớp của tài khoản {enrolled.username}." in page
    assert BUTTON not in page


def test_the_secretariat_manages_the_accounts_but_sees_no_reset_button(world: Any) -> None:
    _enrolled(world.unit_a_user)
    page = _page(_client(world.secretariat), reverse("councils:unit_accounts"))
    assert world.unit_a_user.username in page
    assert BUTTON not in page


def test_the_members_page_offers_the_reset_for_the_enrolled_members_but_not_oneself(world: Any) -> None:
    chairman = _enrolled(world.chairman)
    admin = _council_admin(world)
    client = _client(admin)  # the admin enrols too (the role requires it): a device of their own
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
    members = reverse("councils:member_list", args=[world.council.pk])

    page = _page(client, members)
    assert _reset_action(chairman) in page
    assert _reset_action(admin) not in page  # never one's own
    assert _reset_action(world.member) not in page  # no app enrolled

    response = client.post(reverse("otp_reset", args=[chairman.pk]), {"next": members})

    assert response.status_code == 302
    assert response["Location"] == members
    assert not TOTPDevice.objects.filter(user=chairman).exists()
    assert _reset_action(chairman) not in _page(client, members)
