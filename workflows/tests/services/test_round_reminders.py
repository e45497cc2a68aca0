"""Before a round closes (17:00 on Saturday 26/12/2026) the units that have not
submitted are reminded 7, 3 and 1 days before, each threshold once; a unit that
submitted is not; when the daily job missed days only the nearest threshold goes."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from councils.models import UnitKind, UnitMembership
from nominations.models import Round
from notifications.models import Channel, Delivery, DeliveryStatus, Notice
from tests import factories
from workflows import services as ws
from workflows.reminders import reminder_threshold, round_closing_remind
from workflows.tasks import round_closing_remind_task

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN)  # type: ignore[misc]


class Setup:
    """unit A has a draft, unit B submitted, the health station's dossier was
    returned, a closed-down unit and the other council's unit have nothing."""

    def __init__(self, world: Any, make_dossier: Any) -> None:
        self.world = world
        self.round = world.round
        self.health = factories.UnitFactory(council=world.council, name="Trạm Y tế thị trấn", kind=UnitKind.HEALTH)
        self.health_user = factories.UserFactory(username="health", email="health@thidua.example")
        UnitMembership.objects.create(unit=self.health, user=self.health_user)
        closed = factories.UnitFactory(council=world.council, name="Tổ dân phố đã giải thể", is_active=False)
        UnitMembership.objects.create(
            unit=closed, user=factories.UserFactory(username="closed_unit", email="closed@thidua.example")
        )
        self.draft = make_dossier("draft")
        self.submitted = make_dossier("submitted", unit=world.unit_b)
        self.returned = make_dossier("returned", unit=self.health, user=self.health_user)

    def key(self, days: int, unit: Any) -> str:
        return f"round:{self.round.pk}:closing:{days}:unit:{unit.pk}"


@pytest.fixture
def setup(world: Any, make_dossier: Any, time_machine: Any) -> Setup:
    time_machine.move_to(vn(2026, 12, 1, 9, 0), tick=False)
    Round.objects.filter(pk=world.round.pk).update(opens_at=vn(2026, 12, 1, 8, 0), closes_at=vn(2026, 12, 26, 17, 0))
    Round.objects.filter(pk=world.other_round.pk).update(
        opens_at=vn(2026, 12, 1, 8, 0), closes_at=vn(2027, 1, 20, 17, 0)
    )
    world.round.refresh_from_db()
    return Setup(world, make_dossier)


def run(time_machine: Any, at: dt.datetime) -> int:
    time_machine.move_to(at, tick=False)
    return round_closing_remind()


def sent() -> list[tuple[str, str, str]]:
    return list(
        Notice.objects.filter(verb="round_closing")
        .order_by("event_key", "recipient__username")
        .values_list("recipient__username", "verb", "event_key")
    )


def test_units_that_have_not_submitted_are_reminded_seven_days_before(setup: Setup, time_machine: Any) -> None:
    world = setup.world
    assert run(time_machine, vn(2026, 12, 18, 7, 0)) == 0  # 8 days left

    assert run(time_machine, vn(2026, 12, 19, 7, 0)) == 3
    assert sent() == sorted(
        [
            ("unit_a", "round_closing", setup.key(7, world.unit_a)),
            ("unit_a2", "round_closing", setup.key(7, world.unit_a)),
            ("health", "round_closing", setup.key(7, setup.health)),
        ],
        key=lambda row: (row[2], row[0]),
    )
    notice = Notice.objects.get(recipient=world.unit_a_user)
    assert notice.title == "Còn 7 ngày đến hạn nộp hồ sơ Xét khen thưởng tổng kết năm"
    assert "Hạn nộp: 17:00 ngày 26/12/2026." in notice.body
    assert "Tiểu khu Trang Các" in notice.body
    assert notice.url == "/dossiers/new/"
    assert notice.council_id == world.council.pk
    emails = Delivery.objects.filter(notice__verb="round_closing", channel=Channel.EMAIL)
    assert sorted(emails.values_list("notice__recipient__username", flat=True)) == ["health", "unit_a", "unit_a2"]
    assert set(emails.values_list("status", flat=True)) == {DeliveryStatus.PENDING}


def test_each_threshold_is_sent_once_across_the_days(setup: Setup, time_machine: Any) -> None:
    unit_a = setup.world.unit_a
    new_keys: dict[str, set[str]] = {}
    for day in range(17, 27):
        before = {key for _user, _verb, key in sent()}
        run(time_machine, vn(2026, 12, day, 7, 0))
        run(time_machine, vn(2026, 12, day, 7, 5))  # a second run the same morning adds nothing
        new_keys[f"{day}/12"] = {key for _user, _verb, key in sent()} - before
    run(time_machine, vn(2026, 12, 26, 18, 0))  # closed

    assert {day for day, keys in new_keys.items() if keys} == {"19/12", "23/12", "25/12"}
    assert new_keys["19/12"] == {setup.key(7, unit_a), setup.key(7, setup.health)}
    assert new_keys["23/12"] == {setup.key(3, unit_a), setup.key(3, setup.health)}
    assert new_keys["25/12"] == {setup.key(1, unit_a), setup.key(1, setup.health)}
    assert Notice.objects.filter(recipient=setup.world.unit_a_user).count() == 3
    assert not Notice.objects.filter(recipient__username__in=["unit_b", "closed_unit", "other_unit"]).exists()


def test_when_the_job_missed_days_only_the_nearest_threshold_is_sent(setup: Setup, time_machine: Any) -> None:
    unit_a = setup.world.unit_a
    run(time_machine, vn(2026, 12, 24, 7, 0))  # 2 days left: 7 and 3 have both passed

    assert {key for _user, _verb, key in sent()} == {setup.key(3, unit_a), setup.key(3, setup.health)}
    assert Notice.objects.get(recipient=setup.world.unit_a_user).title.startswith("Còn 2 ngày")

    run(time_machine, vn(2026, 12, 25, 7, 0))
    assert {key for _user, _verb, key in sent()} == {
        setup.key(days, unit) for days in (3, 1) for unit in (unit_a, setup.health)
    }


def test_a_unit_that_submits_is_no_longer_reminded(setup: Setup, time_machine: Any) -> None:
    world = setup.world
    run(time_machine, vn(2026, 12, 19, 7, 0))
    time_machine.move_to(vn(2026, 12, 21, 10, 0), tick=False)
    ws.dossier_submit(user=world.unit_a_user, nomination=setup.draft)

    run(time_machine, vn(2026, 12, 23, 7, 0))
    assert {key for _user, _verb, key in sent()} == {
        setup.key(7, world.unit_a),
        setup.key(7, setup.health),
        setup.key(3, setup.health),
    }


def test_the_rounds_own_reminder_days(setup: Setup, time_machine: Any) -> None:
    Round.objects.filter(pk=setup.round.pk).update(reminder_days=[10, 0])
    run(time_machine, vn(2026, 12, 16, 7, 0))
    run(time_machine, vn(2026, 12, 19, 7, 0))
    run(time_machine, vn(2026, 12, 26, 7, 0))

    assert {key for user, _verb, key in sent() if user == "unit_a"} == {
        setup.key(10, setup.world.unit_a),
        setup.key(0, setup.world.unit_a),
    }
    today = Notice.objects.get(recipient=setup.world.unit_a_user, event_key=setup.key(0, setup.world.unit_a))
    assert today.title == "Hôm nay là hạn nộp hồ sơ Xét khen thưởng tổng kết năm"

    Round.objects.filter(pk=setup.round.pk).update(reminder_days=[])
    Notice.objects.all().delete()
    run(time_machine, vn(2026, 12, 25, 7, 0))
    assert sent() == []


def test_text_in_english_for_a_user_who_chose_it(setup: Setup, time_machine: Any) -> None:
    user = setup.world.unit_a_user2
    user.language = "en"
    user.save(update_fields=["language"])
    run(time_machine, vn(2026, 12, 25, 7, 0))

    notice = Notice.objects.get(recipient=user)
    assert notice.title == "1 day left to submit to Xét khen thưởng tổng kết năm"
    assert "Deadline: 17:00 on 26/12/2026." in notice.body
    assert Notice.objects.get(recipient=setup.world.unit_a_user).title.startswith("Còn 1 ngày")


def test_the_task_runs_the_service(setup: Setup, time_machine: Any) -> None:
    time_machine.move_to(vn(2026, 12, 19, 7, 0), tick=False)
    assert round_closing_remind_task.delay().get() == 3
    assert round_closing_remind_task.name == "workflows.round_closing_remind_task"


@pytest.mark.parametrize(
    ("days", "days_left", "expected"),
    [
        ([7, 3, 1], 8, None),
        ([7, 3, 1], 7, 7),
        ([7, 3, 1], 5, 7),
        ([7, 3, 1], 2, 3),
        ([1, 7, 3], 0, 1),
        ([7, 3, 1, 0], 0, 0),
        ([], 1, None),
        (["3", -1, True, 3], 2, 3),  # junk written around the admin's validation is ignored
    ],
)
def test_reminder_threshold(days: list[Any], days_left: int, expected: int | None) -> None:
    assert reminder_threshold(reminder_days=days, days_left=days_left) == expected
