"""The user's own sessions, for ``/accounts/sessions/``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from councils.models import UserSession
from councils.session_services import alive_q

SESSIONS_SHOWN = 50  # a user has a handful; the page never lists more than this


def user_sessions_alive(*, user: Any) -> QuerySet[UserSession]:
    """The user's sessions that may still be alive, the latest used first."""
    return UserSession.objects.filter(user_id=user.pk).filter(alive_q()).order_by("-last_seen", "-pk")
