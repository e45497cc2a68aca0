"""Errors as JSON, in the caller's language (``api.auth`` activated it).

DRF's own exceptions keep their shape (``{"detail": ...}``, or the serializer's field errors);
what the services raise is turned into the same shapes: a Django ``ValidationError`` (the
readable message the service wrote) into a 400, ``PermissionError`` (``councils.access.require``)
and ``PermissionDenied`` into a 403, ``Http404`` into a 404 that says no more than "not found"
(an object the caller may not see is not there for them).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def validation_payload(error: DjangoValidationError) -> dict[str, Any]:
    """``{"detail": "..."}`` for a message of the whole request, field errors by field."""
    if hasattr(error, "error_dict"):
        payload: dict[str, Any] = {}
        for field, messages in error.message_dict.items():
            key = "detail" if field == NON_FIELD_ERRORS else field
            payload[key] = " ".join(messages) if key == "detail" else list(messages)
        return payload
    return {"detail": " ".join(error.messages)}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        return Response(validation_payload(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionError):
        message = str(exc) or _("Bạn không có quyền làm việc này.")
        return Response({"detail": message}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(_("Bạn không có quyền làm việc này."))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Không tìm thấy."))
    elif isinstance(exc, exceptions.NotAuthenticated):
        exc = exceptions.NotAuthenticated(_("Cần mã truy cập (token): gửi tiêu đề Authorization: Token <mã>."))
    elif isinstance(exc, exceptions.MethodNotAllowed):
        method = context["request"].method if context.get("request") is not None else ""
        exc = exceptions.MethodNotAllowed(method, _("Phương thức %(method)s không được hỗ trợ.") % {"method": method})
    return drf_exception_handler(exc, context)


@csrf_exempt  # it changes nothing; a POST to a wrong path gets the same JSON 404
def not_found(request: Any, *args: Any, **kwargs: Any) -> JsonResponse:
    """A path under /api/ that no endpoint has: 404 as JSON, like any other error of the API."""
    from api.auth import activate_language

    activate_language(request)
    return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)
