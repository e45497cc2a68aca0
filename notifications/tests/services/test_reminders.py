"""The generic due-date reminder: scheduled once per key and recipient, moved
while unsent, cancelled, and turned into notices (with their email outbox rows)
when the clock reaches it — once, however often the job runs."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from notifications.models import Channel, Delivery, DeliveryStatus, Notice, Reminder
from notifications.services import reminder_cancel, reminder_schedule, reminders_send_due
from notifications.tasks import reminders_send_due_task

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DUE = dt.datetime(2026, 12, 21, 8, 0, tzinfo=VN)
CONTEXT = {"subject": "Nộp báo cáo tổng kết phong trào", "due": "17:00 ngày 22/12/2026"}


def _schedule(world: Any, key: str = "report:2026", due_at: dt.datetime = DUE, **extra: Any) -> list[Reminder]:
    fields: dict[str, Any] = {
        "key": key,
        "recipients": [world.unit_a_user, world.unit_b_user],
        "due_at": due_at,
        "verb": "due_reminder",
        "context": CONTEXT,
        "url": "/tasks/",
        "council_id": world.council.pk,
    }
    fields.update(extra)
    return reminder_schedule(**fields)


def _notices() -> list[tuple[str, str, str]]:
    return list(Notice.objects.order_by("recipient__username").values_list("recipient__username", "verb", "event_key"))


def test_schedule_is_idempotent_by_key_and_recipient(world: Any) -> None:
    first = _schedule(world)
    again = _schedule(world, due_at=DUE + dt.timedelta(hours=2))

    assert [r.pk for r in first] == [r.pk for r in again]
    assert Reminder.objects.count() == 2
    assert set(Reminder.objects.values_list("due_at", flat=True)) == {DUE + dt.timedelta(hours=2)}
    _schedule(world, key="report:2026:other")
    assert Reminder.objects.count() == 4


def test_nothing_is_sent_before_the_time(world: Any, time_machine: Any) -> None:
    _schedule(world)
    time_machine.move_to(DUE - dt.timedelta(seconds=1), tick=False)

    assert reminders_send_due() == 0
    assert Notice.objects.count() == 0
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 2


def test_due_reminders_become_notices_with_email_once(world: Any, time_machine: Any) -> None:
    _schedule(world)
    time_machine.move_to(DUE + dt.timedelta(minutes=3), tick=False)

    assert reminders_send_due() == 2
    assert _notices() == [
        ("unit_a", "due_reminder", "reminder:report:2026"),
        ("unit_b", "due_reminder", "reminder:report:2026"),
    ]
    notice = Notice.objects.get(recipient=world.unit_a_user)
    assert notice.title == "Nhắc việc: Nộp báo cáo tổng kết phong trào (hạn 17:00 ngày 22/12/2026)"
    assert notice.url == "/tasks/"
    assert notice.council_id == world.council.pk
    deliveries = Delivery.objects.filter(notice__event_key="reminder:report:2026", channel=Channel.EMAIL)
    assert sorted(deliveries.values_list("notice__recipient__username", flat=True)) == ["unit_a", "unit_b"]
    assert set(Reminder.objects.values_list("sent_at", flat=True)) == {DUE + dt.timedelta(minutes=3)}

    # the job runs again, and the key is scheduled again: nothing is sent twice
    assert reminders_send_due() == 0
    _schedule(world, due_at=DUE + dt.timedelta(days=1))
    time_machine.move_to(DUE + dt.timedelta(days=2), tick=False)
    assert reminders_send_due() == 0
    assert Notice.objects.count() == 2
    assert set(Reminder.objects.values_list("due_at", flat=True)) == {DUE}


def test_a_new_recipient_of_a_sent_key_is_still_reminded(world: Any, time_machine: Any) -> None:
    _schedule(world)
    time_machine.move_to(DUE, tick=False)
    reminders_send_due()
    _schedule(world, recipients=[world.unit_a_user, world.unit_a_user2])

    assert reminders_send_due() == 1
    assert [n[0] for n in _notices()] == ["unit_a", "unit_a2", "unit_b"]


def test_text_in_the_recipients_language_and_no_email_address(world: Any, time_machine: Any) -> None:
    world.unit_b_user.language = "en"
    world.unit_b_user.email = ""
    world.unit_b_user.save(update_fields=["language", "email"])
    _schedule(world, context={**CONTEXT, "details": "Gửi kèm biên bản họp."})
    time_machine.move_to(DUE, tick=False)
    reminders_send_due()

    english = Notice.objects.get(recipient=world.unit_b_user)
    assert english.title == "Reminder: Nộp báo cáo tổng kết phong trào (due 17:00 ngày 22/12/2026)"
    assert english.body.endswith("Gửi kèm biên bản họp.")
    assert english.deliveries.get().status == DeliveryStatus.SKIPPED
    assert Notice.objects.get(recipient=world.unit_a_user).deliveries.get().status == DeliveryStatus.PENDING


def test_cancel_drops_only_unsent_reminders_of_the_key(world: Any, time_machine: Any) -> None:
    _schedule(world, key="early", due_at=DUE - dt.timedelta(days=1))
    _schedule(world, key="late", due_at=DUE + dt.timedelta(days=1))
    time_machine.move_to(DUE, tick=False)
    reminders_send_due()

    assert reminder_cancel(key="early") == 0
    assert reminder_cancel(key="late") == 2
    assert sorted(Reminder.objects.values_list("key", flat=True)) == ["early", "early"]
    time_machine.move_to(DUE + dt.timedelta(days=2), tick=False)
    assert reminders_send_due() == 0
    assert {n[2] for n in _notices()} == {"reminder:early"}


def test_an_inactive_recipient_gets_no_notice_but_the_reminder_is_done(world: Any, time_machine: Any) -> None:
    world.unit_b_user.is_active = False
    world.unit_b_user.save(update_fields=["is_active"])
    _schedule(world)
    time_machine.move_to(DUE, tick=False)

    assert reminders_send_due() == 2
    assert [n[0] for n in _notices()] == ["unit_a"]
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"key": "  "}, "Mã nhắc việc"),
        ({"key": "x" * 151}, "Mã nhắc việc"),
        ({"verb": "no_such_kind"}, "no_such_kind"),
    ],
)
def test_bad_schedules_are_refused(world: Any, change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _schedule(world, **change)
    assert Reminder.objects.count() == 0


def test_a_naive_due_time_is_refused(world: Any) -> None:
    with pytest.raises(ValueError, match="aware"):
        _schedule(world, due_at=dt.datetime(2026, 12, 21, 8, 0))  # noqa: DTZ001 - the point of the test


def test_the_task_sends_due_reminders(world: Any, time_machine: Any) -> None:
    _schedule(world)
    time_machine.move_to(DUE, tick=False)

    assert reminders_send_due_task.delay().get() == 2
    assert reminders_send_due_task.name == "notifications.reminders_send_due_task"
    assert Notice.objects.filter(verb="due_reminder").count() == 2
