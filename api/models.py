"""The record of a user's API tokens: the name its owner gave it, when and from where it was made,
when and by whom it was revoked.  The token itself is knox's ``AuthToken`` (only its hash is
stored); this row outlives it, so that who had a token, and until when, stays on record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("người dùng")
    )
    name = models.CharField(_("tên mã truy cập"), max_length=100)
    token_key = models.CharField(_("đầu mã"), max_length=25)
    auth_token = models.OneToOneField(
        settings.KNOX_TOKEN_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="record"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_from = models.GenericIPAddressField(_("tạo từ địa chỉ IP"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_key}…)"

    @property
    def is_usable(self) -> bool:
        """Neither revoked nor expired (knox drops an expired token at its next use)."""
        return self.revoked_at is None and self.auth_token_id is not None and self.expires_at > timezone.now()

    @property
    def is_expired(self) -> bool:
        return self.revoked_at is None and self.expires_at <= timezone.now()
