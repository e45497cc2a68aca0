"""Reads of the API's own pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from api.models import ApiToken


def api_tokens_of(user: Any) -> QuerySet[ApiToken]:
    """The user's token records, newest first."""
    return ApiToken.objects.filter(user=user).select_related("revoked_by").order_by("-created_at", "-id")
