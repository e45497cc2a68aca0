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


def form_call(form: Any, call: Callable[[], Any]) -> tuple[bool, Any]:
    """Run a service for a form: (True, its result), or (False, None) with the service's
    messages as the form's errors.  A PermissionError from the service is a 403."""
    try:
        return True, call()
    except ValidationError as exc:
        add_errors(form, exc)
        return False, None
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc


def message_call(request: HttpRequest, call: Callable[[], Any]) -> tuple[bool, Any]:
    """Run a service for a button: (True, its result), or (False, None) with the service's
    messages shown to the user.  A PermissionError from the service is a 403."""
    try:
        return True, call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False, None
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
