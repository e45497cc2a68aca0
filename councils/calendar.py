"""Working days in Vietnam: Monday to Friday, less the public holidays and Tết
of the holiday table, plus the weekend days the government turns into working
days in exchange for a day off (ngày làm bù).  Dates are local dates in
Asia/Ho_Chi_Minh, whatever time zone a datetime arrives in.

Pure functions: pass a ``WorkCalendar``; without one, the holiday table is read
(``nominations.selectors.work_calendar``) — a job that computes many due
times reads it once and passes it in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from councils.models import Holiday

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKEND = frozenset({5, 6})  # Saturday, Sunday


@dataclass(frozen=True)
class WorkCalendar:
    """The holiday table as two sets of local dates."""

    days_off: frozenset[dt.date] = frozenset()
    working_weekend_days: frozenset[dt.date] = frozenset()

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.days_off:
            return False
        return day.weekday() not in WEEKEND or day in self.working_weekend_days


def _calendar(calendar: WorkCalendar | None) -> WorkCalendar:
    if calendar is not None:
        return calendar
    return work_calendar()


def local_date(value: dt.date | dt.datetime) -> dt.date:
    """The date in Vietnam of an aware datetime (a plain date is returned as it is)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("a naive datetime has no date in Vietnam; pass an aware datetime")
        return value.astimezone(LOCAL_TZ).date()
    return value


def is_working_day(day: dt.date | dt.datetime, calendar: WorkCalendar | None = None) -> bool:
    return _calendar(calendar).is_working_day(local_date(day))


def add_working_days(start: dt.datetime, days: int, calendar: WorkCalendar | None = None) -> dt.datetime:
    """The same local time ``days`` working days after ``start``, in Asia/Ho_Chi_Minh.

    A start on a weekend or a holiday counts from the next working day, so a
    task created on Saturday with 1 working day is due on Tuesday at the same time.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    calendar = _calendar(calendar)
    day = local_date(start)
    local = start.astimezone(LOCAL_TZ)
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    remaining = days
    while remaining:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return dt.datetime.combine(day, local.time(), tzinfo=LOCAL_TZ)


def working_days_between(
    a: dt.date | dt.datetime, b: dt.date | dt.datetime, calendar: WorkCalendar | None = None
) -> int:
    """Working days after ``a``'s date up to and including ``b``'s (negative when ``b`` is earlier).

    ``working_days_between(start, add_working_days(start, n)) == n`` for a start on a working day.
    """
    calendar = _calendar(calendar)
    first, last = local_date(a), local_date(b)
    sign = 1
    if last < first:
        first, last, sign = last, first, -1
    count = 0
    day = first + dt.timedelta(days=1)
    while day <= last:
        if calendar.is_working_day(day):
            count += 1
        day += dt.timedelta(days=1)
    return sign * count


def work_calendar() -> WorkCalendar:
    """The holiday table as the working-day calendar reads it."""
    rows = list(Holiday.objects.values_list("date", "is_day_off"))
    return WorkCalendar(
        days_off=frozenset(day for day, off in rows if off),
        working_weekend_days=frozenset(day for day, off in rows if not off),
    )
