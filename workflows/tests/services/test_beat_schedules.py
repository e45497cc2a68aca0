"""The periodic jobs are django_celery_beat rows made by a migration: each names
a task Celery knows, on the schedule the issue asks for (crontabs in
Asia/Ho_Chi_Minh), and running the migration again keeps an administrator's edits."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from config.celery import app as celery_app

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("workflows.migrations.0003_beat_schedules")
NAMES = [
    "notifications.delivery_sweep",
    "notifications.reminders_send_due",
    "workflows.overdue_scan",
    "workflows.round_closing_remind",
]


@pytest.fixture
def schedules(db: Any) -> dict[str, PeriodicTask]:
    """The rows, made again if a transactional test flushed the migration's."""
    MIGRATION.create_schedules(apps, None)
    return {
        task.name: task for task in PeriodicTask.objects.filter(name__in=NAMES).select_related("interval", "crontab")
    }


def test_each_job_on_its_schedule(schedules: dict[str, PeriodicTask]) -> None:
    assert sorted(schedules) == NAMES
    sweep = schedules["notifications.delivery_sweep"]
    assert (sweep.task, sweep.interval.every, sweep.interval.period) == (
        "notifications.delivery_sweep_task",
        60,
        "seconds",
    )
    assert sweep.expire_seconds == 60
    due = schedules["notifications.reminders_send_due"]
    assert (due.task, due.interval.every, due.interval.period) == (
        "notifications.reminders_send_due_task",
        5,
        "minutes",
    )
    rounds = schedules["workflows.round_closing_remind"]
    assert rounds.task == "workflows.round_closing_remind_task"
    assert (rounds.crontab.minute, rounds.crontab.hour, rounds.crontab.day_of_week) == ("0", "7", "*")
    assert str(rounds.crontab.timezone) == "Asia/Ho_Chi_Minh"
    scan = schedules["workflows.overdue_scan"]
    assert scan.task == "workflows.overdue_scan_task"
    assert (scan.crontab.minute, scan.crontab.hour) == ("10", "*")
    assert str(scan.crontab.timezone) == "Asia/Ho_Chi_Minh"
    assert all(task.enabled for task in schedules.values())


def test_every_scheduled_task_is_registered_with_celery(schedules: dict[str, PeriodicTask]) -> None:
    celery_app.loader.import_default_modules()
    assert {task.task for task in schedules.values()} <= set(celery_app.tasks)


def test_running_again_keeps_edits_and_adds_nothing(schedules: dict[str, PeriodicTask]) -> None:
    every_two_minutes, _created = IntervalSchedule.objects.get_or_create(every=120, period="seconds")
    PeriodicTask.objects.filter(name="notifications.delivery_sweep").update(interval=every_two_minutes)
    PeriodicTask.objects.filter(name="workflows.overdue_scan").update(enabled=False)
    counts = (PeriodicTask.objects.count(), CrontabSchedule.objects.count(), IntervalSchedule.objects.count())

    MIGRATION.create_schedules(apps, None)

    assert (PeriodicTask.objects.count(), CrontabSchedule.objects.count(), IntervalSchedule.objects.count()) == counts
    assert PeriodicTask.objects.get(name="notifications.delivery_sweep").interval == every_two_minutes
    assert PeriodicTask.objects.get(name="workflows.overdue_scan").enabled is False
