"""One delivery against a real worker: queued twice it is sent once; a mail
server that refuses fails it at once; one that is temporarily away is retried
with backoff, then the delivery fails and the secretariat can send it again."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.db import transaction

from notifications.models import Delivery, DeliveryStatus
from notifications.services import delivery_retry, notice_emit
from notifications.tasks import delivery_send_task
from notifications.tests.faults.conftest import Stack
from notifications.tests.faults.harness import wait_until

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

MAX_RETRIES = 2  # NOTICE_MAX_RETRIES of the worker (harness.worker_env)
CONTEXT = {"unit": "Tiểu khu Trang Các", "title": "Đề nghị khen thưởng năm", "round": "Đợt xét", "line_count": 1}


def _emit_one(world: Any, key: str = "fault-test:1") -> Delivery:
    with transaction.atomic():
        [notice] = notice_emit(
            recipients=[world.secretariat],
            event_key=key,
            verb="dossier_submitted",
            context=CONTEXT,
            url="/dossiers/1/",
            council_id=world.council.pk,
        )
    return Delivery.objects.get(notice=notice)


def _status_is(delivery: Delivery, status: str) -> Any:
    return lambda: Delivery.objects.filter(pk=delivery.pk, status=status).exists()


def _results(log: str) -> list[str]:
    return re.findall(r"notifications\.delivery_send_task\[[^\]]+\] succeeded in [\d.]+s: '(\w+)'", log)


def test_the_same_task_delivered_twice_sends_one_email(world: Any, stack: Stack) -> None:
    worker = stack.worker("-c", "2")
    # the first send holds the row while the second task runs (1 s: less than the worker's EMAIL_TIMEOUT)
    stack.mail.delay_next(1)

    delivery = _emit_one(world)  # queued once after commit
    delivery_send_task.apply_async(args=[delivery.pk])  # and once more, as a redelivery would
    wait_until(lambda: len(_results(worker.log())) == 2, timeout=20, what=stack.report)
    delivery_send_task.apply_async(args=[delivery.pk])  # and again after it was sent
    wait_until(lambda: len(_results(worker.log())) == 3, timeout=20, what=stack.report)

    assert sorted(_results(worker.log())) == ["already", "busy", "sent"], stack.report()
    assert stack.mail.message_ids() == [delivery.message_id]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)


def test_a_refusing_mail_server_fails_the_delivery_without_retry(world: Any, stack: Stack) -> None:
    stack.mail.mode = "refuse"
    stack.worker()

    delivery = _emit_one(world)
    wait_until(_status_is(delivery, DeliveryStatus.FAILED), timeout=20, what=stack.report)
    time.sleep(2.5)  # longer than the first backoff: a retry would have come

    delivery.refresh_from_db()
    assert delivery.attempts == 1, stack.report()
    assert "550" in delivery.last_error
    assert "mailbox unavailable" in delivery.last_error
    assert len(stack.mail.attempts) == 1
    assert stack.mail.message_ids() == []


@pytest.mark.parametrize(
    ("mode", "error"),
    [
        ("tempfail", "451"),
        ("drop", "SMTPServerDisconnected"),
        ("stall", "timed out"),
    ],
)
def test_a_mail_server_away_is_retried_with_backoff_then_failed_then_sent_on_request(
    world: Any, stack: Stack, mode: str, error: str
) -> None:
    stack.mail.mode = mode
    stack.mail.stall_seconds = 4  # longer than the worker's EMAIL_TIMEOUT (2 s)
    stack.worker()

    delivery = _emit_one(world)
    wait_until(_status_is(delivery, DeliveryStatus.FAILED), timeout=40, what=stack.report)

    delivery.refresh_from_db()
    assert delivery.attempts == MAX_RETRIES + 1, stack.report()
    assert error in delivery.last_error, delivery.last_error
    times = stack.mail.attempt_times()
    assert len(times) == MAX_RETRIES + 1, stack.report()
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    # backoff 1 s then 2 s (NOTICE_RETRY_BASE_SECONDS=1, capped at 2), counted from the end of the failed try
    assert gaps[0] >= 0.9, gaps
    assert gaps[1] >= 1.9, gaps
    assert stack.mail.message_ids() == []

    stack.mail.mode = "accept"
    delivery_retry(delivery=delivery, actor=world.secretariat)
    wait_until(_status_is(delivery, DeliveryStatus.SENT), timeout=20, what=stack.report)
    assert stack.mail.message_ids() == [delivery.message_id]
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_error) == (1, "")
