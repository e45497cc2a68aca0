from typing import Any

from django.http import HttpRequest

from notifications.selectors import delivery_councils_for_user, unread_count


def notices(request: HttpRequest) -> dict[str, Any]:
    """The header's unread badge (one indexed COUNT) and whether to link the failed deliveries."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "notice_unread": unread_count(user),
        # roles_for caches on the user: no query beyond the capabilities processor's
        "notice_failed_link": bool(delivery_councils_for_user(user)),
    }
