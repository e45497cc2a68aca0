"""How a view calls a service: its ValidationError becomes the form's errors or the
user's messages, its PermissionError a 403.  Shared by every app's views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest


def add_errors(form: Any, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


Success = str | Callable[[Any], str] | None


def _tell(request: HttpRequest | None, success: Success, result: Any) -> None:
    if request is not None and success is not None:
        messages.success(request, success(result) if callable(success) else success)


def form_call(
    form: Any, call: Callable[[], Any], *, request: HttpRequest | None = None, success: Success = None
) -> tuple[bool, Any]:
    """Run a service for a form: (True, its result), or (False, None) with the service's
    messages as the form's errors.  A PermissionError from the service is a 403.
    ``success`` (a text, or a function of the result) is shown to the user when it went through."""
    try:
        result = call()
    except ValidationError as exc:
        add_errors(form, exc)
        return False, None
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    _tell(request, success, result)
    return True, result


def message_call(request: HttpRequest, call: Callable[[], Any], *, success: Success = None) -> tuple[bool, Any]:
    """Run a service for a button: (True, its result), or (False, None) with the service's
    messages shown to the user.  A PermissionError from the service is a 403."""
    try:
        result = call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False, None
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    _tell(request, success, result)
    return True, result


def submitted(request: HttpRequest, form: Any, call: Callable[[], Any], *, success: Success) -> bool:
    """A posted form that is valid and whose service went through (``success`` shown);
    otherwise the form carries the errors and the view shows it again."""
    return request.method == "POST" and form.is_valid() and form_call(form, call, request=request, success=success)[0]
