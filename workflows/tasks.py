"""Thin Celery tasks that beat runs: each calls one service (idempotent: a notice
is made once per event and recipient, so a task run twice sends nothing new)."""

from __future__ import annotations

from celery import shared_task

from workflows.escalation import overdue_scan
from workflows.reminders import round_closing_remind
from workflows.session_services import session_close_due


@shared_task(name="workflows.round_closing_remind_task")
def round_closing_remind_task() -> int:
    return round_closing_remind()


@shared_task(name="workflows.overdue_scan_task")
def overdue_scan_task() -> int:
    return overdue_scan()


@shared_task(name="workflows.session_close_due_task")
def session_close_due_task() -> int:
    return session_close_due()
