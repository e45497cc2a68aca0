"""The periodic jobs, as django_celery_beat rows an administrator edits in the
admin ("Periodic tasks"): beat runs with the DatabaseScheduler and reads them.

* the delivery sweeper (``notifications.delivery_sweep_task``) every 60 s;
* the due reminders (``notifications.reminders_send_due_task``) every 5 minutes;
* the round-closing reminders (``workflows.round_closing_remind_task``) daily at 07:00;
* the overdue scan (``workflows.overdue_scan_task``) every hour at minute 10.

Crontab times are Asia/Ho_Chi_Minh.  Idempotent: a row that already exists by
name (made by an earlier run, or edited in the admin) is left as it is.  The
sweeper's row has the name of the ``CELERY_BEAT_SCHEDULE`` entry in the settings,
so the two never make two sweepers.
"""

from django.db import migrations
from django.utils import timezone

TIME_ZONE = "Asia/Ho_Chi_Minh"

# name, task, schedule, description, expire_seconds
SCHEDULES = [
    (
        "notifications.delivery_sweep",
        "notifications.delivery_sweep_task",
        ("interval", 60, "seconds"),
        "Gửi lại các thư thông báo còn chờ (Redis hoặc worker từng bị gián đoạn).",
        60,
    ),
    (
        "notifications.reminders_send_due",
        "notifications.reminders_send_due_task",
        ("interval", 5, "minutes"),
        "Gửi các nhắc việc đã đến giờ.",
        None,
    ),
    (
        "workflows.round_closing_remind",
        "workflows.round_closing_remind_task",
        ("crontab", "0", "7"),
        "Nhắc các đơn vị chưa gửi hồ sơ khi đợt xét sắp hết hạn (mỗi ngày lúc 07:00).",
        None,
    ),
    (
        "workflows.overdue_scan",
        "workflows.overdue_scan_task",
        ("crontab", "10", "*"),
        "Nhắc việc quá hạn và báo lên thường trực, chủ tịch (mỗi giờ, phút 10).",
        None,
    ),
]


def _schedule(apps, spec):
    if spec[0] == "interval":
        IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
        _kind, every, period = spec
        found = IntervalSchedule.objects.filter(every=every, period=period).order_by("pk").first()
        return "interval", found or IntervalSchedule.objects.create(every=every, period=period)
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    _kind, minute, hour = spec
    fields = {
        "minute": minute,
        "hour": hour,
        "day_of_week": "*",
        "day_of_month": "*",
        "month_of_year": "*",
        "timezone": TIME_ZONE,
    }
    found = CrontabSchedule.objects.filter(**fields).order_by("pk").first()
    return "crontab", found or CrontabSchedule.objects.create(**fields)


def create_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    changed = False
    for name, task, spec, description, expire_seconds in SCHEDULES:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        field, schedule = _schedule(apps, spec)
        PeriodicTask.objects.create(
            name=name,
            task=task,
            description=description,
            expire_seconds=expire_seconds,
            enabled=True,
            **{field: schedule},
        )
        changed = True
    if changed:
        # a running beat reloads its schedule when this stamp moves
        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, *_rest in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("notifications", "0002_reminder"),
        ("workflows", "0002_step_deadline"),
    ]

    operations = [
        migrations.RunPython(create_schedules, remove_schedules),
    ]
