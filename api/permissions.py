"""The API's permission classes: each asks ``councils.access`` (the one policy), never a role."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from councils import access
from councils.access import Capability


def holds_anywhere(user: Any, *capabilities: Capability) -> bool:
    return bool(access.councils_where(user, *capabilities))


class HoldsCapability(BasePermission):
    """The user holds one of the view's ``capabilities`` in some council, or, where the view
    says ``units_too``, works for a unit (which then reads its own rows only: the selectors
    narrow every queryset to the councils and units the policy gives)."""

    message = _("Bạn không có quyền xem dữ liệu này.")

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if getattr(view, "units_too", False) and access.unit_ids(user):
            return True
        return holds_anywhere(user, *getattr(view, "capabilities", ()))
