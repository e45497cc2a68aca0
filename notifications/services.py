"""One way to notify: ``notice_emit`` writes the outbox rows inside the caller's
transaction and queues their delivery after commit."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import Notice, NoticeStatus

logger = logging.getLogger(__name__)


def _dispatch(notice_ids: list[int]) -> None:
    from .tasks import notice_deliver_task

    for notice_id in notice_ids:
        try:
            notice_deliver_task.apply_async(args=[notice_id], retry=False)
        except Exception:  # broker down: the row stays PENDING for the sweeper
            logger.warning("notice %s not queued; left pending", notice_id, exc_info=True)


def notice_emit(
    *, recipients: Iterable[Any], event_key: str, verb: str, title: str, body: str = "", url: str = ""
) -> list[Notice]:
    """Create one notice per recipient for an event (once: the key is unique per recipient)."""
    created = []
    for recipient in {r.pk: r for r in recipients if r is not None and r.is_active}.values():
        notice, was_created = Notice.objects.get_or_create(
            event_key=event_key, recipient=recipient, defaults={"verb": verb, "title": title, "body": body, "url": url}
        )
        if was_created:
            created.append(notice)
    ids = [notice.pk for notice in created]
    if ids:
        transaction.on_commit(lambda: _dispatch(ids), robust=True)
    return created


@transaction.atomic
def notice_deliver(*, notice_id: int) -> Notice | None:
    """Deliver one notice in-app; a second delivery of the same notice does nothing."""
    notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
    if notice is None or notice.status == NoticeStatus.SENT:
        return notice
    notice.attempts += 1
    notice.status = NoticeStatus.SENT
    notice.sent_at = timezone.now()
    notice.save(update_fields=["attempts", "status", "sent_at"])
    return notice


def notice_mark_read(*, notice: Notice) -> None:
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
