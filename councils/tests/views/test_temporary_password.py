"""The forced change of a temporary password at first login."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from councils import services
from councils.models import CouncilRole, User
from tests import factories

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Hoa-sen-nở-2026"


@pytest.fixture
def council_secretariat() -> Any:
    council = factories.CouncilFactory()
    unit = factories.UnitFactory(council=council, name="Tiểu khu Bắc Sơn")
    secretary = factories.UserFactory(username="thuky_bacson")
    council.memberships.create(user=secretary, role=CouncilRole.SECRETARIAT)
    return secretary, unit


@pytest.fixture
def temporary(council_secretariat: Any) -> tuple[User, str]:
    secretary, unit = council_secretariat
    return services.unit_user_create(actor=secretary, unit=unit, username="tk_bacson", full_name="Lê Văn Bảy")


def logged_in(username: str, password: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_a_new_unit_account_must_change_its_password(temporary: tuple[User, str]) -> None:
    user, password = temporary
    user.refresh_from_db()
    assert user.must_change_password
    assert user.check_password(password)
    assert password not in user.password  # hashed, never stored in plain text


def test_a_reset_password_is_temporary_too(council_secretariat: Any, temporary: tuple[User, str]) -> None:
    secretary, _unit = council_secretariat
    user, _password = temporary
    User.objects.filter(pk=user.pk).update(must_change_password=False)
    user.refresh_from_db()
    services.unit_user_reset_password(actor=secretary, user=user)
    user.refresh_from_db()
    assert user.must_change_password


def test_first_login_goes_to_the_change_page_and_nowhere_else(temporary: tuple[User, str]) -> None:
    user, password = temporary
    client = logged_in(user.username, password)
    change = reverse("password_change")
    followed = client.get(reverse("home"), follow=True)
    assert followed.redirect_chain[-1][0] == change
    assert "mật khẩu tạm thời" in followed.content.decode()
    for url in (reverse("home"), reverse("nominations:list"), reverse("councils:setup"), "/admin/", "/no-such-page/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == change, url
    # a POST elsewhere is not run either
    response = client.post(reverse("councils:unit_accounts"), {"username": "x", "full_name": "X"})
    assert response["Location"] == change
    assert client.get(change).status_code == 200
    # the logout stays open
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_a_weak_password_is_refused_in_vietnamese(temporary: tuple[User, str]) -> None:
    user, password = temporary
    client = logged_in(user.username, password)
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự." in body
    assert "This password" not in body
    assert "quá phổ biến" in body or "hoàn toàn là số" in body
    user.refresh_from_db()
    assert user.must_change_password
    assert user.check_password(password)
    assert client.get(reverse("home"))["Location"] == reverse("password_change")


def test_a_good_change_clears_the_flag(temporary: tuple[User, str]) -> None:
    user, password = temporary
    client = logged_in(user.username, password)
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert not user.must_change_password
    assert user.check_password(NEW_PASSWORD)
    assert client.get(reverse("password_change_done")).status_code == 200
    assert client.get(reverse("home"), follow=True).status_code == 200
    assert client.get(reverse("nominations:list")).status_code == 200


def test_a_wrong_old_password_keeps_the_flag(temporary: tuple[User, str]) -> None:
    user, password = temporary
    client = logged_in(user.username, password)
    response = client.post(
        reverse("password_change"),
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.must_change_password


def test_a_user_with_their_own_password_is_not_held(council_secretariat: Any) -> None:
    secretary, _unit = council_secretariat
    client = Client()
    client.force_login(secretary)
    assert client.get(reverse("home"), follow=True).status_code == 200
    assert client.get(reverse("nominations:list")).status_code == 200


def test_the_temporary_password_reaches_no_session_or_cookie(council_secretariat: Any) -> None:
    """The setup pages show it in the page only (see test_child_councils for the sheet)."""
    parent = factories.CouncilFactory(level="province", name="Hội đồng TĐKT tỉnh Thanh Hóa")
    admin = factories.UserFactory(username="qt_tinh")
    parent.memberships.create(user=admin, role=CouncilRole.ADMIN)
    client = Client()
    client.force_login(admin)
    response = client.post(
        reverse("councils:child_create", args=[parent.pk]),
        {
            "name": "Hội đồng TĐKT xã Hà Long",
            "locality": "xã Hà Long",
            "place_name": "Hà Long",
            "issuing_body": "Ủy ban nhân dân xã Hà Long",
            "level": "commune",
            "admin_username": "qt_halong",
            "admin_full_name": "Nguyễn Thị Lan",
        },
    )
    assert response.status_code == 200
    password = response.context["password"]
    assert password
    assert password in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    for morsel in list(response.cookies.values()) + list(client.cookies.values()):
        assert password not in morsel.value
    for session in Session.objects.all():
        assert password not in str(session.get_decoded())
