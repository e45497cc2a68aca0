"""Reads about login throttling: when a locked-out account may try again from an address, and
which unit accounts are locked out right now.  django-axes keeps the counters (``AccessAttempt``
rows, one per account, address and browser); ``config/settings/base.py`` sets the policy."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def _failure_limit() -> int:
    return int(settings.AXES_FAILURE_LIMIT)


def login_locked_until(*, username: str, ip_address: str | None) -> datetime | None:
    """The moment ``username`` may log in again from ``ip_address``, or None if it is not locked.

    The lock holds while the failures still inside the cool-off window reach the limit; the rows
    leave the window oldest first, so it ends when the newest rows alone fall below the limit."""
    cool_off = get_cool_off()
    if cool_off is None or not username:
        return None
    now = timezone.now()
    attempts = AccessAttempt.objects.filter(
        username=username, ip_address=ip_address, attempt_time__gte=now - cool_off
    ).order_by("-attempt_time")
    failures = 0
    for attempt_time, count in attempts.values_list("attempt_time", "failures_since_start"):
        failures += count
        if failures >= _failure_limit():
            return attempt_time + cool_off
    return None


def login_locked_usernames(usernames: Iterable[str]) -> frozenset[str]:
    """Those of ``usernames`` locked out from at least one address now (one query)."""
    cool_off = get_cool_off()
    names = list(usernames)
    if cool_off is None or not names:
        return frozenset()
    locked = (
        AccessAttempt.objects.filter(username__in=names, attempt_time__gte=timezone.now() - cool_off)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=_failure_limit())
        .values_list("username", flat=True)
    )
    return frozenset(locked)
