"""One way to notify, and the outbox that delivers.

``notice_emit`` writes the notices (in-app, exactly once per event and
recipient) and their email outbox rows inside the caller's transaction and
queues the sending after commit, with a short publish timeout: a broker that is
down never blocks a web request, the rows stay pending and the sweeper sends
them when it is back.  The deliveries of a call go out in batches
(``delivery_send_batch``: one task, one SMTP session, a transaction per
message).  Sending is idempotent: a delivery already sent (or being sent by
another worker) is not sent again; an email carries a Message-ID derived from
its delivery, so the one resend that can happen (a worker that died after the
mail server accepted, before the commit) is recognisable as the same message."""

from __future__ import annotations

import contextlib
import logging
import smtplib
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from councils import access
from councils.access import Capability
from councils.services import user_set_language
from notifications import locks
from notifications.catalog import KINDS, kind_for
from notifications.models import Channel, Delivery, DeliveryStatus, Notice, Preference, Reminder
from notifications.rendering import NoticeTemplateError, render_notice

logger = logging.getLogger(__name__)

# Deliveries per sending task (one SMTP session); 200 notices of one commit make two tasks.
DELIVERY_BATCH_SIZE = 100

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
    """Queue the sending of deliveries; a broker that is down leaves them pending.

    Deliveries go in batches of up to ``DELIVERY_BATCH_SIZE``, each batch one task
    that sends over one SMTP session; a delivery alone goes to the per-delivery
    task.  The first failure ends the loop: each further try would wait for the
    broker's connection timeout again (seconds per batch in a web request, or in
    the sweeper's run), and the rest stay pending for the sweeper anyway."""
    from notifications.tasks import delivery_send_batch_task, delivery_send_task

    ids = list(dict.fromkeys(delivery_ids))
    batches = [ids[start : start + DELIVERY_BATCH_SIZE] for start in range(0, len(ids), DELIVERY_BATCH_SIZE)]
    for index, batch in enumerate(batches):
        try:
            if len(batch) == 1:
                delivery_send_task.apply_async(args=[batch[0]], retry=False)
            else:
                delivery_send_batch_task.apply_async(args=[batch], retry=False)
        except Exception:  # noqa: BLE001 - any broker failure: the sweeper re-dispatches later
            logger.warning(
                "deliveries %s not queued (broker unavailable); left pending for the sweeper",
                [delivery_id for rest in batches[index:] for delivery_id in rest],
                exc_info=True,
            )
            return


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
    return notices_emit(verb=verb, council_id=council_id, events=[NoticeEvent(recipients, event_key, context, url)])


@dataclass(frozen=True)
class NoticeEvent:
    """One event of a ``notices_emit`` call: who is told, its key (once per key and
    recipient), the context its text is rendered with, and the link it opens."""

    recipients: Iterable[Any]
    event_key: str
    context: dict[str, Any]
    url: str = ""


def notices_emit(*, verb: str, council_id: int | None, events: Iterable[NoticeEvent]) -> list[Notice]:
    """Tell the recipients of several events of one kind at once (a decision's result to each
    of its units): the same rules as ``notice_emit``, in the same number of queries for one
    event or a hundred (preferences, notices already there, one INSERT per table) and one
    dispatch after commit.  Call it inside the events' transaction."""
    todo = [
        (event, {user.pk: user for user in event.recipients if user is not None and user.is_active}) for event in events
    ]
    todo = [(event, users) for event, users in todo if users]
    if not todo:
        return []
    everyone = {pk for _event, users in todo for pk in users}
    wishes: dict[int, dict[tuple[str, str], bool]] = {pk: {} for pk in everyone}
    for user_id, pref_verb, channel, enabled in Preference.objects.filter(user_id__in=everyone, verb=verb).values_list(
        "user_id", "verb", "channel", "enabled"
    ):
        wishes[user_id][(pref_verb, channel)] = enabled
    existing = set(
        Notice.objects.filter(
            event_key__in={event.event_key for event, _users in todo}, recipient_id__in=everyone
        ).values_list("event_key", "recipient_id")
    )
    made: list[tuple[Notice, str]] = []  # each notice and why its text could not be made ("" when it could)
    for event, users in todo:
        # one text per event and language (the context is the event's)
        texts: dict[str, tuple[str, str, str]] = {}
        for user in users.values():
            if (event.event_key, user.pk) in existing:
                continue
            existing.add((event.event_key, user.pk))  # the same key twice in one call: told once
            language = getattr(user, "language", "") or settings.LANGUAGE_CODE
            if language not in texts:
                try:
                    texts[language] = (*render_notice(verb=verb, language=language, context=event.context), "")
                except NoticeTemplateError as exc:
                    logger.error("notice %s (%s): %s", verb, language, exc)
                    texts[language] = (_("Bạn có thông báo mới"), "", str(exc))
            title, body, error = texts[language]
            notice = Notice(
                recipient=user,
                council_id=council_id,
                event_key=event.event_key,
                verb=verb,
                language=language,
                title=title,
                body=body,
                url=event.url,
                context=event.context,
                in_app=_wants(user, verb, Channel.IN_APP, wishes[user.pk]),
            )
            made.append((notice, error))
    created = Notice.objects.bulk_create([notice for notice, _error in made])
    deliveries: list[Delivery] = []
    for notice, template_error in made:
        user = notice.recipient
        if not _wants(user, verb, Channel.EMAIL, wishes[user.pk]):
            continue
        delivery = Delivery(notice=notice, channel=Channel.EMAIL, message_id=message_id_for(notice, Channel.EMAIL))
        if template_error:
            delivery.status, delivery.last_error = DeliveryStatus.FAILED, template_error
        elif not (user.email or "").strip():
            delivery.status, delivery.last_error = DeliveryStatus.SKIPPED, _("Người nhận chưa có địa chỉ thư điện tử.")
        else:
            delivery.next_attempt_at = timezone.now()
        deliveries.append(delivery)
    Delivery.objects.bulk_create(deliveries)
    queued = [delivery.pk for delivery in deliveries if delivery.status == DeliveryStatus.PENDING]
    if queued:
        transaction.on_commit(lambda: dispatch(queued), robust=True)
    return created


@dataclass(frozen=True)
class SendOutcome:
    status: str  # sent / already / busy / skipped / retry / failed
    error: str = ""
    attempts: int = 0  # the delivery's tries so far, this one included

    @property
    def should_retry(self) -> bool:
        return self.status == "retry"


def _email_for(delivery: Delivery, mail: BaseEmailBackend) -> EmailMessage:
    notice = delivery.notice
    return EmailMessage(
        subject=notice.title,
        body=f"{notice.body}\n\n{settings.SITE_URL.rstrip('/')}{notice.url}" if notice.url else notice.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notice.recipient.email],
        headers={"Message-ID": delivery.message_id, "X-Thidua-Notice": str(notice.pk)},
        connection=mail,
    )


def _breaks_session(exc: BaseException) -> bool:
    """The connection is gone or not answering (not one message refused): it cannot carry the next one."""
    return isinstance(exc, smtplib.SMTPServerDisconnected) or (
        isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPException)
    )


class _MailSession:
    """One SMTP connection for a batch of deliveries.

    It is opened at the first message and reused for the next ones; a session
    error (the server dropped the connection, stopped answering, refused to
    connect) closes it and the next message opens a new one.  After
    ``MAX_SESSION_ERRORS`` of them in one batch the server is taken to be away:
    the rest of the batch fails with that error without trying (each delivery
    then retries alone, with backoff), so a dead server costs seconds, not a
    timeout per message."""

    MAX_SESSION_ERRORS = 2

    def __init__(self) -> None:
        self.mail = get_connection(timeout=settings.EMAIL_TIMEOUT)
        self.session_errors = 0
        self.away: str = ""

    def send(self, message: EmailMessage) -> None:
        if self.away:
            raise _ServerAway(self.away)
        try:
            self.mail.open()  # opened here, so sending does not close it before the commit
        except Exception as exc:
            self._failed(exc)
            raise
        try:
            message.send(fail_silently=False)
        except Exception as exc:
            if _breaks_session(exc):
                self._failed(exc)
            raise

    def _failed(self, exc: BaseException) -> None:
        self.close()
        self.session_errors += 1
        if self.session_errors >= self.MAX_SESSION_ERRORS:
            self.away = f"{type(exc).__name__}: {exc}"

    def close(self) -> None:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            self.mail.close()


class _ServerAway(ConnectionError):
    """The mail server failed this batch's session twice: the message was not tried."""


def delivery_send(*, delivery_id: int) -> SendOutcome:
    """Send one delivery if it is still pending; safe to call twice, or from two workers at once."""
    return delivery_send_batch(delivery_ids=[delivery_id])[delivery_id]


def delivery_send_batch(*, delivery_ids: Iterable[int]) -> dict[int, SendOutcome]:
    """Send the deliveries still pending among ``delivery_ids`` over one SMTP session.

    One query reads the batch (texts, recipients); then each delivery is its own
    short transaction: its row locked (``select_for_update(skip_locked)``: one
    that another worker is sending is left to it) and checked still pending, its
    message sent over the shared connection, the row marked sent and committed
    before the next message goes.  So a worker that dies leaves at most one
    message between the mail server's "accepted" and our commit of "sent" (sent
    again, with the same Message-ID), never a whole batch.  A message refused (a
    recipient, its data) fails or retries that delivery only; the others go on.
    The SMTP connection is closed (QUIT) only after the last commit, and on
    PostgreSQL the batch's commits do not wait for their WAL flush (a database
    crash in that fraction of a second can only cause such a resend, never a
    loss)."""
    ids = list(dict.fromkeys(delivery_ids))
    pending = {
        delivery.pk: delivery
        for delivery in Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.PENDING).select_related(
            "notice", "notice__recipient"
        )
    }
    outcomes: dict[int, SendOutcome] = {delivery_id: SendOutcome("already") for delivery_id in ids}
    if not pending:
        return outcomes
    # only outside a caller's transaction: the setting would apply to the caller's commit too
    async_commit = connection.vendor == "postgresql" and not connection.in_atomic_block
    session = _MailSession()
    try:
        if async_commit:
            _synchronous_commit(on=False)
        for delivery_id in ids:
            if delivery_id in pending:
                outcomes[delivery_id] = _delivery_send(pending[delivery_id], session)
    finally:
        session.close()
        if async_commit:
            _synchronous_commit(on=True)
    return outcomes


def _synchronous_commit(*, on: bool) -> None:
    with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
        cursor.execute("RESET synchronous_commit" if on else "SET synchronous_commit TO OFF")


def _delivery_send(delivery: Delivery, session: _MailSession) -> SendOutcome:
    with transaction.atomic():
        row = Delivery.objects.filter(pk=delivery.pk)
        locked = list(
            locks.deliveries_for_update(skip_locked=True)
            .filter(pk=delivery.pk, status=DeliveryStatus.PENDING)
            .values_list("attempts", flat=True)
        )
        if not locked:
            # pending but locked: another worker is sending it; else it was sent meanwhile
            return SendOutcome("busy" if row.filter(status=DeliveryStatus.PENDING).exists() else "already")
        delivery.attempts = locked[0]
        recipient = delivery.notice.recipient
        if not recipient.is_active:
            return _finish(delivery, DeliveryStatus.SKIPPED, _("Tài khoản người nhận đã bị khoá."))
        if not (recipient.email or "").strip():
            return _finish(delivery, DeliveryStatus.SKIPPED, _("Người nhận chưa có địa chỉ thư điện tử."))
        delivery.attempts += 1
        try:
            session.send(_email_for(delivery, session.mail))
        except Exception as exc:  # noqa: BLE001 - classified below, recorded on the row
            error = str(exc) if isinstance(exc, _ServerAway) else f"{type(exc).__name__}: {exc}"
            error = error[:2000]
            if _is_transient(exc):
                row.update(attempts=delivery.attempts, last_error=error)
                return SendOutcome("retry", error, delivery.attempts)
            return _finish(delivery, DeliveryStatus.FAILED, error)
        row.update(attempts=delivery.attempts, status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error="")
        return SendOutcome("sent", attempts=delivery.attempts)


def _finish(delivery: Delivery, status: str, error: str) -> SendOutcome:
    Delivery.objects.filter(pk=delivery.pk).update(attempts=delivery.attempts, status=status, last_error=error)
    return SendOutcome(status, error, delivery.attempts)


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
    delivery = locks.deliveries_for_update().select_related("notice").get(pk=delivery.pk)
    access.require(
        actor,
        Capability.MANAGE_DELIVERIES,
        delivery.notice.council_id,
        _("Bạn không quản lý thông báo của hội đồng này."),
    )
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
def preferences_save(*, user: Any, language: str, choices: dict[tuple[str, str], bool]) -> None:
    """The preferences page's one write: the language notices come in and the kinds and
    channels chosen, both or neither."""
    user_set_language(user=user, language=language)
    preferences_set(user=user, choices=choices)


@transaction.atomic
def preferences_set(*, user: Any, choices: dict[tuple[str, str], bool]) -> None:
    """Store a user's channel choices; required notices stay on whatever is asked."""
    for (verb, channel), enabled in choices.items():
        if channel not in Channel.values:
            raise ValidationError(_("Kênh thông báo không hợp lệ."))
        if kind_for(verb).required:
            enabled = True
        Preference.objects.update_or_create(user=user, verb=verb, channel=channel, defaults={"enabled": enabled})


# --- Reminders ------------------------------------------------------------------


@transaction.atomic
def reminder_schedule(
    *,
    key: str,
    recipients: Iterable[Any],
    due_at: datetime,
    verb: str,
    context: dict[str, Any],
    url: str = "",
    council_id: int | None = None,
) -> list[Reminder]:
    """Remind each recipient at ``due_at`` with a ``verb`` notice, once per key and recipient.

    Scheduling a key again is harmless: a reminder not yet sent takes the new time
    and text, one already sent is left as it is (it is never sent twice).  The
    context is stored as JSON, so give the text's values ready made (``due`` as
    the date to print, not a datetime)."""
    key = key.strip()
    if not key or len(key) > (Reminder._meta.get_field("key").max_length or 0):
        raise ValidationError(_("Mã nhắc việc trống hoặc dài quá 150 ký tự."))
    if verb not in KINDS:
        raise ValidationError(_("Loại thông báo “%(verb)s” không có trong danh mục.") % {"verb": verb})
    if timezone.is_naive(due_at):
        raise ValueError("due_at must be an aware datetime")
    user_ids = {user.pk for user in recipients if user is not None}
    fields = {"due_at": due_at, "verb": verb, "context": context, "url": url, "council_id": council_id}
    existing = set(Reminder.objects.filter(key=key, recipient_id__in=user_ids).values_list("recipient_id", flat=True))
    Reminder.objects.filter(key=key, recipient_id__in=existing, sent_at__isnull=True).update(**fields)
    # ignore_conflicts: a job scheduling the same key at the same moment has already made the row
    Reminder.objects.bulk_create(
        [Reminder(key=key, recipient_id=user_id, **fields) for user_id in sorted(user_ids - existing)],
        ignore_conflicts=True,
    )
    return list(Reminder.objects.filter(key=key, recipient_id__in=user_ids).order_by("recipient_id"))


def reminder_cancel(*, key: str) -> int:
    """Drop the reminders of ``key`` not sent yet (the work was done in time); returns how many."""
    deleted, _by_model = Reminder.objects.filter(key=key.strip(), sent_at__isnull=True).delete()
    return deleted


def reminders_send_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Turn the reminders due by ``now`` into notices and mark them sent; returns how many.

    Rows are locked and skipped when another run holds them, and a notice is
    unique per event and recipient, so two runs at once send each reminder once."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            locks.reminders_for_update(skip_locked=True, of=("self",))
            .filter(sent_at__isnull=True, due_at__lte=now)
            .select_related("recipient")
            .order_by("due_at", "id")[:limit]
        )
        for reminder in due:
            notice_emit(
                recipients=[reminder.recipient],
                event_key=f"reminder:{reminder.key}",
                verb=reminder.verb,
                context=reminder.context,
                url=reminder.url,
                council_id=reminder.council_id,
            )
        Reminder.objects.filter(pk__in=[reminder.pk for reminder in due]).update(sent_at=now)
    return len(due)
