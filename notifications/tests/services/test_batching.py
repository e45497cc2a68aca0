"""The outbox's batches, run eagerly: how deliveries are cut into sending tasks,
one pass of a batch, and the retry of one delivery of a batch on its own."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from notifications import tasks
from notifications.models import Delivery, DeliveryStatus
from notifications.services import DELIVERY_BATCH_SIZE, SendOutcome, delivery_send_batch, dispatch, notice_emit
from tests import factories

pytestmark = pytest.mark.django_db
CONTEXT = {"unit": "Tiểu khu Trang Các", "title": "Đề nghị khen thưởng năm", "round": "Đợt xét", "line_count": 1}


class _Queued:
    def __init__(self) -> None:
        self.calls: list[tuple[str, list[Any], dict[str, Any]]] = []

    def recorder(self, name: str) -> Any:
        def apply_async(*, args: list[Any], **options: Any) -> None:
            self.calls.append((name, args, options))

        return apply_async


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> _Queued:
    calls = _Queued()
    monkeypatch.setattr(tasks.delivery_send_task, "apply_async", calls.recorder("one"))
    monkeypatch.setattr(tasks.delivery_send_batch_task, "apply_async", calls.recorder("batch"))
    return calls


def _emit(world: Any, count: int) -> list[Delivery]:
    users = [
        factories.UserFactory(username=f"batch{i:03d}", email=f"batch{i:03d}@thidua.example") for i in range(count)
    ]
    notices = notice_emit(
        recipients=users, event_key="batching:1", verb="dossier_submitted", context=CONTEXT, council_id=world.council.pk
    )
    return list(Delivery.objects.filter(notice__in=notices).order_by("id"))


def test_dispatch_cuts_the_deliveries_into_batches_and_sends_one_alone(queued: _Queued) -> None:
    ids = list(range(1, 2 * DELIVERY_BATCH_SIZE + 51))

    dispatch([*ids, 7])  # an id given twice is queued once
    dispatch([9])

    assert [(name, len(args[0]) if name == "batch" else args) for name, args, _options in queued.calls] == [
        ("batch", DELIVERY_BATCH_SIZE),
        ("batch", DELIVERY_BATCH_SIZE),
        ("batch", 50),
        ("one", [9]),
    ]
    assert [delivery_id for _name, args, _o in queued.calls[:3] for delivery_id in args[0]] == ids
    assert all(options == {"retry": False} for _name, _args, options in queued.calls)


def test_the_deliveries_of_a_commit_are_queued_as_one_batch(
    world: Any, queued: _Queued, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        deliveries = _emit(world, 5)

    assert queued.calls == [("batch", [[d.pk for d in deliveries]], {"retry": False})]


def test_a_batch_sends_each_pending_delivery_once_with_its_own_message_id(
    world: Any, mailoutbox: list[Any], queued: _Queued
) -> None:
    deliveries = _emit(world, 5)

    first = delivery_send_batch(delivery_ids=[d.pk for d in deliveries])
    again = delivery_send_batch(delivery_ids=[d.pk for d in deliveries])

    assert [outcome.status for outcome in first.values()] == ["sent"] * 5
    assert [outcome.status for outcome in again.values()] == ["already"] * 5
    assert [message.extra_headers["Message-ID"] for message in mailoutbox] == [d.message_id for d in deliveries]
    assert len({d.message_id for d in deliveries}) == 5
    assert set(Delivery.objects.values_list("status", "attempts")) == {(DeliveryStatus.SENT, 1)}


def test_a_delivery_of_a_batch_to_retry_is_queued_alone_with_the_backoff(world: Any, queued: _Queued) -> None:
    [delivery] = _emit(world, 1)
    queued.calls.clear()

    status = tasks._retry_alone(delivery.pk, SendOutcome("retry", "SMTPRecipientsRefused: 451", 1), eager=False)

    assert status == "retry"
    countdown = tasks.backoff(0)
    assert queued.calls == [("one", [delivery.pk], {"countdown": countdown, "retries": 1, "retry": False})]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.next_attempt_at is not None
    assert delivery.next_attempt_at > delivery.created_at  # the sweeper leaves it to the scheduled retry


def test_a_delivery_of_a_batch_past_its_last_retry_fails(world: Any, queued: _Queued) -> None:
    [delivery] = _emit(world, 1)
    queued.calls.clear()
    tries = settings.NOTICE_MAX_RETRIES + 1

    status = tasks._retry_alone(delivery.pk, SendOutcome("retry", "SMTPServerDisconnected: gone", tries), eager=False)

    assert status == "failed"
    assert queued.calls == []
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_error) == (DeliveryStatus.FAILED, "SMTPServerDisconnected: gone")
