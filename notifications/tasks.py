from celery import shared_task

from .services import notice_deliver


@shared_task(name="notifications.notice_deliver_task", acks_late=True)
def notice_deliver_task(notice_id: int) -> None:
    notice_deliver(notice_id=notice_id)
