"""The base of the API's read endpoints: a token, the policy's permission, a page of rows."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated

from api.filters import MAX_ID
from api.permissions import HoldsCapability
from councils.access import Capability


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """List and retrieve; ``get_queryset`` narrows the rows to what the policy lets the user read,
    so a row outside it is a 404, like a page's."""

    permission_classes = [IsAuthenticated, HoldsCapability]
    capabilities: tuple[Capability, ...] = ()
    units_too = False
    lookup_value_regex = r"[0-9]+"

    def user(self) -> Any:
        return self.request.user

    def get_object(self) -> Any:
        if int(self.kwargs[self.lookup_field]) > MAX_ID:
            raise Http404
        return super().get_object()
