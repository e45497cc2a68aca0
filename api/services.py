"""The user's own API tokens: make one (shown once), revoke one or all."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from api.models import ApiToken
from common.text import nfc
from councils.security import client_address

#: the lifetimes the page offers, in days
LIFETIMES_DAYS: tuple[int, ...] = (7, 30, 90, 365)
#: how many usable tokens one user may hold at once
MAX_TOKENS_PER_USER = 10


def _usable(user: Any) -> Any:
    return ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, auth_token__isnull=False, expires_at__gt=timezone.now()
    )


@transaction.atomic
def api_token_create(actor: Any, *, name: str, days: int, request: HttpRequest | None = None) -> tuple[ApiToken, str]:
    """A new token of ``actor`` for ``days`` days: the record and the token's text, which is
    shown once and never stored (knox keeps its hash)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionError(_("Cần đăng nhập để tạo mã truy cập."))
    name = " ".join(nfc(name or "").split())
    if not name:
        raise ValidationError({"name": _("Hãy đặt tên cho mã truy cập (ví dụ: “Phần mềm kế toán”).")})
    if len(name) > 100:
        raise ValidationError({"name": _("Tên mã truy cập dài tối đa 100 ký tự.")})
    if days not in LIFETIMES_DAYS:
        raise ValidationError({"days": _("Thời hạn không hợp lệ: chọn một trong các thời hạn có sẵn.")})
    get_user_model().objects.select_for_update().filter(pk=actor.pk).first()  # one creation at a time per user
    if _usable(actor).count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            _("Bạn đã có %(count)s mã truy cập còn hiệu lực: hãy thu hồi bớt trước khi tạo mã mới.")
            % {"count": MAX_TOKENS_PER_USER}
        )
    instance, token = AuthToken.objects.create(user=actor, expiry=dt.timedelta(days=days))
    record = ApiToken.objects.create(
        user=actor,
        name=name,
        token_key=instance.token_key,
        auth_token=instance,
        expires_at=instance.expiry,
        created_from=client_address(request) if request is not None else None,
    )
    return record, token


@transaction.atomic
def api_token_revoke(actor: Any, *, token_id: int) -> ApiToken:
    """Revoke one of ``actor``'s own tokens (a token of someone else's is not found)."""
    record = ApiToken.objects.select_for_update().filter(user=actor, pk=token_id).first()
    if record is None:
        raise ApiToken.DoesNotExist
    if record.revoked_at is not None:
        raise ValidationError(_("Mã truy cập này đã được thu hồi."))
    _revoke([record], actor)
    return record


@transaction.atomic
def api_token_revoke_all(actor: Any) -> int:
    """Revoke every token ``actor`` holds; how many were still to revoke."""
    records = list(ApiToken.objects.select_for_update().filter(user=actor, revoked_at__isnull=True))
    _revoke(records, actor)
    # a knox token made elsewhere (no record) goes too
    AuthToken.objects.filter(user=actor).delete()
    return len(records)


def _revoke(records: list[ApiToken], actor: Any) -> None:
    now = timezone.now()
    digests = [record.auth_token_id for record in records if record.auth_token_id]
    for record in records:
        record.revoked_at = now
        record.revoked_by = actor
        record.auth_token = None
        record.save(update_fields=["revoked_at", "revoked_by", "auth_token"])
    AuthToken.objects.filter(pk__in=digests).delete()
