"""One way to notify, and the outbox that delivers.

``notice_emit`` writes the notices (in-app, exactly once per event and
recipient) and their email outbox rows inside the caller's transaction and
queues the sending after commit, with a short publish timeout: a broker that is
down never blocks a web request, the rows stay pending and the sweeper sends
them when it is back.  ``delivery_send`` is idempotent: a delivery already sent
(or being sent by another worker) is not sent again; an email carries a
Message-ID derived from its delivery, so the one resend that can happen (a
worker that died after the mail server accepted, before the commit) is
recognisable as the same message."""

from __future__ import annotations

import logging
import smtplib
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .catalog import kind_for
from .models import Channel, Delivery, DeliveryStatus, Notice, Preference
from .rendering import NoticeTemplateError, render_notice

logger = logging.getLogger(__name__)

# Errors worth another try: the mail server or the network is away for a while.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    socket.timeout,
    TimeoutError,
    ConnectionError,
)


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    return isinstance(exc, TRANSIENT_ERRORS) or (
        isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPException)
    )


def message_id_for(notice: Notice, channel: str) -> str:
    return f"<notice-{notice.pk}.{channel}@{settings.NOTICE_MESSAGE_ID_DOMAIN}>"


def _wants(user: Any, verb: str, channel: str, preferences: dict[tuple[str, str], bool]) -> bool:
    if kind_for(verb).required:
        return True
    return preferences.get((verb, channel), True)


def dispatch(delivery_ids: list[int]) -> None:
    """Queue the sending of deliveries; a broker that is down leaves them pending."""
    from .tasks import delivery_send_task

    for delivery_id in delivery_ids:
        try:
            delivery_send_task.apply_async(args=[delivery_id], retry=False)
        except Exception:  # noqa: BLE001 - any broker failure: the sweeper re-dispatches later
            logger.warning("delivery %s not queued (broker unavailable); left pending", delivery_id, exc_info=True)


def notice_emit(
    *,
    recipients: Iterable[Any],
    event_key: str,
    verb: str,
    context: dict[str, Any],
    url: str = "",
    council_id: int | None = None,
) -> list[Notice]:
    """Tell each recipient about an event, once; call it inside the event's transaction."""
    users = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not users:
        return []
    preferences = {
        (user_id, pref_verb, channel): enabled
        for user_id, pref_verb, channel, enabled in Preference.objects.filter(user_id__in=users, verb=verb).values_list(
            "user_id", "verb", "channel", "enabled"
        )
    }
    existing = set(
        Notice.objects.filter(event_key=event_key, recipient_id__in=users).values_list("recipient_id", flat=True)
    )
    created: list[Notice] = []
    queued: list[int] = []
    for user in users.values():
        if user.pk in existing:
            continue
        mine = {(v, c): e for (uid, v, c), e in preferences.items() if uid == user.pk}
        language = getattr(user, "language", "") or settings.LANGUAGE_CODE
        template_error = ""
        try:
            title, body = render_notice(verb=verb, language=language, context=context)
        except NoticeTemplateError as exc:
            template_error = str(exc)
            logger.error("notice %s for %s: %s", verb, user.pk, exc)
            title, body = _("Bạn có thông báo mới"), ""
        notice = Notice.objects.create(
            recipient=user,
            council_id=council_id,
            event_key=event_key,
            verb=verb,
            language=language,
            title=title,
            body=body,
            url=url,
            context=context,
            in_app=_wants(user, verb, Channel.IN_APP, mine),
        )
        created.append(notice)
        if not _wants(user, verb, Channel.EMAIL, mine):
            continue
        delivery = Delivery(notice=notice, channel=Channel.EMAIL, message_id=message_id_for(notice, Channel.EMAIL))
        if template_error:
            delivery.status, delivery.last_error = DeliveryStatus.FAILED, template_error
        elif not (user.email or "").strip():
            delivery.status, delivery.last_error = DeliveryStatus.SKIPPED, _("Người nhận chưa có địa chỉ thư điện tử.")
        else:
            delivery.next_attempt_at = timezone.now()
        delivery.save()
        if delivery.status == DeliveryStatus.PENDING:
            queued.append(delivery.pk)
    if queued:
        transaction.on_commit(lambda: dispatch(queued), robust=True)
    return created


@dataclass(frozen=True)
class SendOutcome:
    status: str  # sent / already / busy / skipped / retry / failed
    error: str = ""

    @property
    def should_retry(self) -> bool:
        return self.status == "retry"


def _send_email(delivery: Delivery) -> None:
    notice = delivery.notice
    message = EmailMessage(
        subject=notice.title,
        body=f"{notice.body}\n\n{settings.SITE_URL.rstrip('/')}{notice.url}" if notice.url else notice.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notice.recipient.email],
        headers={"Message-ID": delivery.message_id, "X-Thidua-Notice": str(notice.pk)},
        connection=get_connection(timeout=settings.EMAIL_TIMEOUT),
    )
    message.send(fail_silently=False)


def delivery_send(*, delivery_id: int) -> SendOutcome:
    """Send one delivery if it is still pending; safe to call twice, or from two workers at once."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notice", "notice__recipient")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            exists = Delivery.objects.filter(pk=delivery_id).exists()
            return SendOutcome("busy" if exists else "already")
        if delivery.status != DeliveryStatus.PENDING:
            return SendOutcome("already")
        recipient = delivery.notice.recipient
        if not recipient.is_active:
            return _finish(delivery, DeliveryStatus.SKIPPED, _("Tài khoản người nhận đã bị khoá."))
        if not (recipient.email or "").strip():
            return _finish(delivery, DeliveryStatus.SKIPPED, _("Người nhận chưa có địa chỉ thư điện tử."))
        delivery.attempts += 1
        try:
            _send_email(delivery)
        except Exception as exc:  # noqa: BLE001 - classified below, recorded on the row
            error = f"{type(exc).__name__}: {exc}"[:2000]
            if _is_transient(exc):
                delivery.last_error = error
                delivery.save(update_fields=["attempts", "last_error"])
                return SendOutcome("retry", error)
            return _finish(delivery, DeliveryStatus.FAILED, error)
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = timezone.now()
        delivery.last_error = ""
        delivery.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return SendOutcome("sent")


def _finish(delivery: Delivery, status: str, error: str) -> SendOutcome:
    delivery.status = status
    delivery.last_error = error
    delivery.save(update_fields=["attempts", "status", "last_error"])
    return SendOutcome(status, error)


def delivery_schedule_retry(*, delivery_id: int, countdown: float) -> None:
    """Note when the next try is due, so the sweeper leaves a scheduled retry alone."""
    Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(
        next_attempt_at=timezone.now() + timedelta(seconds=countdown)
    )


def delivery_give_up(*, delivery_id: int, error: str) -> None:
    """After the last retry: FAILED with the error, for the secretariat to see and retry."""
    Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED, last_error=error[:2000]
    )


def delivery_sweep(*, older_than: timedelta | None = None, limit: int = 500) -> list[int]:
    """Re-dispatch deliveries still pending well after they were due (broker down, worker died)."""
    older_than = older_than or timedelta(seconds=settings.NOTICE_SWEEP_AFTER_SECONDS)
    due = timezone.now() - older_than
    ids = list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=due)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    if ids:
        Delivery.objects.filter(pk__in=ids).update(next_attempt_at=timezone.now())
        dispatch(ids)
    return ids


@transaction.atomic
def delivery_retry(*, delivery: Delivery, actor: Any) -> Delivery:
    """The secretariat sends a failed delivery again."""
    from nominations.models import CouncilRole
    from nominations.selectors import roles_for

    delivery = Delivery.objects.select_for_update().select_related("notice").get(pk=delivery.pk)
    if delivery.notice.council_id is None or not roles_for(actor).has(
        delivery.notice.council_id, CouncilRole.SECRETARIAT, CouncilRole.ADMIN
    ):
        raise PermissionError(_("Bạn không quản lý thông báo của hội đồng này."))
    if delivery.status not in (DeliveryStatus.FAILED, DeliveryStatus.SKIPPED):
        raise ValidationError(_("Chỉ gửi lại được thông báo gửi lỗi hoặc chưa gửi."))
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = timezone.now()
    delivery.attempts = 0
    delivery.save(update_fields=["status", "next_attempt_at", "attempts"])
    transaction.on_commit(lambda: dispatch([delivery.pk]), robust=True)
    return delivery


def notice_mark_read(*, user: Any, notice_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notices read (all of them when no ids are given); returns how many."""
    qs: QuerySet[Notice] = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notice_ids is not None:
        qs = qs.filter(pk__in=list(notice_ids))
    return qs.update(read_at=timezone.now())


@transaction.atomic
def preferences_set(*, user: Any, choices: dict[tuple[str, str], bool]) -> None:
    """Store a user's channel choices; required notices stay on whatever is asked."""
    for (verb, channel), enabled in choices.items():
        if channel not in Channel.values:
            raise ValidationError(_("Kênh thông báo không hợp lệ."))
        if kind_for(verb).required:
            enabled = True
        Preference.objects.update_or_create(user=user, verb=verb, channel=channel, defaults={"enabled": enabled})
