"""Before a round closes, the units that have not submitted are reminded.

The daily job (``round_closing_remind_task``, 07:00 by default) looks at each
open round: with ``d`` calendar days left to the deadline (dates in
Asia/Ho_Chi_Minh), the threshold due now is the smallest of the round's
``reminder_days`` that is at least ``d``.  Each unit gets each threshold once (the
notice's event key names the round, the threshold and the unit), and when the
job missed some days only the nearest threshold is sent, never a backlog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from councils.calendar import LOCAL_TZ, local_date
from councils.models import UnitMembership
from nominations.models import Round
from nominations.selectors import units_yet_to_submit
from notifications.services import notice_emit


def reminder_threshold(*, reminder_days: Iterable[object], days_left: int) -> int | None:
    """The threshold to send with ``days_left`` days to go: the nearest one passed, or None."""
    passed = [
        day
        for day in reminder_days
        if isinstance(day, int) and not isinstance(day, bool) and day >= 0 and day >= days_left
    ]
    return min(passed) if passed else None


def round_closing_event_key(*, round_id: int, days: int, unit_id: int) -> str:
    return f"round:{round_id}:closing:{days}:unit:{unit_id}"


def round_closing_remind(*, now: dt.datetime | None = None) -> int:
    """Remind the users of every unit that has not submitted in an open round; returns the notices made."""
    now = now or timezone.now()
    today = local_date(now)
    created = 0
    rounds = Round.objects.open(now).filter(council__is_active=True).order_by("pk")
    for round_ in rounds:
        days_left = (local_date(round_.closes_at) - today).days
        threshold = reminder_threshold(reminder_days=round_.reminder_days or [], days_left=days_left)
        if threshold is None:
            continue
        closes = round_.closes_at.astimezone(LOCAL_TZ)
        for unit in units_yet_to_submit(round=round_):
            memberships: list[UnitMembership] = unit.active_memberships  # type: ignore[attr-defined]
            users = [membership.user for membership in memberships]
            with transaction.atomic():
                created += len(
                    notice_emit(
                        recipients=users,
                        event_key=round_closing_event_key(round_id=round_.pk, days=threshold, unit_id=unit.pk),
                        verb="round_closing",
                        context={
                            "round": round_.name,
                            "unit": unit.name,
                            "deadline_time": f"{closes:%H:%M}",
                            "deadline_date": f"{closes:%d/%m/%Y}",
                            "days_left": days_left,
                        },
                        url=reverse("workflows:dossier_create"),
                        council_id=round_.council_id,
                    )
                )
    return created
