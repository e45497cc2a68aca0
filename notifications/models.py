"""Notices and their outbox.

A ``Notice`` is the in-app message: exactly one per event and recipient (a
unique key), written in the same transaction as the event that causes it.
A ``Delivery`` is the outbox row of an external channel (email): Celery sends
it after commit, a periodic sweeper re-dispatches what is still pending (Redis
was down, a worker died), and its status says what happened."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_APP = "in_app", _("Trong ứng dụng")
    EMAIL = "email", _("Thư điện tử")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")
    SKIPPED = "skipped", _("Không gửi")


class Notice(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", verbose_name=_("người nhận")
    )
    council = models.ForeignKey(
        "councils.Council",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hội đồng"),
    )
    event_key = models.CharField(_("mã sự kiện"), max_length=160)
    verb = models.CharField(_("loại thông báo"), max_length=40)
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    title = models.CharField(_("tiêu đề"), max_length=250)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("liên kết"), max_length=250, blank=True)
    context = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    in_app = models.BooleanField(_("hiện trong ứng dụng"), default=True)
    created_at = models.DateTimeField(_("lúc tạo"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("lúc đọc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event_key", "recipient"], name="uniq_notice_per_event_recipient")
        ]
        indexes = [models.Index(fields=["recipient", "in_app", "read_at"], name="notice_inbox_idx")]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("thông báo"))
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING, db_index=True
    )
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True)
    attempts = models.PositiveIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("lúc tạo"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("lần gửi tới"), null=True, blank=True, db_index=True)
    sent_at = models.DateTimeField(_("lúc gửi"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần gửi thông báo")
        verbose_name_plural = _("lần gửi thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["notice", "channel"], name="uniq_delivery_per_channel")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} – {self.notice}"


class Preference(models.Model):
    """A user's choice to receive (or not) one kind of notice on one channel."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences")
    verb = models.CharField(_("loại thông báo"), max_length=40)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(_("nhận"), default=True)

    class Meta:
        verbose_name = _("tuỳ chọn nhận thông báo")
        verbose_name_plural = _("tuỳ chọn nhận thông báo")
        constraints = [models.UniqueConstraint(fields=["user", "verb", "channel"], name="uniq_preference")]

    def __str__(self) -> str:
        return f"{self.user} – {self.verb} – {self.channel}: {self.enabled}"


class Reminder(models.Model):
    """A notice to send later: at ``due_at`` the reminder job turns it into a
    notice (event ``reminder:<key>``) and stamps ``sent_at``.  Any step may
    schedule one under a key of its own and cancel it when the work is done."""

    key = models.CharField(_("mã nhắc việc"), max_length=150)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("người nhận")
    )
    verb = models.CharField(_("loại thông báo"), max_length=40)
    context = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    url = models.CharField(_("liên kết"), max_length=250, blank=True)
    council = models.ForeignKey(
        "councils.Council",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hội đồng"),
    )
    due_at = models.DateTimeField(_("lúc nhắc"))
    sent_at = models.DateTimeField(_("lúc đã nhắc"), null=True, blank=True)
    created_at = models.DateTimeField(_("lúc tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhắc việc")
        verbose_name_plural = _("nhắc việc")
        ordering = ["due_at", "id"]
        constraints = [models.UniqueConstraint(fields=["key", "recipient"], name="uniq_reminder_per_key_recipient")]
        indexes = [models.Index(fields=["sent_at", "due_at"], name="reminder_due_idx")]

    def __str__(self) -> str:
        return f"{self.key} → {self.recipient} ({self.due_at:%d/%m/%Y %H:%M})"
