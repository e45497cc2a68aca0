"""The outbox's edge cases, run eagerly: a recipient without an address, a
text that needs a value the event did not give, a deactivated recipient, an
event emitted twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nominations.models import NominationStatus, Transition, TransitionAction
from notifications import rendering
from notifications.models import Delivery, DeliveryStatus, Notice
from notifications.services import notice_emit
from workflows import services as ws

pytestmark = pytest.mark.django_db
CONTEXT = {"unit": "Tiểu khu Trang Các", "title": "Đề nghị khen thưởng năm", "round": "Đợt xét", "line_count": 1}


def _emit(world: Any, recipients: list[Any], key: str = "edge:1") -> list[Notice]:
    return notice_emit(
        recipients=recipients,
        event_key=key,
        verb="dossier_submitted",
        context=CONTEXT,
        url="/dossiers/1/",
        council_id=world.council.pk,
    )


def test_a_recipient_without_email_gets_the_notice_in_app_and_no_email(
    world: Any, make_dossier: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    world.secretariat2.email = ""
    world.secretariat2.save(update_fields=["email"])
    nomination = make_dossier("draft")

    with django_capture_on_commit_callbacks(execute=True):
        ws.dossier_submit(user=world.unit_a_user, nomination=nomination)

    notice = Notice.objects.get(recipient=world.secretariat2, verb="dossier_submitted")
    assert notice.in_app
    assert nomination.title in notice.title
    skipped = Delivery.objects.get(notice=notice)
    assert skipped.status == DeliveryStatus.SKIPPED
    assert skipped.last_error == "Người nhận chưa có địa chỉ thư điện tử."
    assert skipped.attempts == 0
    # the other secretariat user's email went out
    assert [message.to for message in mailoutbox] == [[world.secretariat.email]]


def test_a_text_missing_a_variable_fails_the_email_not_the_transition(
    world: Any,
    make_dossier: Any,
    settings: Any,
    tmp_path: Path,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    texts = tmp_path / "templates" / "notifications" / "vi"
    texts.mkdir(parents=True)
    (texts / "dossier_submitted.txt").write_text("{{ unit }} đã gửi hồ sơ\nHạn thẩm định: {{ review_deadline }}\n")
    settings.BASE_DIR = tmp_path
    rendering._engine.cache_clear()
    nomination = make_dossier("draft")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ws.dossier_submit(user=world.unit_a_user, nomination=nomination)
    finally:
        rendering._engine.cache_clear()

    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert Transition.objects.filter(nomination=nomination, action=TransitionAction.SUBMITTED).exists()
    deliveries = list(Delivery.objects.select_related("notice"))
    assert len(deliveries) == 2
    for delivery in deliveries:
        assert delivery.status == DeliveryStatus.FAILED
        assert "review_deadline" in delivery.last_error, delivery.last_error
        assert delivery.notice.title == "Bạn có thông báo mới"  # the in-app notice still says something
    assert mailoutbox == []


def test_a_deactivated_user_gets_no_notice(world: Any, mailoutbox: list[Any]) -> None:
    world.secretariat2.is_active = False
    world.secretariat2.save(update_fields=["is_active"])

    notices = _emit(world, [world.secretariat, world.secretariat2])

    assert [notice.recipient for notice in notices] == [world.secretariat]
    assert not Notice.objects.filter(recipient=world.secretariat2).exists()


def test_a_user_deactivated_between_emit_and_send_is_skipped(
    world: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [notice] = _emit(world, [world.secretariat])
    world.secretariat.is_active = False
    world.secretariat.save(update_fields=["is_active"])

    for callback in callbacks:
        callback()  # the commit's dispatch; the eager task sends now

    delivery = Delivery.objects.get(notice=notice)
    assert delivery.status == DeliveryStatus.SKIPPED
    assert delivery.last_error == "Tài khoản người nhận đã bị khoá."
    assert mailoutbox == []


def test_the_same_event_emitted_twice_makes_one_notice_and_one_email_per_recipient(
    world: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    recipients = [world.secretariat, world.secretariat2]
    with django_capture_on_commit_callbacks(execute=True):
        first = _emit(world, recipients)
    with django_capture_on_commit_callbacks(execute=True):
        second = _emit(world, recipients)

    assert len(first) == 2
    assert second == []
    assert Notice.objects.filter(event_key="edge:1").count() == 2
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 2
    assert sorted(message.extra_headers["Message-ID"] for message in mailoutbox) == sorted(
        Delivery.objects.values_list("message_id", flat=True)
    )
