"""Deliveries in batches against a real worker and a real SMTP server: the
notices of one commit go over one SMTP connection, each with its own Message-ID;
a message the server refuses is retried (or failed) alone while the others are
marked sent, and it keeps its Message-ID across the retry."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from notifications.models import Delivery, DeliveryStatus
from notifications.services import DELIVERY_BATCH_SIZE, message_id_for, notice_emit
from notifications.tests.faults.conftest import Stack
from notifications.tests.faults.harness import wait_until
from tests import factories

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

CONTEXT = {"unit": "Tiểu khu Trang Các", "title": "Đề nghị khen thưởng năm", "round": "Đợt xét", "line_count": 1}


def _emit(world: Any, count: int, key: str = "batch-test:1") -> list[Delivery]:
    """One event to ``count`` new users, committed at once (so queued as one batch)."""
    users = [
        factories.UserFactory(username=f"batch{i:03d}", email=f"batch{i:03d}@thidua.example") for i in range(count)
    ]
    with transaction.atomic():
        notices = notice_emit(
            recipients=users,
            event_key=key,
            verb="dossier_submitted",
            context=CONTEXT,
            url="/dossiers/1/",
            council_id=world.council.pk,
        )
    assert len(notices) == count
    return list(Delivery.objects.filter(notice__in=notices).select_related("notice__recipient").order_by("id"))


def _settled() -> bool:
    return not Delivery.objects.filter(status=DeliveryStatus.PENDING).exists()


def test_the_deliveries_of_one_commit_go_over_one_smtp_connection(world: Any, stack: Stack) -> None:
    count = 30
    stack.worker("-c", "2")

    deliveries = _emit(world, count)
    wait_until(_settled, timeout=30, what=stack.report)

    assert set(Delivery.objects.values_list("status", "attempts")) == {(DeliveryStatus.SENT, 1)}, stack.report()
    received = stack.mail.accepted()
    assert sorted(item.message_id for item in received) == sorted(d.message_id for d in deliveries)
    assert len({item.message_id for item in received}) == count  # each its own Message-ID, each once
    assert stack.mail.connections == 1, stack.report()
    assert {item.connection for item in received} == {1}
    # each message to its own recipient, under the Message-ID derived from its notice
    assert {item.message_id: item.to for item in received} == {
        d.message_id: (d.notice.recipient.email,) for d in deliveries
    }
    assert {d.message_id for d in deliveries} == {message_id_for(d.notice, "email") for d in deliveries}


def test_more_than_a_batch_is_split_into_batches_of_one_connection_each(world: Any, stack: Stack) -> None:
    count = DELIVERY_BATCH_SIZE + 20
    stack.worker("-c", "1")

    deliveries = _emit(world, count)
    wait_until(_settled, timeout=60, what=stack.report)

    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}, stack.report()
    copies = stack.mail.copies()
    assert sorted(copies) == sorted(d.message_id for d in deliveries)
    assert set(copies.values()) == {1}
    assert stack.mail.connections == 2, stack.report()
    per_connection = sorted(sum(1 for item in stack.mail.accepted() if item.connection == number) for number in (1, 2))
    assert per_connection == [20, DELIVERY_BATCH_SIZE]


def test_a_refused_message_is_retried_alone_and_the_others_are_sent(world: Any, stack: Stack) -> None:
    stack.worker("-c", "2")
    busy, data_refused, unknown = "batch002@thidua.example", "batch005@thidua.example", "batch007@thidua.example"
    stack.mail.rcpt_replies[busy] = ["451 4.2.1 Mailbox busy, try again later"]
    stack.mail.data_replies[data_refused] = ["451 4.3.0 Message not accepted now, try again later"]
    stack.mail.rcpt_replies[unknown] = ["550 5.1.1 Mailbox unavailable"]

    deliveries = _emit(world, 10)
    message_ids = {d.notice.recipient.email: d.message_id for d in deliveries}
    wait_until(_settled, timeout=40, what=stack.report)

    rows = {d.notice.recipient.email: d for d in Delivery.objects.select_related("notice__recipient")}
    # the permanent refusal fails that delivery, at once and alone
    assert (rows[unknown].status, rows[unknown].attempts) == (DeliveryStatus.FAILED, 1), stack.report()
    assert "550" in rows[unknown].last_error
    # the two temporary refusals were tried again, once each, and then sent
    for address in (busy, data_refused):
        assert (rows[address].status, rows[address].attempts, rows[address].last_error) == (
            DeliveryStatus.SENT,
            2,
            "",
        ), stack.report()
    others = set(rows) - {busy, data_refused, unknown}
    assert len(others) == 7
    assert {(rows[a].status, rows[a].attempts) for a in others} == {(DeliveryStatus.SENT, 1)}, stack.report()

    accepted = stack.mail.accepted()
    copies = stack.mail.copies()
    assert sorted(copies) == sorted(message_ids[a] for a in (*others, busy, data_refused)), stack.report()
    assert set(copies.values()) == {1}, f"a message was sent twice: {copies}"
    # the others went over the batch's one connection; each retry came later over a connection of its own
    batch_connection = {item.connection for item in accepted if item.to[0] in others}
    assert len(batch_connection) == 1, stack.report()
    retried = {item.to[0]: item for item in accepted if item.to[0] in (busy, data_refused)}
    assert retried[busy].connection not in batch_connection
    assert retried[data_refused].connection not in batch_connection
    assert retried[busy].connection != retried[data_refused].connection
    assert stack.mail.connections == 3, stack.report()
    # the server saw the DATA-refused message twice, under the same Message-ID both times
    [refused] = stack.mail.refused()
    assert refused.message_id == retried[data_refused].message_id == message_ids[data_refused]
    assert retried[data_refused].at - refused.at >= 0.9  # the backoff (NOTICE_RETRY_BASE_SECONDS=1)
    assert retried[busy].message_id == message_ids[busy]
    assert len(set(message_ids.values())) == 10


def test_a_server_that_drops_every_session_fails_the_batch_fast_and_each_delivery_retries(
    world: Any, stack: Stack
) -> None:
    stack.mail.mode = "drop"
    stack.worker("-c", "1")

    deliveries = _emit(world, 20)
    # every delivery tried once (attempts 1, retries scheduled 1 s later) ...
    wait_until(lambda: Delivery.objects.filter(attempts=1).count() == 20, timeout=20, what=stack.report, step=0.05)
    # ... and the server saw two sessions of the batch: the rest failed without a try of its own
    assert len(stack.mail.attempts) == 2, stack.report()
    assert stack.mail.connections == 2, stack.report()
    assert "SMTPServerDisconnected" in Delivery.objects.filter(attempts=1).values_list("last_error", flat=True)[0]
    stack.mail.mode = "accept"
    wait_until(_settled, timeout=40, what=stack.report)
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}, stack.report()
    copies = stack.mail.copies()
    assert sorted(copies) == sorted(d.message_id for d in deliveries)
    assert set(copies.values()) == {1}
