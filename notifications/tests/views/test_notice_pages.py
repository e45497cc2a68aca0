"""The notices pages through the test client: the inbox and its header badge,
opening a notice, the channel and language choices (checked against real
dossier submissions and the mail outbox), and the secretariat's failed
deliveries with their retry."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from notifications import selectors
from notifications.models import Delivery, DeliveryStatus, Notice, Preference
from notifications.services import notice_emit
from workflows.services import dossier_review, dossier_submit

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")
PREFERENCES = reverse("notifications:preferences")
FAILED = reverse("notifications:failed")
SUBMITTED_VI = "Tiểu khu Trang Các đã gửi hồ sơ “Đề nghị khen thưởng năm”"
SUBMITTED_EN = "Tiểu khu Trang Các submitted the dossier “Đề nghị khen thưởng năm”"


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _badge(response: Any) -> int:
    """The unread count in the header (0 when the badge is not shown)."""
    match = re.search(r'id="notice-unread"[^>]*>(\d+)<', response.content.decode())
    return int(match.group(1)) if match else 0


def _notice(user: Any, key: str, url: str = "/tasks/", **extra: Any) -> Notice:
    return Notice.objects.create(
        recipient=user, event_key=key, verb="due_reminder", title=f"ZN-{key} Nhắc việc", url=url, **extra
    )


def _open(notice: Notice) -> str:
    return reverse("notifications:open", args=[notice.pk])


def _submit(make_dossier: Any, capture: Any) -> None:
    nomination = make_dossier("draft")
    with capture(execute=True):
        dossier_submit(user=nomination.created_by, nomination=nomination)


def _choices(user: Any, **changes: bool) -> dict[str, Any]:
    """The preferences form as the page shows it to ``user``, with ``changes`` (``verb__channel``) applied."""
    data: dict[str, Any] = {"language": user.language}
    for row in selectors.preferences_for_user(user):
        for channel in ("in_app", "email"):
            if getattr(row, channel):
                data[f"{row.verb}__{channel}"] = "on"
    for name, on in changes.items():
        if on:
            data[name] = "on"
        else:
            data.pop(name, None)
    return data


# --- The inbox ----------------------------------------------------------------


def test_the_list_shows_only_the_users_own_in_app_notices(client: Any, world: Any) -> None:
    mine = _notice(world.secretariat, "mine")
    hidden = _notice(world.secretariat, "hidden", in_app=False)
    theirs = _notice(world.secretariat2, "theirs")
    client.force_login(world.secretariat)

    response = client.get(LIST)

    assert response.status_code == 200
    page = _text(response)
    assert mine.title in page
    assert _open(mine) in page
    assert hidden.title not in page
    assert theirs.title not in page
    assert 'class="unread"' in page


def test_the_list_is_paginated_by_thirty(client: Any, world: Any) -> None:
    for number in range(31):
        _notice(world.unit_a_user, f"n{number:02d}")
    client.force_login(world.unit_a_user)

    first = _text(client.get(LIST))
    second = _text(client.get(LIST + "?page=2"))

    assert "ZN-n30 " in first  # newest first
    assert "ZN-n00 " not in first
    assert "ZN-n00 " in second
    assert "ZN-n30 " not in second
    assert "Trang 1/2" in first


def test_the_header_count_falls_after_open_and_read_all(client: Any, world: Any) -> None:
    first = _notice(world.secretariat, "a", url="/dossiers/")
    _notice(world.secretariat, "b")
    _notice(world.secretariat, "c")
    _notice(world.secretariat2, "other")
    client.force_login(world.secretariat)
    assert _badge(client.get(reverse("workflows:tasks"))) == 3

    response = client.get(_open(first))
    assert response.status_code == 302
    assert response["Location"] == "/dossiers/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert _badge(client.get(reverse("workflows:tasks"))) == 2

    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "Đã đánh dấu 2 thông báo là đã đọc." in _messages(response)
    assert _badge(response) == 0
    assert 'id="notice-unread"' not in response.content.decode()
    assert not Notice.objects.filter(recipient=world.secretariat, read_at__isnull=True).exists()
    # another user's notices are not touched
    assert Notice.objects.get(recipient=world.secretariat2).read_at is None


def test_the_header_has_no_badge_for_anonymous_users(client: Any, world: Any) -> None:
    response = client.get(reverse("login"))
    assert 'id="notice-link"' not in response.content.decode()


def test_opening_another_users_notice_is_404_and_leaves_it_unread(client: Any, world: Any) -> None:
    theirs = _notice(world.secretariat2, "theirs")
    client.force_login(world.secretariat)

    assert client.get(_open(theirs)).status_code == 404
    assert client.post(_open(theirs)).status_code == 405
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize(
    "url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "http:/evil.example", "javascript:alert(1)", ""],
)
def test_opening_a_notice_never_leaves_the_site(client: Any, world: Any, url: str) -> None:
    notice = _notice(world.unit_a_user, "outside", url=url)
    client.force_login(world.unit_a_user)

    response = client.get(_open(notice))

    assert response.status_code == 302
    assert response["Location"] == LIST
    notice.refresh_from_db()
    assert notice.read_at is not None


# --- Channels and language ----------------------------------------------------


def test_email_off_for_an_optional_kind_stops_its_emails_only(
    client: Any, world: Any, make_dossier: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.secretariat)
    response = client.post(PREFERENCES, _choices(world.secretariat, dossier_submitted__email=False), follow=True)
    assert "Đã lưu tuỳ chọn nhận thông báo." in _messages(response)
    assert Preference.objects.get(user=world.secretariat, verb="dossier_submitted", channel="email").enabled is False
    assert 'name="dossier_submitted__email"' in response.content.decode()

    _submit(make_dossier, django_capture_on_commit_callbacks)

    # still in the app, no email; the other secretariat user still gets both
    notice = Notice.objects.get(recipient=world.secretariat, verb="dossier_submitted")
    assert notice.in_app is True
    assert not notice.deliveries.exists()
    other = Notice.objects.get(recipient=world.secretariat2, verb="dossier_submitted")
    assert other.deliveries.get().status == DeliveryStatus.SENT
    assert [m.to for m in mail.outbox] == [[world.secretariat2.email]]


def test_in_app_off_hides_the_kind_from_the_list(
    client: Any, world: Any, make_dossier: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.secretariat)
    client.post(PREFERENCES, _choices(world.secretariat, dossier_submitted__in_app=False))

    _submit(make_dossier, django_capture_on_commit_callbacks)

    notice = Notice.objects.get(recipient=world.secretariat, verb="dossier_submitted")
    assert notice.in_app is False
    assert notice.deliveries.get().status == DeliveryStatus.SENT
    response = client.get(LIST)
    assert notice.title not in _text(response)
    assert _badge(response) == 0


def test_a_required_kind_cannot_be_turned_off_even_by_a_forged_post(
    client: Any, world: Any, make_dossier: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.unit_a_user)
    page = client.get(PREFERENCES).content.decode()
    # shown checked and disabled, with the reason
    box = re.search(r'<input[^>]*name="dossier_returned__email"[^>]*>', page)
    assert box is not None
    assert "disabled" in box.group(0)
    assert "checked" in box.group(0)
    assert "bắt buộc theo quy định" in page

    forged = _choices(world.unit_a_user, dossier_returned__email=False, dossier_returned__in_app=False)
    forged["dossier_returned__email"] = ""  # and an explicit "off"
    response = client.post(PREFERENCES, forged)
    assert response.status_code == 302
    assert not Preference.objects.filter(user=world.unit_a_user, verb="dossier_returned", enabled=False).exists()

    nomination = make_dossier("submitted")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dossier_review(user=world.secretariat, nomination=nomination, accept=False, reason="Thiếu chữ ký")

    notice = Notice.objects.get(recipient=world.unit_a_user, verb="dossier_returned")
    assert notice.in_app is True
    assert notice.deliveries.get().status == DeliveryStatus.SENT
    assert [world.unit_a_user.email] in [m.to for m in mail.outbox]


def test_english_as_notice_language_writes_the_next_notice_in_english(
    client: Any, world: Any, make_dossier: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.secretariat)
    data = _choices(world.secretariat)
    data["language"] = "en"
    assert client.post(PREFERENCES, data).status_code == 302
    world.secretariat.refresh_from_db()
    assert world.secretariat.language == "en"
    assert 'value="en" selected' in client.get(PREFERENCES).content.decode()

    _submit(make_dossier, django_capture_on_commit_callbacks)

    notice = Notice.objects.get(recipient=world.secretariat, verb="dossier_submitted")
    assert (notice.language, notice.title) == ("en", SUBMITTED_EN)
    assert Notice.objects.get(recipient=world.secretariat2, verb="dossier_submitted").title == SUBMITTED_VI
    sent = [m for m in mail.outbox if m.to == [world.secretariat.email]]
    assert [m.subject for m in sent] == [SUBMITTED_EN]


def test_an_unknown_language_is_refused(client: Any, world: Any) -> None:
    client.force_login(world.secretariat)
    data = _choices(world.secretariat)
    data["language"] = "fr"
    response = client.post(PREFERENCES, data)
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    world.secretariat.refresh_from_db()
    assert world.secretariat.language == "vi"


# --- Failed deliveries --------------------------------------------------------


def _failed(world: Any, council: Any | None = None) -> Delivery:
    """A notice whose text cannot be rendered (the event gave none of its variables): its email is FAILED."""
    recipient = world.unit_a_user if council is None else world.other_unit_user
    notice = notice_emit(
        recipients=[recipient],
        event_key=f"broken-{recipient.pk}",
        verb="dossier_submitted",
        context={},
        url="/tasks/",
        council_id=(council or world.council).pk,
    )[0]
    delivery = notice.deliveries.get()
    assert delivery.status == DeliveryStatus.FAILED
    return delivery


def test_the_secretariat_sees_a_failed_delivery_and_retries_it(
    client: Any, world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    delivery = _failed(world)
    theirs = _failed(world, world.other_council)
    client.force_login(world.secretariat)

    page = client.get(reverse("workflows:tasks")).content.decode()
    assert f'href="{FAILED}"' in page  # the nav links it
    response = client.get(FAILED)
    assert response.status_code == 200
    text = _text(response)
    assert f'id="delivery-{delivery.pk}"' in text
    assert f'id="delivery-{theirs.pk}"' not in text
    assert world.unit_a_user.get_full_name() in text
    assert "template of notice 'dossier_submitted' (vi) needs missing variables: line_count, round, title, unit" in text
    assert reverse("notifications:retry", args=[delivery.pk]) in text

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:retry", args=[delivery.pk]), follow=True)

    assert "Đã đưa thông báo vào hàng chờ gửi lại." in _messages(response)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 1
    assert delivery.sent_at is not None
    assert [(m.to, m.extra_headers["Message-ID"]) for m in mail.outbox] == [
        ([world.unit_a_user.email], delivery.message_id)
    ]
    assert f'id="delivery-{delivery.pk}"' not in _text(response)

    # a sent delivery is not sent again: a message, no mail
    response = client.post(reverse("notifications:retry", args=[delivery.pk]), follow=True)
    assert "Chỉ gửi lại được thông báo gửi lỗi hoặc chưa gửi." in _messages(response)
    assert len(mail.outbox) == 1


def test_the_other_councils_secretariat_cannot_retry(
    client: Any, world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    delivery = _failed(world)
    before = Delivery.objects.filter(pk=delivery.pk).values().get()
    client.force_login(world.other_secretariat)

    assert client.get(FAILED).status_code == 200
    assert f'id="delivery-{delivery.pk}"' not in _text(client.get(FAILED))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("notifications:retry", args=[delivery.pk]))

    assert response.status_code == 403
    assert callbacks == []
    assert Delivery.objects.filter(pk=delivery.pk).values().get() == before
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["unit_a_user", "unit_b_user", "chairman", "member"])
def test_others_get_403_on_the_failed_page(client: Any, world: Any, who: str) -> None:
    delivery = _failed(world)
    client.force_login(getattr(world, who))

    assert client.get(FAILED).status_code == 403
    assert client.post(reverse("notifications:retry", args=[delivery.pk])).status_code == 403
    assert f'href="{FAILED}"' not in client.get(reverse("workflows:tasks")).content.decode()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
