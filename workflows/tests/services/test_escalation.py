"""Overdue flow tasks across a weekend and Tết 2026: a review submitted on
Thursday 12 Feb 2026 at 10:00 with 5 working days is due on Thursday 26 Feb at
10:00 (13 Feb, then 23–26 Feb); the responsible are told then, the secretariat
and the chairman later, each level once however often the scan runs."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from nominations.models import Round
from notifications.models import Channel, Delivery, Notice
from workflows import services as ws
from workflows.escalation import overdue_scan
from workflows.models import DeadlineStep, DossierTask, StepDeadline
from workflows.selectors import StepRule, step_rules
from workflows.tasks import overdue_scan_task

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SEED = importlib.import_module("nominations.migrations.0005_seed_holidays_2025_2027")


def _seed_apps() -> object:
    """The models as the seed migration saw them (the holiday table was nominations' then)."""
    state = MigrationExecutor(connection).loader.project_state(("nominations", "0005_seed_holidays_2025_2027"))
    return state.apps


def vn(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN)  # type: ignore[misc]


@pytest.fixture
def clock(world: Any, time_machine: Any) -> Any:
    """The holiday table seeded, the round open for the spring of 2026, the clock on Thursday 12 Feb 10:00."""
    SEED.seed_holidays(_seed_apps(), None)
    Round.objects.filter(pk=world.round.pk).update(opens_at=vn(2026, 1, 5, 8, 0), closes_at=vn(2026, 3, 31, 17, 0))
    world.round.refresh_from_db()
    time_machine.move_to(vn(2026, 2, 12, 10, 0), tick=False)
    return time_machine


def scan(clock: Any, at: dt.datetime) -> int:
    clock.move_to(at, tick=False)
    return overdue_scan()


def overdue() -> list[tuple[str, str, str]]:
    return list(
        Notice.objects.filter(verb="task_overdue")
        .order_by("created_at", "event_key", "recipient__username")
        .values_list("recipient__username", "verb", "event_key")
    )


def active_task_pk(nomination: Any) -> int:
    return DossierTask.objects.filter(process=ws.process_for(nomination), status__in=ws.ACTIVE).get().pk


def test_review_is_due_after_five_working_days_across_tet(world: Any, make_dossier: Any, clock: Any) -> None:
    nomination = make_dossier("submitted")
    task = active_task_pk(nomination)

    assert scan(clock, vn(2026, 2, 19, 10, 0)) == 0  # Tết: 14–22 Feb are not counted
    assert scan(clock, vn(2026, 2, 26, 9, 59)) == 0
    assert scan(clock, vn(2026, 2, 26, 10, 0)) == 2
    assert overdue() == [
        ("secretariat", "task_overdue", f"task:{task}:overdue:due"),
        ("secretariat2", "task_overdue", f"task:{task}:overdue:due"),
    ]
    notice = Notice.objects.get(verb="task_overdue", recipient=world.secretariat)
    assert notice.title == "Hồ sơ “Đề nghị khen thưởng năm” của Tiểu khu Trang Các quá hạn thẩm định"
    assert "hạn thẩm định là 10:00 ngày 26/02/2026." in notice.body
    assert notice.url == f"/dossiers/{nomination.pk}/"
    emails = Delivery.objects.filter(notice__verb="task_overdue", channel=Channel.EMAIL)
    assert sorted(emails.values_list("notice__recipient__username", flat=True)) == ["secretariat", "secretariat2"]

    # the chairman 3 working days after the due time (27 Feb, 2 and 3 Mar), once
    assert scan(clock, vn(2026, 2, 26, 11, 10)) == 0
    assert scan(clock, vn(2026, 3, 3, 9, 10)) == 0
    assert scan(clock, vn(2026, 3, 3, 10, 10)) == 1
    assert scan(clock, vn(2026, 3, 3, 11, 10)) == 0
    assert overdue()[-1] == ("chairman", "task_overdue", f"task:{task}:overdue:chairman")
    chairman = Notice.objects.get(verb="task_overdue", recipient=world.chairman)
    assert chairman.title.startswith("[Báo cáo quá hạn] Hồ sơ “Đề nghị khen thưởng năm”")
    assert "đã quá 3 ngày làm việc" in chairman.body
    assert "chủ tịch hội đồng" in chairman.body
    assert len(overdue()) == 3


def test_a_review_someone_holds_is_their_own_to_be_told(world: Any, make_dossier: Any, clock: Any) -> None:
    nomination = make_dossier("submitted")
    ws.dossier_open(user=world.secretariat2, nomination=nomination)

    scan(clock, vn(2026, 2, 26, 10, 0))
    assert [user for user, _verb, _key in overdue()] == ["secretariat2"]


def test_a_returned_dossier_goes_to_the_unit_then_secretariat_then_chairman(
    world: Any, make_dossier: Any, clock: Any
) -> None:
    nomination = make_dossier("returned")
    task = active_task_pk(nomination)
    key = f"task:{task}:overdue:%s"

    assert scan(clock, vn(2026, 2, 26, 10, 0)) == 2
    assert scan(clock, vn(2026, 2, 26, 10, 0)) == 0
    assert overdue() == [("unit_a", "task_overdue", key % "due"), ("unit_a2", "task_overdue", key % "due")]
    unit_notice = Notice.objects.get(verb="task_overdue", recipient=world.unit_a_user)
    assert unit_notice.title == "Tiểu khu Trang Các quá hạn gửi lại hồ sơ “Đề nghị khen thưởng năm”"
    assert "hạn đơn vị sửa và gửi lại là 10:00 ngày 26/02/2026." in unit_notice.body

    # the secretariat 2 working days later: Friday 27 Feb, Monday 2 Mar
    assert scan(clock, vn(2026, 2, 28, 10, 0)) == 0
    assert scan(clock, vn(2026, 3, 2, 10, 0)) == 2
    assert scan(clock, vn(2026, 3, 2, 11, 0)) == 0
    # the chairman 5 working days after the due time: Thursday 5 Mar
    assert scan(clock, vn(2026, 3, 5, 9, 0)) == 0
    assert scan(clock, vn(2026, 3, 5, 10, 0)) == 1
    assert scan(clock, vn(2026, 3, 6, 10, 0)) == 0

    assert overdue() == [
        ("unit_a", "task_overdue", key % "due"),
        ("unit_a2", "task_overdue", key % "due"),
        ("secretariat", "task_overdue", key % "secretariat"),
        ("secretariat2", "task_overdue", key % "secretariat"),
        ("chairman", "task_overdue", key % "chairman"),
    ]
    secretariat = Notice.objects.get(verb="task_overdue", recipient=world.secretariat)
    assert secretariat.title == "[Báo cáo quá hạn] Tiểu khu Trang Các quá hạn gửi lại hồ sơ “Đề nghị khen thưởng năm”"
    assert "đã quá 2 ngày làm việc" in secretariat.body
    assert "thường trực hội đồng để đôn đốc" in secretariat.body
    emails = Delivery.objects.filter(notice__verb="task_overdue", channel=Channel.EMAIL)
    assert emails.count() == 5
    assert not Notice.objects.filter(
        verb="task_overdue", recipient__username__in=["unit_b", "member", "admin", "other_secretariat"]
    ).exists()


def test_a_scan_after_missed_hours_sends_every_level_due_once(world: Any, make_dossier: Any, clock: Any) -> None:
    nomination = make_dossier("returned")
    task = active_task_pk(nomination)

    assert scan(clock, vn(2026, 3, 9, 10, 10)) == 5
    assert scan(clock, vn(2026, 3, 9, 11, 10)) == 0
    assert sorted(key.rsplit(":", 1)[-1] for _user, _verb, key in overdue()) == [
        "chairman",
        "due",
        "due",
        "secretariat",
        "secretariat",
    ]
    assert {key.rsplit(":", 2)[0] for _user, _verb, key in overdue()} == {f"task:{task}"}


def test_first_drafts_and_finished_tasks_are_never_overdue(world: Any, make_dossier: Any, clock: Any) -> None:
    make_dossier("draft")
    make_dossier("accepted", unit=world.unit_b)
    recalled = make_dossier("submitted")
    ws.dossier_recall(user=world.unit_a_user, nomination=recalled)

    assert scan(clock, vn(2026, 3, 31, 10, 0)) == 0


def test_a_resubmitted_dossier_is_timed_from_the_resubmission(world: Any, make_dossier: Any, clock: Any) -> None:
    nomination = make_dossier("returned")
    clock.move_to(vn(2026, 2, 25, 15, 0), tick=False)
    ws.dossier_submit(user=world.unit_a_user, nomination=nomination)
    review = active_task_pk(nomination)

    # due 26, 27 Feb, 2, 3, 4 Mar at 15:00; the revision finished in time, so nothing for it.  The
    # resubmitted review went back to the officer who returned it: that officer alone is reminded.
    assert scan(clock, vn(2026, 3, 4, 14, 59)) == 0
    assert scan(clock, vn(2026, 3, 4, 15, 0)) == 1
    assert [(user, key) for user, _verb, key in overdue()] == [("secretariat", f"task:{review}:overdue:due")]


def test_the_councils_own_time_limit_across_a_weekend(world: Any, make_dossier: Any, clock: Any) -> None:
    StepDeadline.objects.create(
        council=world.council, step=DeadlineStep.REVIEW, working_days=1, escalate_to_chairman_after_days=None
    )
    clock.move_to(vn(2026, 3, 6, 16, 0), tick=False)  # Friday
    make_dossier("submitted")

    assert scan(clock, vn(2026, 3, 7, 16, 0)) == 0  # Saturday
    assert scan(clock, vn(2026, 3, 8, 16, 0)) == 0  # Sunday
    assert scan(clock, vn(2026, 3, 9, 15, 59)) == 0
    assert scan(clock, vn(2026, 3, 9, 16, 0)) == 2  # Monday, same time
    assert scan(clock, vn(2026, 3, 31, 16, 0)) == 0  # no chairman level in this council's rule


def test_text_in_english_for_a_user_who_chose_it(world: Any, make_dossier: Any, clock: Any) -> None:
    world.secretariat2.language = "en"
    world.secretariat2.save(update_fields=["language"])
    make_dossier("submitted")
    scan(clock, vn(2026, 2, 27, 10, 0))

    notice = Notice.objects.get(verb="task_overdue", recipient=world.secretariat2)
    assert notice.title == "The review of “Đề nghị khen thưởng năm” of Tiểu khu Trang Các is overdue"
    assert "which was due at 10:00 on 26/02/2026, 1 working day ago." in notice.body


def test_step_rules_fall_back_to_the_settings(world: Any, settings: Any) -> None:
    StepDeadline.objects.create(
        council=world.council,
        step=DeadlineStep.REVISE,
        working_days=3,
        escalate_to_secretariat_after_days=1,
        escalate_to_chairman_after_days=2,
    )
    rules = step_rules(council_ids={world.council.pk, world.other_council.pk})

    assert rules[(world.council.pk, "revise")] == StepRule(3, 1, 2)
    assert rules[(world.other_council.pk, "revise")] == StepRule(5, 2, 5)
    assert rules[(world.council.pk, "review")] == StepRule(5, None, 3)


def test_the_chairman_is_not_told_before_the_secretariat(world: Any) -> None:
    rule = StepDeadline(
        council=world.council,
        step=DeadlineStep.REVISE,
        working_days=5,
        escalate_to_secretariat_after_days=4,
        escalate_to_chairman_after_days=2,
    )
    with pytest.raises(ValidationError) as caught:
        rule.full_clean()
    assert "escalate_to_chairman_after_days" in caught.value.message_dict


def test_the_task_runs_the_scan(world: Any, make_dossier: Any, clock: Any) -> None:
    make_dossier("submitted")
    clock.move_to(vn(2026, 2, 26, 10, 10), tick=False)

    assert overdue_scan_task.delay().get() == 2
    assert overdue_scan_task.name == "workflows.overdue_scan_task"
