"""Deadlines are data edited in the admin: the holiday table, a council's step
time limits, a round's reminder days and the beat schedules."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from councils.models import Holiday
from nominations.models import Round
from workflows.models import DeadlineStep, StepDeadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client: Any, world: Any) -> Any:
    client.force_login(world.admin)
    return client


@pytest.mark.parametrize(
    "name",
    [
        "admin:councils_holiday_changelist",
        "admin:councils_holiday_add",
        "admin:workflows_stepdeadline_changelist",
        "admin:workflows_stepdeadline_add",
        "admin:django_celery_beat_periodictask_changelist",
    ],
)
def test_pages_open(admin_client_: Any, name: str) -> None:
    assert admin_client_.get(reverse(name)).status_code == 200


def test_a_holiday_is_added(admin_client_: Any) -> None:
    response = admin_client_.post(
        reverse("admin:councils_holiday_add"),
        {"date": "06/03/2026", "name": "Ngày nghỉ bổ sung", "is_day_off": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Holiday.objects.get(date=dt.date(2026, 3, 6)).name == "Ngày nghỉ bổ sung"


def test_a_councils_step_deadline_is_added_and_checked(admin_client_: Any, world: Any) -> None:
    url = reverse("admin:workflows_stepdeadline_add")
    data = {"council": world.council.pk, "step": DeadlineStep.REVISE, "working_days": "7"}
    bad = admin_client_.post(
        url, {**data, "escalate_to_secretariat_after_days": "4", "escalate_to_chairman_after_days": "2"}
    )
    assert bad.status_code == 200
    assert "Báo chủ tịch không được sớm hơn báo thường trực." in html.unescape(bad.content.decode())
    assert not StepDeadline.objects.exists()

    good = admin_client_.post(url, {**data, "escalate_to_chairman_after_days": "3"})
    assert good.status_code == 302
    row = StepDeadline.objects.get()
    assert (row.working_days, row.escalate_to_secretariat_after_days, row.escalate_to_chairman_after_days) == (
        7,
        None,
        3,
    )


def test_round_reminder_days_are_validated_in_the_admin(admin_client_: Any, world: Any) -> None:
    url = reverse("admin:nominations_round_change", args=[world.round.pk])
    page = admin_client_.get(url)
    assert page.status_code == 200
    assert 'name="reminder_days"' in page.content.decode()
    form = page.context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None and key != "award_types"}
    data.update(
        {
            "council": world.round.council_id,
            "opens_at_0": "01/12/2026",
            "opens_at_1": "08:00:00",
            "closes_at_0": "26/12/2026",
            "closes_at_1": "17:00:00",
            "offers-TOTAL_FORMS": "0",
            "offers-INITIAL_FORMS": "0",
        }
    )
    bad = admin_client_.post(url, {**data, "reminder_days": "[7, -1]"})
    assert bad.status_code == 200
    assert "danh sách số ngày nguyên không âm" in html.unescape(bad.content.decode())

    good = admin_client_.post(url, {**data, "reminder_days": "[10, 5, 2]"})
    assert good.status_code == 302, html.unescape(good.content.decode())[:3000]
    assert Round.objects.get(pk=world.round.pk).reminder_days == [10, 5, 2]


def test_schedules_are_listed(admin_client_: Any) -> None:
    from importlib import import_module

    from django.apps import apps

    import_module("workflows.migrations.0003_beat_schedules").create_schedules(apps, None)
    page = admin_client_.get(reverse("admin:django_celery_beat_periodictask_changelist")).content.decode()
    for task in PeriodicTask.objects.filter(name__startswith="workflows."):
        assert task.name in page
