"""Sessions (OWASP ASVS V3.3, V3.7): the idle and absolute limits, the keep-alive, the user's
own sessions page with "sign out elsewhere", and the re-authentication that the sensitive steps
(register and revoke a decision, close a vote, reset a unit account's password, change a role)
ask for once the last authentication is older than REAUTH_MINUTES."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from councils.models import CouncilMembership, CouncilRole, UserSession
from decisions.models import AttendanceState, DecisionStatus, SessionStatus, SignerCapacity
from workflows.tests.flows.sessions.conftest import council, create_session, open_voting, record_attendance

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.datetime(2027, 1, 4, 8, 0, tzinfo=HANOI)  # after every fixture's own dates
PASSWORD = "secret-pass-1"  # tests.factories.UserFactory's  # noqa: S105
EXPIRED = "Phiên làm việc đã hết hạn"
__all__ = ["council"]  # the ten-member council of the session flows, for the vote to close


def _client(user: Any, agent: str = "Firefox/140") -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    client.force_login(user)
    return client


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _otp_code(user: Any) -> str:
    """The current code of the user's confirmed TOTP device (the root conftest gives officers one)."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return ""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


# --- Idle and absolute limits ----------------------------------------------------------------


def test_thirty_one_idle_minutes_log_out_with_the_message(world: Any, time_machine: Any) -> None:
    time_machine.move_to(START, tick=False)
    client = _client(world.unit_a_user)
    assert client.get(reverse("nominations:list")).status_code == 200
    time_machine.move_to(START + dt.timedelta(minutes=31), tick=False)
    response = client.get(reverse("nominations:list"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert parse_qs(urlsplit(response.redirect_chain[0][0]).query)["next"] == [reverse("nominations:list")]
    assert EXPIRED in _text(response)
    assert not _logged_in(client)
    assert not UserSession.objects.filter(user=world.unit_a_user).exists()


def test_twenty_nine_idle_minutes_keep_the_session_and_each_request_starts_them_again(
    world: Any, time_machine: Any
) -> None:
    time_machine.move_to(START, tick=False)
    client = _client(world.unit_a_user)
    for step in (29, 58, 87):  # each request 29 minutes after the last
        time_machine.move_to(START + dt.timedelta(minutes=step), tick=False)
        assert client.get(reverse("nominations:list")).status_code == 200
        assert _logged_in(client)


def test_pages_within_half_a_minute_write_no_session_row(world: Any, time_machine: Any) -> None:
    """The last request's time is kept to the half-minute: a page read seconds after another
    ends without an UPDATE of django_session; one 31 s later writes it again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    time_machine.move_to(START, tick=False)
    client = _client(world.unit_a_user)
    assert client.get(reverse("nominations:list")).status_code == 200

    def session_writes(seconds: int) -> int:
        time_machine.move_to(START + dt.timedelta(seconds=seconds), tick=False)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("nominations:list")).status_code == 200
        return sum(1 for q in queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"])

    assert session_writes(10) == 0
    assert session_writes(25) == 0
    assert session_writes(61) == 1
    assert _logged_in(client)


def test_the_keepalive_counts_as_activity(world: Any, time_machine: Any) -> None:
    time_machine.move_to(START, tick=False)
    client = _client(world.unit_a_user)
    time_machine.move_to(START + dt.timedelta(minutes=25), tick=False)
    assert client.post(reverse("keepalive")).status_code == 204
    time_machine.move_to(START + dt.timedelta(minutes=50), tick=False)  # 25 after the keep-alive
    assert client.get(reverse("nominations:list")).status_code == 200
    time_machine.move_to(START + dt.timedelta(minutes=81), tick=False)
    assert client.post(reverse("keepalive")).status_code == 401  # idle 31 minutes: over
    assert not _logged_in(client)
    assert Client().post(reverse("keepalive")).status_code == 401


def test_the_absolute_limit_ends_even_a_busy_session(world: Any, time_machine: Any, settings: Any) -> None:
    time_machine.move_to(START, tick=False)
    client = _client(world.unit_a_user)
    for minutes in range(20, 12 * 60, 20):
        time_machine.move_to(START + dt.timedelta(minutes=minutes), tick=False)
        assert client.post(reverse("keepalive")).status_code == 204
    time_machine.move_to(START + dt.timedelta(hours=12, minutes=1), tick=False)
    response = client.get(reverse("nominations:list"), follow=True)
    assert EXPIRED in _text(response)
    assert not _logged_in(client)
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_the_limits_reach_the_page_for_its_script(world: Any, settings: Any) -> None:
    settings.SESSION_IDLE_MINUTES = 20
    page = _text(_client(world.unit_a_user).get(reverse("nominations:list")))
    assert 'data-session-idle-seconds="1200"' in page
    assert f'data-session-keepalive-url="{reverse("keepalive")}"' in page
    assert "js/session.js" in page
    assert 'id="session-banner"' in page
    assert "<script>" not in page  # no inline script (CSP)
    assert "data-session-idle-seconds" not in _text(Client().get(reverse("login")))


# --- The sessions page -----------------------------------------------------------------------


def test_the_sessions_page_lists_both_sessions_and_signs_out_the_other(world: Any) -> None:
    here = _client(world.unit_a_user, agent="Firefox/140")
    there = _client(world.unit_a_user, agent="Chrome/139 Mobile")
    _client(world.unit_b_user)  # someone else's session is not listed
    assert there.get(reverse("nominations:list")).status_code == 200
    page = _text(here.get(reverse("sessions")))
    assert "Firefox/140" in page
    assert "Chrome/139 Mobile" in page
    assert page.count("phiên này") == 1
    assert page.count("<tr") == 3  # the head and two sessions
    assert "Đăng xuất các nơi khác" in page
    there_key = there.session.session_key

    response = here.post(reverse("sessions_end_others"), follow=True)
    assert "Đã đăng xuất 1 phiên ở các nơi khác." in _text(response)
    assert not Session.objects.filter(session_key=there_key).exists()
    assert there.get(reverse("nominations:list")).status_code == 302  # to the login page
    assert _logged_in(here)
    assert list(UserSession.objects.filter(user=world.unit_a_user).values_list("user_agent", flat=True)) == [
        "Firefox/140"
    ]
    assert UserSession.objects.filter(user=world.unit_b_user).count() == 1
    page = _text(here.get(reverse("sessions")))
    assert 'id="no-other-sessions"' in page


def test_the_header_links_the_sessions_page(world: Any) -> None:
    page = _text(_client(world.unit_a_user).get(reverse("nominations:list")))
    assert f'href="{reverse("sessions")}" id="nav-sessions"' in page


def test_logout_drops_the_row(world: Any) -> None:
    client = _client(world.unit_a_user)
    assert UserSession.objects.filter(user=world.unit_a_user).count() == 1
    client.post(reverse("logout"))
    assert not UserSession.objects.filter(user=world.unit_a_user).exists()


# --- Re-authentication before the sensitive steps --------------------------------------------


def _reauth(client: Client, user: Any, response: Any, password: str = PASSWORD) -> Any:
    """Follow a refusal to the re-authentication page and pass it; returns the answer."""
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(reverse("reauth") + "?")
    next_url = parse_qs(urlsplit(location).query)["next"][0]
    page = client.get(location)
    assert page.status_code == 200
    data = {"password": password, "next": next_url}
    if "otp_token" in page.context["form"].fields:
        data["otp_token"] = _otp_code(user)
    return client.post(reverse("reauth"), data)


@pytest.fixture
def voting(council: Any) -> Any:
    """A session open for voting through the pages (workflows' session helpers), everybody present."""
    secretariat = _client(council.world.secretariat)
    session = create_session(council, secretariat)
    record_attendance(secretariat, session, dict.fromkeys(council.members, AttendanceState.PRESENT))
    open_voting(secretariat, session, closes_at="2099-12-10T11:00")
    session.refresh_from_db()
    assert session.status == SessionStatus.VOTING
    return session


def _register_data() -> dict[str, str]:
    return {
        "number": "",
        "signed_on": "2026-12-20",
        "signer_name": "Trịnh Văn Hùng",
        "signer_capacity": SignerCapacity.CHAIRMAN,
    }


def _stale(time_machine: Any, user: Any) -> Client:
    """A client logged in 11 minutes ago (REAUTH_MINUTES is 10), active since."""
    time_machine.move_to(START, tick=False)
    client = _client(user)
    time_machine.move_to(START + dt.timedelta(minutes=11), tick=False)
    return client


def test_registering_a_decision_asks_again_after_ten_minutes(world: Any, draft: Any, time_machine: Any) -> None:
    client = _stale(time_machine, world.secretariat)
    url = reverse("workflows:decision_register", kwargs={"pk": draft.pk})
    refused = client.post(url, _register_data())
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.DRAFT
    back = _reauth(client, world.secretariat, refused)
    assert back["Location"] == reverse("decisions:decision_detail", kwargs={"pk": draft.pk})
    assert client.post(url, _register_data()).status_code == 302
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.REGISTERED


def test_revoking_a_decision_asks_again_and_comes_back_to_its_form(world: Any, draft: Any, time_machine: Any) -> None:
    time_machine.move_to(START, tick=False)
    assert (
        _client(world.secretariat)
        .post(reverse("workflows:decision_register", kwargs={"pk": draft.pk}), _register_data())
        .status_code
        == 302
    )
    client = _stale(time_machine, world.chairman)
    url = reverse("decisions:decision_revoke", kwargs={"pk": draft.pk})
    data = {"reason": "Phát hiện sai sót về đối tượng", "revoked_by_number": "25/QĐ-UBND", "revoked_by_date": ""}
    assert client.get(url).status_code == 200  # reading the form asks nothing
    back = _reauth(client, world.chairman, client.post(url, data))
    assert back["Location"] == url
    assert "Đã xác nhận lại" in _text(client.get(url))
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.REVOKED


def test_closing_a_vote_asks_again(world: Any, voting: Any, time_machine: Any) -> None:
    client = _stale(time_machine, world.secretariat)
    url = reverse("workflows:session_close", args=[voting.pk])
    back = _reauth(client, world.secretariat, client.post(url, {"reason": "Hết giờ họp"}))
    voting.refresh_from_db()
    assert voting.status == SessionStatus.VOTING
    assert back["Location"] == reverse("workflows:session_detail", args=[voting.pk])
    assert client.post(url, {"reason": "Hết giờ họp"}).status_code == 302
    voting.refresh_from_db()
    assert voting.status != SessionStatus.VOTING


def test_resetting_a_unit_password_asks_again(world: Any, time_machine: Any) -> None:
    client = _stale(time_machine, world.secretariat)
    url = reverse("councils:unit_account_reset", kwargs={"user_pk": world.unit_a_user.pk})
    before = type(world.unit_a_user).objects.get(pk=world.unit_a_user.pk).password
    back = _reauth(client, world.secretariat, client.post(url))
    assert type(world.unit_a_user).objects.get(pk=world.unit_a_user.pk).password == before
    assert back["Location"] == reverse("councils:unit_accounts")
    response = client.post(url)
    assert response.status_code == 200
    assert 'id="temporary-password"' in response.content.decode()
    assert type(world.unit_a_user).objects.get(pk=world.unit_a_user.pk).password != before


def test_changing_a_role_asks_again(world: Any, time_machine: Any) -> None:
    membership = CouncilMembership.objects.get(council=world.council, user=world.member)
    client = _stale(time_machine, world.admin)
    url = reverse("councils:member_edit", args=[membership.pk])
    data = {
        "role": CouncilRole.MEMBER,
        "position": "Trưởng Công an",
        "unit": world.unit_b.pk,
        "term_from": "2026-01-01",
    }
    back = _reauth(client, world.admin, client.post(url, data))
    membership.refresh_from_db()
    assert membership.position != "Trưởng Công an"
    assert back["Location"] == url
    assert client.post(url, data).status_code == 302
    membership.refresh_from_db()
    assert membership.position == "Trưởng Công an"
    # the re-authentication holds for REAUTH_MINUTES, then is asked again
    time_machine.move_to(START + dt.timedelta(minutes=22), tick=False)
    assert client.post(url, data)["Location"].startswith(reverse("reauth"))


@pytest.mark.parametrize("name", ["councils:member_create", "councils:member_import", "councils:child_create"])
def test_the_other_role_pages_ask_again(world: Any, time_machine: Any, name: str) -> None:
    client = _stale(time_machine, world.admin)
    url = reverse(name, args=[world.council.pk])
    assert client.get(url).status_code == 200  # reading the form asks nothing
    response = client.post(url, {})
    assert response["Location"] == f"{reverse('reauth')}?next={url.replace('/', '%2F')}"


def test_a_fresh_login_is_not_asked(world: Any, time_machine: Any) -> None:
    time_machine.move_to(START, tick=False)
    client = _client(world.secretariat)
    time_machine.move_to(START + dt.timedelta(minutes=9), tick=False)
    response = client.post(reverse("councils:unit_account_reset", kwargs={"user_pk": world.unit_a_user.pk}))
    assert response.status_code == 200


def test_a_wrong_password_is_refused_and_counts_for_the_lockout(world: Any, time_machine: Any) -> None:
    from axes.models import AccessAttempt

    client = _stale(time_machine, world.secretariat)
    url = reverse("councils:unit_account_reset", kwargs={"user_pk": world.unit_a_user.pk})
    refused = client.post(url)
    next_url = parse_qs(urlsplit(refused["Location"]).query)["next"][0]
    response = client.post(
        reverse("reauth"), {"password": "wrong-password", "otp_token": _otp_code(world.secretariat), "next": next_url}
    )
    assert response.status_code == 200
    assert "Mật khẩu không đúng." in _text(response)
    assert AccessAttempt.objects.filter(username=world.secretariat.username, failures_since_start=1).exists()
    assert client.post(url)["Location"].startswith(reverse("reauth"))  # still not re-authenticated


def test_the_code_of_a_confirmed_device_is_asked_too(world: Any, time_machine: Any) -> None:
    client = _stale(time_machine, world.secretariat)
    page = client.get(reverse("reauth"))
    assert "otp_token" in page.context["form"].fields
    wrong = f"{(int(_otp_code(world.secretariat)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("reauth"), {"password": PASSWORD, "otp_token": wrong})
    assert response.status_code == 200
    assert "Mã xác thực không đúng" in _text(response)
    assert (
        client.post(reverse("councils:unit_account_reset", kwargs={"user_pk": world.unit_a_user.pk})).status_code == 302
    )


def test_an_unsafe_next_is_not_followed(world: Any, time_machine: Any) -> None:
    client = _stale(time_machine, world.unit_a_user)
    response = client.post(reverse("reauth"), {"password": PASSWORD, "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_resetting_a_second_factor_asks_again(world: Any, time_machine: Any) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=world.unit_a_user, name="totp", confirmed=True)
    client = _stale(time_machine, world.admin)
    accounts = reverse("councils:unit_accounts")
    url = reverse("otp_reset", args=[world.unit_a_user.pk]) + "?" + urlencode({"next": accounts})
    back = _reauth(client, world.admin, client.post(url))
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert back["Location"] == accounts
    assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
