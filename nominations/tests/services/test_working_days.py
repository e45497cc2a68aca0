"""Working days: weekends, the holiday table (Tết 2026 above all), swapped
Saturdays, the Vietnamese date of a datetime given in another zone, the seeded
table, and the round's reminder days."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from hypothesis import given, settings
from hypothesis import strategies as st

from councils.calendar import (
    LOCAL_TZ,
    WorkCalendar,
    add_working_days,
    is_working_day,
    local_date,
    work_calendar,
    working_days_between,
)
from councils.models import Holiday
from nominations.models import Round

SEED = importlib.import_module("nominations.migrations.0005_seed_holidays_2025_2027")


def _seed_apps() -> object:
    """The models as the seed migration saw them (the holiday table was nominations' then)."""
    state = MigrationExecutor(connection).loader.project_state(("nominations", "0005_seed_holidays_2025_2027"))
    return state.apps


TABLE = WorkCalendar(
    days_off=frozenset(day for day, _name, off in SEED.HOLIDAYS if off),
    working_weekend_days=frozenset(day for day, _name, off in SEED.HOLIDAYS if not off),
)


def vn(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LOCAL_TZ)  # type: ignore[misc]


@pytest.fixture
def seeded(db: Any) -> None:
    """The seeded table, even after a transactional test flushed the migration's rows."""
    SEED.seed_holidays(_seed_apps(), None)


# --- weekends ---------------------------------------------------------------


def test_friday_plus_one_working_day_is_monday_same_time() -> None:
    assert add_working_days(vn(2026, 3, 6, 16, 30), 1, TABLE) == vn(2026, 3, 9, 16, 30)


def test_five_working_days_span_a_weekend() -> None:
    assert add_working_days(vn(2026, 3, 4, 9, 0), 5, TABLE) == vn(2026, 3, 11, 9, 0)


def test_a_saturday_start_counts_from_monday() -> None:
    assert add_working_days(vn(2026, 3, 7, 10, 0), 0, TABLE) == vn(2026, 3, 9, 10, 0)
    assert add_working_days(vn(2026, 3, 7, 10, 0), 1, TABLE) == vn(2026, 3, 10, 10, 0)


def test_zero_days_on_a_working_day_is_the_start_itself() -> None:
    assert add_working_days(vn(2026, 3, 4, 9, 0), 0, TABLE) == vn(2026, 3, 4, 9, 0)


# --- Tết 2026 (14–22 Feb off) -------------------------------------------------


def test_friday_before_tet_plus_one_is_monday_after_tet() -> None:
    assert add_working_days(vn(2026, 2, 13, 9, 30), 1, TABLE) == vn(2026, 2, 23, 9, 30)


def test_thursday_before_tet_plus_five_is_thursday_26_february() -> None:
    # 13 Feb, then 23, 24, 25, 26 Feb: the nine days of Tết and the weekends are skipped
    assert add_working_days(vn(2026, 2, 12, 10, 0), 5, TABLE) == vn(2026, 2, 26, 10, 0)


def test_a_start_inside_tet_counts_from_the_first_day_back() -> None:
    assert add_working_days(vn(2026, 2, 17, 8, 0), 0, TABLE) == vn(2026, 2, 23, 8, 0)
    assert add_working_days(vn(2026, 2, 17, 8, 0), 2, TABLE) == vn(2026, 2, 25, 8, 0)


def test_tet_days_are_not_working_days() -> None:
    assert is_working_day(dt.date(2026, 2, 13), TABLE)
    assert [day for day in range(14, 23) if is_working_day(dt.date(2026, 2, day), TABLE)] == []
    assert is_working_day(dt.date(2026, 2, 23), TABLE)


def test_without_the_holiday_table_tet_would_count() -> None:
    # the same start with weekends alone: the table is what moves the date
    assert add_working_days(vn(2026, 2, 12, 10, 0), 5, WorkCalendar()) == vn(2026, 2, 19, 10, 0)


# --- days in lieu and swapped days --------------------------------------------


def test_day_in_lieu_and_swapped_saturday() -> None:
    assert not is_working_day(dt.date(2026, 4, 27), TABLE)  # Giỗ Tổ fell on Sunday 26/4
    assert not is_working_day(dt.date(2026, 8, 31), TABLE)  # swapped with Saturday 22/8
    assert is_working_day(dt.date(2026, 8, 22), TABLE)  # the Saturday worked in exchange
    assert not is_working_day(dt.date(2026, 8, 29), TABLE)  # an ordinary Saturday
    assert add_working_days(vn(2026, 8, 21, 9, 0), 1, TABLE) == vn(2026, 8, 22, 9, 0)


# --- time zones ---------------------------------------------------------------


def test_the_date_is_the_vietnamese_one() -> None:
    # 20:00 UTC on Friday 13 Feb is 03:00 on Saturday 14 Feb in Hà Nội: already Tết
    start = dt.datetime(2026, 2, 13, 20, 0, tzinfo=dt.UTC)
    assert local_date(start) == dt.date(2026, 2, 14)
    assert not is_working_day(start, TABLE)
    assert add_working_days(start, 1, TABLE) == vn(2026, 2, 24, 3, 0)
    assert add_working_days(start, 1, TABLE).tzinfo == ZoneInfo("Asia/Ho_Chi_Minh")


def test_naive_datetimes_and_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        add_working_days(dt.datetime(2026, 2, 13, 9, 0), 1, TABLE)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="negative"):
        add_working_days(vn(2026, 2, 13, 9, 0), -1, TABLE)


# --- counting -------------------------------------------------------------------


def test_working_days_between() -> None:
    assert working_days_between(vn(2026, 2, 12, 10, 0), vn(2026, 2, 26, 10, 0), TABLE) == 5
    assert working_days_between(vn(2026, 2, 26, 10, 0), vn(2026, 2, 12, 10, 0), TABLE) == -5
    assert working_days_between(dt.date(2026, 2, 13), dt.date(2026, 2, 22), TABLE) == 0
    assert working_days_between(dt.date(2026, 3, 6), dt.date(2026, 3, 6), TABLE) == 0
    # 31/12/2026 to 4/1/2027: New Year's Day off, then the weekend, then Monday
    assert working_days_between(dt.date(2026, 12, 31), dt.date(2027, 1, 4), TABLE) == 1


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 1)),
    minutes=st.integers(min_value=0, max_value=24 * 60 - 1),
    days=st.integers(min_value=0, max_value=40),
)
def test_counting_back_gives_the_days_added(day: dt.date, minutes: int, days: int) -> None:
    start = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=LOCAL_TZ)
    end = add_working_days(start, days, TABLE)
    assert end.time() == start.time()
    assert is_working_day(end, TABLE)
    if is_working_day(start, TABLE):
        assert working_days_between(start, end, TABLE) == days


# --- the seeded table, read by the selector --------------------------------------


@pytest.mark.django_db
def test_seeded_table_has_the_three_years(seeded: None) -> None:
    dates = set(Holiday.objects.filter(is_day_off=True).values_list("date", flat=True))
    for year in (2025, 2026, 2027):
        assert dt.date(year, 1, 1) in dates
        assert dt.date(year, 4, 30) in dates
        assert dt.date(year, 5, 1) in dates
        assert dt.date(year, 9, 2) in dates
    assert {dt.date(2026, 2, day) for day in range(14, 23)} <= dates
    assert {dt.date(2025, 1, 25) + dt.timedelta(days=n) for n in range(9)} <= dates
    assert {dt.date(2025, 4, 7), dt.date(2026, 4, 26), dt.date(2027, 4, 16)} <= dates  # Giỗ Tổ
    assert {dt.date(2025, 9, 1), dt.date(2026, 9, 1), dt.date(2027, 9, 3)} <= dates
    assert Holiday.objects.get(date=dt.date(2025, 4, 26)).is_day_off is False


@pytest.mark.django_db
def test_the_selector_reads_edits_of_the_table(seeded: None) -> None:
    start = vn(2026, 3, 5, 9, 0)
    assert add_working_days(start, 1) == vn(2026, 3, 6, 9, 0)  # no calendar given: the table is read
    Holiday.objects.create(date=dt.date(2026, 3, 6), name="Ngày nghỉ do hội đồng bổ sung")
    assert add_working_days(start, 1) == vn(2026, 3, 9, 9, 0)
    assert dt.date(2026, 3, 6) in work_calendar().days_off


@pytest.mark.django_db
def test_seeding_again_keeps_edits_and_adds_nothing(seeded: None) -> None:
    Holiday.objects.filter(date=dt.date(2027, 2, 4)).update(name="Đã đối chiếu quyết định")
    count = Holiday.objects.count()
    SEED.seed_holidays(_seed_apps(), None)
    assert Holiday.objects.count() == count
    assert Holiday.objects.get(date=dt.date(2027, 2, 4)).name == "Đã đối chiếu quyết định"


# --- the round's reminder days ------------------------------------------------------


@pytest.mark.django_db
def test_round_reminder_days_default_and_validation(world: Any) -> None:
    round_ = Round.objects.get(pk=world.round.pk)
    assert round_.reminder_days == [7, 3, 1]
    for bad in ([7, -1], ["7"], [True], 7, [1.5]):
        round_.reminder_days = bad
        with pytest.raises(ValidationError) as caught:
            round_.full_clean()
        assert "reminder_days" in caught.value.message_dict
    round_.reminder_days = [10, 0]
    round_.full_clean()
    round_.reminder_days = []
    round_.full_clean()
