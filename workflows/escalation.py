"""Overdue flow tasks, reported up.

Every hour (``overdue_scan_task``, minute 10 by default) the open tasks that
have a time limit are checked.  A task is due ``working_days`` working days
after it was created, at the same local time (weekends and the holiday table
skipped, Asia/Ho_Chi_Minh).  Once it is due the people responsible are told:
the unit's users for a returned dossier; the officer who holds a review, or
else the whole secretariat.  Some working days later the secretariat is told,
then the chairman, as the council's rule for the step says (``StepDeadline``,
else ``settings.WORKFLOW_STEP_DEADLINES``).

Each level is told once: the notice's event key names the task and the level,
so a second scan adds nothing, and a scan after missed hours sends every level
that has come due, each once.

Why a scan and not viewflow's ``.OnTimeout``/``flow.Timer``: those wait a fixed
``timedelta`` from the task's creation, while the law counts working days (weekends,
Tết and the holidays the government adds or swaps, held in ``councils.Holiday`` and
edited after the task was made), and each step reports to three levels at different
working-day offsets that a council edits (``StepDeadline``).  A due time fixed when
the task starts would miss a holiday entered later; the scan reads the calendar as it
is now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from councils.calendar import LOCAL_TZ, WorkCalendar, add_working_days, work_calendar, working_days_between
from councils.models import CouncilRole
from notifications.services import notice_emit
from workflows.models import DeadlineStep
from workflows.selectors import StepRule, TimedTask, council_staff, step_rules, timed_tasks, unit_staff

LEVEL_DUE = "due"
LEVEL_SECRETARIAT = "secretariat"
LEVEL_CHAIRMAN = "chairman"


@dataclass(frozen=True)
class Escalation:
    level: str
    at: dt.datetime


def escalation_plan(*, created: dt.datetime, rule: StepRule, calendar: WorkCalendar) -> list[Escalation]:
    """When a task created at ``created`` falls due, and when each higher level is told."""
    due = add_working_days(created, rule.working_days, calendar)
    plan = [Escalation(LEVEL_DUE, due)]
    if rule.escalate_to_secretariat_after_days is not None:
        plan.append(
            Escalation(LEVEL_SECRETARIAT, add_working_days(due, rule.escalate_to_secretariat_after_days, calendar))
        )
    if rule.escalate_to_chairman_after_days is not None:
        plan.append(Escalation(LEVEL_CHAIRMAN, add_working_days(due, rule.escalate_to_chairman_after_days, calendar)))
    return plan


def overdue_event_key(*, task_id: int, level: str) -> str:
    return f"task:{task_id}:overdue:{level}"


class _People:
    """Who is told at each level, loaded in a few queries for the whole scan."""

    def __init__(self, timed: list[TimedTask]) -> None:
        council_ids = {item.nomination.round.council_id for item in timed}
        self.secretariat = council_staff(council_ids=council_ids, role=CouncilRole.SECRETARIAT)
        self.chairman = council_staff(council_ids=council_ids, role=CouncilRole.CHAIRMAN)
        self.units = unit_staff(unit_ids={item.nomination.unit_id for item in timed})

    def for_level(self, item: TimedTask, level: str) -> list[Any]:
        council_id = item.nomination.round.council_id
        if level == LEVEL_SECRETARIAT:
            return self.secretariat[council_id]
        if level == LEVEL_CHAIRMAN:
            return self.chairman[council_id]
        if item.step == DeadlineStep.REVISE:
            return self.units[item.nomination.unit_id]
        owner = item.task.owner
        if owner is not None and owner.is_active:
            return [owner]
        return self.secretariat[council_id]


def overdue_scan(*, now: dt.datetime | None = None) -> int:
    """Tell whoever each overdue task's rule says, once per level; returns the notices made."""
    now = now or timezone.now()
    timed = timed_tasks()
    if not timed:
        return 0
    calendar = work_calendar()
    rules = step_rules(council_ids={item.nomination.round.council_id for item in timed})
    people = _People(timed)
    created = 0
    for item in timed:
        nomination = item.nomination
        plan = escalation_plan(
            created=item.task.created, rule=rules[(nomination.round.council_id, item.step)], calendar=calendar
        )
        due = plan[0].at
        if due > now:
            continue
        local_due = due.astimezone(LOCAL_TZ)
        for escalation in plan:
            if escalation.at > now:
                continue
            with transaction.atomic():
                created += len(
                    notice_emit(
                        recipients=people.for_level(item, escalation.level),
                        event_key=overdue_event_key(task_id=item.task.pk, level=escalation.level),
                        verb="task_overdue",
                        context={
                            "step": str(item.step),
                            "level": escalation.level,
                            "title": nomination.title,
                            "unit": nomination.unit.name,
                            "round": nomination.round.name,
                            "due_time": f"{local_due:%H:%M}",
                            "due_date": f"{local_due:%d/%m/%Y}",
                            "overdue_days": working_days_between(due, now, calendar),
                        },
                        url=reverse("workflows:dossier_detail", args=[nomination.pk]),
                        council_id=nomination.round.council_id,
                    )
                )
    return created
