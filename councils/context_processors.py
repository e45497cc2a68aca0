from typing import Any

from django.http import HttpRequest

from councils.selectors import roles_for


def roles(request: HttpRequest) -> dict[str, Any]:
    return {"roles": roles_for(request.user)}
