"""Redis or a worker dies while dossiers are submitted: no submission waits on
it, and once things are back every notice reaches the mail server — the
sweeper on beat re-dispatches what is pending, the broker hands a dead
worker's task to the next one after its visibility timeout."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count

from nominations.models import Nomination, NominationStatus
from notifications.models import Delivery, DeliveryStatus, Notice
from notifications.tests.faults.conftest import Stack
from notifications.tests.faults.harness import wait_until
from workflows import services as ws

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _submit(world: Any, nominations: list[Nomination]) -> list[float]:
    """Submit each dossier in its own transaction (as a request would); returns the seconds each took."""
    durations = []
    for nomination in nominations:
        started = time.monotonic()
        with transaction.atomic():
            ws.dossier_submit(user=world.unit_a_user, nomination=nomination)
        durations.append(time.monotonic() - started)
    return durations


def _settled() -> bool:
    return not Delivery.objects.filter(status=DeliveryStatus.PENDING).exists()


def test_submissions_while_redis_is_down_are_delivered_once_it_is_back(
    world: Any, make_dossier: Any, stack: Stack
) -> None:
    stack.worker("-c", "2", "-B")  # -B: beat runs the sweeper every second
    drafts = [make_dossier("draft") for _ in range(10)]

    stack.redis.stop()
    durations = _submit(world, drafts)

    assert max(durations) < 3, f"a submission waited on the dead broker: {durations}"
    assert set(Nomination.objects.filter(pk__in=[n.pk for n in drafts]).values_list("status", flat=True)) == {
        NominationStatus.SUBMITTED
    }
    deliveries = list(Delivery.objects.filter(notice__verb="dossier_submitted"))
    assert len(deliveries) == 20  # two secretariat users, ten dossiers
    assert {(d.status, d.attempts) for d in deliveries} == {(DeliveryStatus.PENDING, 0)}
    time.sleep(1)
    assert stack.mail.message_ids() == []

    stack.redis.start()
    wait_until(_settled, timeout=60, what=stack.report)

    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}, stack.report()
    copies = stack.mail.copies()
    assert sorted(copies) == sorted(d.message_id for d in deliveries), stack.report()
    assert set(copies.values()) == {1}, f"a message was sent twice: {copies}"


def test_a_worker_killed_while_sending_loses_nothing(world: Any, make_dossier: Any, stack: Stack) -> None:
    # one worker process: exactly one message can be between the server's "accepted" and the
    # commit when the worker dies (with two, each process can have one there)
    worker = stack.worker("-c", "1", "-B")
    drafts = [make_dossier("draft") for _ in range(5)]
    # the server has the first message but holds its answer (less than the worker's EMAIL_TIMEOUT)
    stack.mail.delay_next(1.5)

    _submit(world, drafts)
    assert stack.mail.in_flight.wait(timeout=20), "no message reached the mail server\n" + stack.report()
    worker.kill()
    in_flight = stack.mail.held
    # the worker died before it heard the server's answer: the row says "not sent yet"
    assert Delivery.objects.get(message_id=in_flight).status == DeliveryStatus.PENDING

    worker.start()
    wait_until(_settled, timeout=60, what=stack.report)

    assert Notice.objects.count() == 10
    assert not Notice.objects.values("event_key", "recipient").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}, stack.report()
    copies = stack.mail.copies()
    assert sorted(copies) == sorted(Delivery.objects.values_list("message_id", flat=True)), stack.report()
    # the one in flight is the one resend there can be, recognisable by its Message-ID
    assert {mid: n for mid, n in copies.items() if n > 1} == {in_flight: 2}, stack.report()
