"""Thin Celery tasks: load by id, call one service, retry transient errors with backoff."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings

from notifications.services import (
    delivery_give_up,
    delivery_schedule_retry,
    delivery_send,
    delivery_sweep,
    reminders_send_due,
)


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


@shared_task(name="notifications.delivery_sweep_task")
def delivery_sweep_task() -> int:
    return len(delivery_sweep())


@shared_task(name="notifications.reminders_send_due_task")
def reminders_send_due_task() -> int:
    return reminders_send_due()
