from typing import Any

from django.conf import settings
from django.http import HttpRequest

from councils import access


def capabilities(request: HttpRequest) -> dict[str, Any]:
    """``may``: what the user may do somewhere, for the menu and the pages' links."""
    return {"may": access.capabilities_anywhere(request.user)}


def session_timeouts(request: HttpRequest) -> dict[str, Any]:
    """The idle limit and the warning before it, for ``<body data-…>`` and static/js/session.js."""
    return {
        "session_idle_seconds": int(settings.SESSION_IDLE_MINUTES) * 60,
        "session_warning_seconds": int(settings.SESSION_WARNING_MINUTES) * 60,
    }
