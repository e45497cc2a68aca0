from typing import Any

from django.http import HttpRequest

from councils import access


def capabilities(request: HttpRequest) -> dict[str, Any]:
    """``may``: what the user may do somewhere, for the menu and the pages' links."""
    return {"may": access.capabilities_anywhere(request.user)}
