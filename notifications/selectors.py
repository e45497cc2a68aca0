"""Reads of notices: the inbox, the unread count, the channel choices, and the
deliveries that failed for the secretariat to retry (joins done up front)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise

from councils import access
from councils.access import Capability
from notifications.catalog import KINDS
from notifications.models import Channel, Delivery, DeliveryStatus, Notice, Preference


def notice_list_for_user(user: Any) -> QuerySet[Notice]:
    """The user's in-app notices, newest first."""
    return Notice.objects.filter(recipient=user, in_app=True).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    """One indexed COUNT (notice_inbox_idx): the badge of every page."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(recipient=user, in_app=True, read_at__isnull=True).count()


def notice_get_for_user(*, user: Any, pk: int) -> Notice | None:
    """The user's own notice, or None (another user's notice is not theirs to open)."""
    return Notice.objects.filter(recipient=user, pk=pk).first()


def delivery_councils_for_user(user: Any) -> set[int]:
    return access.councils_where(user, Capability.MANAGE_DELIVERIES)


def failed_deliveries_for_user(user: Any) -> QuerySet[Delivery]:
    """Failed and skipped deliveries of the councils the user runs (secretariat, admin)."""
    return (
        Delivery.objects.filter(
            status__in=(DeliveryStatus.FAILED, DeliveryStatus.SKIPPED),
            notice__council_id__in=delivery_councils_for_user(user),
        )
        .select_related("notice", "notice__recipient", "notice__council")
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class PreferenceRow:
    verb: str
    label: str | Promise
    required: bool
    in_app: bool
    email: bool


def preferences_for_user(user: Any) -> list[PreferenceRow]:
    """One row per kind of notice: what the user receives on each channel (required kinds: everything)."""
    stored = {
        (verb, channel): enabled
        for verb, channel, enabled in Preference.objects.filter(user=user).values_list("verb", "channel", "enabled")
    }
    return [
        PreferenceRow(
            verb=kind.verb,
            label=kind.label,
            required=kind.required,
            in_app=kind.required or stored.get((kind.verb, Channel.IN_APP), True),
            email=kind.required or stored.get((kind.verb, Channel.EMAIL), True),
        )
        for kind in KINDS.values()
    ]
