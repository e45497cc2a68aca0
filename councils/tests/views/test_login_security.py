"""Login throttling (django-axes, its database handler), the secretariat's unlock, the Argon2
upgrade of older hashes and the header's password link, driven through the test client."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client, override_settings
from django.urls import reverse

from councils import services
from councils.models import User
from tests import factories

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2026, 3, 2, 8, 0, tzinfo=HANOI)
GOOD = "secret-pass-1"  # tests.factories.UserFactory's password
LOCKED_TEXT = "tạm bị khoá đăng nhập"


def _post_login(client: Client, username: str, password: str, *, ip: str = "10.0.0.1", url: str = "") -> Any:
    return client.post(url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client: Client, username: str, times: int = 5, **kwargs: Any) -> None:
    for _ in range(times):
        response = _post_login(client, username, "wrong-password", **kwargs)
        assert response.status_code in (200, 429)


def _locked_page(response: Any) -> str:
    assert response.status_code == 429
    body = response.content.decode()
    assert 'id="login-locked"' in body
    assert 'name="username"' in body  # the product's login page, not axes' plain text
    assert 'name="password"' in body
    return body


def test_five_failures_lock_the_account_from_that_address_until_the_time_shown(world: Any, time_machine: Any) -> None:
    time_machine.move_to(START, tick=False)
    client = Client()
    for attempt in range(4):
        response = _post_login(client, "unit_a", "wrong-password")
        assert response.status_code == 200, attempt
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert _post_login(client, "unit_a", "wrong-password").status_code == 429  # the fifth
    body = _locked_page(_post_login(client, "unit_a", GOOD))
    assert "Hãy thử lại sau 08:15 ngày 02/03/2026" in body
    assert "5 lần" in body
    assert "_auth_user_id" not in client.session
    # the counters are rows in the database, not a process's memory
    row = AccessAttempt.objects.get(username="unit_a", ip_address="10.0.0.1")
    assert row.failures_since_start == 5

    # a try during the lockout does not move its end
    time_machine.move_to(datetime(2026, 3, 2, 8, 14, 30, tzinfo=HANOI), tick=False)
    assert "08:15 ngày 02/03/2026" in _locked_page(_post_login(client, "unit_a", GOOD))

    time_machine.move_to(datetime(2026, 3, 2, 8, 15, 1, tzinfo=HANOI), tick=False)
    response = _post_login(client, "unit_a", GOOD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == world.unit_a_user.pk


def test_another_address_is_not_locked_by_the_first_ones_failures(world: Any) -> None:
    _fail(Client(), "unit_a", ip="10.0.0.1")
    assert _post_login(Client(), "unit_a", GOOD, ip="10.0.0.1").status_code == 429
    other = Client()
    assert _post_login(other, "unit_a", GOOD, ip="10.0.0.2").status_code == 302
    assert int(other.session["_auth_user_id"]) == world.unit_a_user.pk
    # nor another account from the first address
    assert _post_login(Client(), "unit_a2", GOOD, ip="10.0.0.1").status_code == 302


def test_behind_the_proxy_the_address_is_the_one_it_forwarded(world: Any, settings: Any) -> None:
    """In production every request comes from the compose proxy: the lockout keys on the address the
    proxy appended to X-Forwarded-For, and what a client wrote there itself is not believed."""
    settings.TRUSTED_PROXY_HOPS = 1
    proxy = "172.18.0.2"

    def through_proxy(client: Client, password: str, forwarded: str) -> Any:
        return client.post(
            reverse("login"),
            {"username": "unit_a", "password": password},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for _ in range(5):
        through_proxy(Client(), "sai-mat-khau", "203.0.113.9")
    assert through_proxy(Client(), GOOD, "203.0.113.9").status_code == 429
    # a forged left-most entry does not escape the lock
    assert through_proxy(Client(), GOOD, "198.51.100.7, 203.0.113.9").status_code == 429
    # another client behind the same proxy is not locked
    assert through_proxy(Client(), GOOD, "203.0.113.10").status_code == 302


def test_a_good_login_forgets_the_earlier_failures(world: Any) -> None:
    _fail(Client(), "unit_a", times=4)
    assert _post_login(Client(), "unit_a", GOOD).status_code == 302
    _fail(Client(), "unit_a", times=4)
    assert _post_login(Client(), "unit_a", GOOD).status_code == 302


def test_the_secretariat_unlocks_a_unit_account_and_it_logs_in_at_once(world: Any) -> None:
    _fail(Client(), "unit_a")
    assert _post_login(Client(), "unit_a", GOOD).status_code == 429

    secretariat = Client()
    secretariat.force_login(world.secretariat)
    page = secretariat.get(reverse("councils:unit_accounts")).content.decode()
    assert "Đang bị khoá đăng nhập" in page
    unlock = reverse("councils:unit_account_unlock", kwargs={"user_pk": world.unit_a_user.pk})
    assert unlock in page
    response = secretariat.post(unlock, follow=True)
    assert response.redirect_chain[-1][0] == reverse("councils:unit_accounts")
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Đã mở khoá đăng nhập cho tài khoản “unit_a”; người dùng đăng nhập lại được ngay."]
    assert "Đang bị khoá đăng nhập" not in response.content.decode()
    assert not AccessAttempt.objects.filter(username="unit_a").exists()

    client = Client()
    assert _post_login(client, "unit_a", GOOD).status_code == 302
    assert int(client.session["_auth_user_id"]) == world.unit_a_user.pk


def test_the_council_admin_may_unlock_too(world: Any) -> None:
    _fail(Client(), "unit_b")
    cleared = services.account_unlock(actor=world.admin, user=world.unit_b_user)
    assert cleared == 1
    assert _post_login(Client(), "unit_b", GOOD).status_code == 302


@pytest.mark.parametrize("who", ["other_secretariat", "unit_a_user2", "chairman"])
def test_nobody_else_unlocks(world: Any, who: str) -> None:
    _fail(Client(), "unit_a")
    client = Client()
    client.force_login(getattr(world, who))
    response = client.post(reverse("councils:unit_account_unlock", kwargs={"user_pk": world.unit_a_user.pk}))
    assert response.status_code in (403, 404)
    if who == "other_secretariat":
        assert response.status_code == 404  # as the password reset: another council's account is not there
        with pytest.raises(PermissionError):
            services.account_unlock(actor=world.other_secretariat, user=world.unit_a_user)
    assert AccessAttempt.objects.filter(username="unit_a").exists()
    assert _post_login(Client(), "unit_a", GOOD).status_code == 429


def test_the_django_admin_login_is_throttled_too(world: Any) -> None:
    factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    url = reverse("admin:login") + "?next=/admin/"
    _fail(Client(), "root", url=url)
    client = Client()
    body = _locked_page(_post_login(client, "root", GOOD, url=url))
    assert "Hãy thử lại sau" in body
    assert "_auth_user_id" not in client.session
    # and the product's login counts the same account from the same address
    assert _post_login(Client(), "root", GOOD).status_code == 429
    assert _post_login(Client(), "root", GOOD, ip="10.0.0.9", url=url).status_code == 302


def test_the_test_clients_login_works_when_given_the_request(world: Any) -> None:
    # axes must see a request; ``Client.login`` passes whatever it is given to authenticate()
    assert Client().login(request=HttpRequest(), username="unit_a", password=GOOD)


def test_a_reset_password_is_on_the_page_only_never_in_the_messages_cookie(world: Any) -> None:
    client = Client()
    client.force_login(world.secretariat)
    response = client.post(reverse("councils:unit_account_reset", kwargs={"user_pk": world.unit_a_user.pk}))
    assert response.status_code == 200  # the page itself, no redirect carrying the password
    body = response.content.decode()
    password = re.search(r'id="temporary-password">([^<]+)<', body).group(1)  # type: ignore[union-attr]
    assert "Mật khẩu chỉ hiện một lần" in body
    # a later page, where a message put in the cookie would come out
    client.get(reverse("councils:unit_accounts"))
    for cookies in (response.cookies, client.cookies):
        assert all(password not in morsel.value for morsel in cookies.values())
        if "messages" in cookies:
            storage = CookieStorage(HttpRequest())
            decoded = storage._decode(cookies["messages"].value) or []
            assert all(password not in str(m) for m in decoded)
    user = User.objects.get(pk=world.unit_a_user.pk)
    assert user.must_change_password
    assert user.check_password(password)
    assert not user.check_password(GOOD)


@override_settings(
    PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
)
def test_a_pbkdf2_password_becomes_argon2_at_login(world: Any) -> None:
    user = world.unit_a_user
    user.password = make_password(GOOD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert user.password.startswith("pbkdf2_sha256$")
    assert _post_login(Client(), "unit_a", GOOD).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(GOOD)


def test_the_header_links_to_the_password_change(world: Any) -> None:
    for who in ("unit_a_user", "secretariat", "admin"):
        client = Client()
        client.force_login(getattr(world, who))
        page = client.get(reverse("home"), follow=True).content.decode()
        assert f'href="{reverse("password_change")}" id="nav-password-change"' in page, who
    assert 'id="nav-password-change"' not in Client().get(reverse("login")).content.decode()
