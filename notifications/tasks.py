"""Thin Celery tasks: load by id, call one service, retry transient errors with backoff."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from celery import shared_task
from django.conf import settings

from notifications.services import (
    SendOutcome,
    delivery_give_up,
    delivery_schedule_retry,
    delivery_send,
    delivery_send_batch,
    delivery_sweep,
    reminders_send_due,
)

logger = logging.getLogger(__name__)


def backoff(retries: int) -> int:
    """30 s, 60 s, 120 s ... capped, and always shorter than the broker's visibility timeout."""
    return int(min(settings.NOTICE_RETRY_BASE_SECONDS * (2**retries), settings.NOTICE_RETRY_MAX_SECONDS))


@shared_task(bind=True, name="notifications.delivery_send_task", acks_late=True, max_retries=None)
def delivery_send_task(self: Any, delivery_id: int) -> str:
    outcome = delivery_send(delivery_id=delivery_id)
    if not outcome.should_retry:
        return outcome.status
    if self.request.retries >= settings.NOTICE_MAX_RETRIES:
        delivery_give_up(delivery_id=delivery_id, error=outcome.error)
        return "failed"
    if self.request.is_eager:
        # in the embedded default nothing waits for a retry: the sweeper picks it up
        return "retry"
    countdown = backoff(self.request.retries)
    delivery_schedule_retry(delivery_id=delivery_id, countdown=countdown)
    raise self.retry(countdown=countdown)


@shared_task(bind=True, name="notifications.delivery_send_batch_task", acks_late=True)
def delivery_send_batch_task(self: Any, delivery_ids: list[int]) -> str:
    """A batch over one SMTP session; a delivery that must be tried again goes on alone,
    as ``delivery_send_task``'s next retry, so the rest of the batch is not sent twice."""
    outcomes = delivery_send_batch(delivery_ids=delivery_ids)
    statuses: Counter[str] = Counter()
    for delivery_id, outcome in outcomes.items():
        status = _retry_alone(delivery_id, outcome, eager=bool(self.request.is_eager)) if outcome.should_retry else None
        statuses[status or outcome.status] += 1
    return ", ".join(f"{status} {count}" for status, count in sorted(statuses.items()))


def _retry_alone(delivery_id: int, outcome: SendOutcome, *, eager: bool) -> str:
    """The same policy as ``delivery_send_task``: the tries before this one count as its retries."""
    retries = max(outcome.attempts - 1, 0)
    if retries >= settings.NOTICE_MAX_RETRIES:
        delivery_give_up(delivery_id=delivery_id, error=outcome.error)
        return "failed"
    if eager:
        return "retry"
    countdown = backoff(retries)
    delivery_schedule_retry(delivery_id=delivery_id, countdown=countdown)
    try:
        delivery_send_task.apply_async(args=[delivery_id], countdown=countdown, retries=retries + 1, retry=False)
    except Exception:  # noqa: BLE001 - any broker failure: the row is pending, the sweeper sends it
        logger.warning("delivery %s: retry not queued (broker unavailable); left to the sweeper", delivery_id)
    return "retry"


@shared_task(name="notifications.delivery_sweep_task")
def delivery_sweep_task() -> int:
    return len(delivery_sweep())


@shared_task(name="notifications.reminders_send_due_task")
def reminders_send_due_task() -> int:
    return reminders_send_due()
