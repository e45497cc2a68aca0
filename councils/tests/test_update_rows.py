"""common.bulk.update_rows on a real table: each row gets its own values in one statement, other rows and fields untouched."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.bulk import update_rows
from councils.models import Holiday

pytestmark = pytest.mark.django_db


def test_each_row_gets_its_own_values_in_one_statement() -> None:
    rows = [Holiday.objects.create(date=dt.date(2031, 1, day), name=f"Ngày {day}") for day in range(1, 8)]
    untouched = Holiday.objects.create(date=dt.date(2031, 2, 1), name="Không đổi")
    rows[0].name, rows[0].is_day_off = "Tết Dương lịch", True
    rows[1].name, rows[1].is_day_off = "Ngày làm bù", False
    rows[2].name = "Giỗ Tổ Hùng Vương — mùng 10/3"
    rows[2].date = dt.date(2031, 4, 1)  # a field not named is not written
    with CaptureQueriesContext(connection) as queries:
        assert update_rows(Holiday, rows[:3], ["name", "is_day_off"]) == 3
    assert len(queries) == 1
    got = {h.pk: (h.date, h.name, h.is_day_off) for h in Holiday.objects.all()}
    assert got[rows[0].pk] == (dt.date(2031, 1, 1), "Tết Dương lịch", True)
    assert got[rows[1].pk] == (dt.date(2031, 1, 2), "Ngày làm bù", False)
    assert got[rows[2].pk] == (dt.date(2031, 1, 3), "Giỗ Tổ Hùng Vương — mùng 10/3", True)
    assert got[rows[3].pk] == (dt.date(2031, 1, 4), "Ngày 4", True)
    assert got[untouched.pk] == (dt.date(2031, 2, 1), "Không đổi", True)


def test_batches_split_a_long_list() -> None:
    rows = [Holiday.objects.create(date=dt.date(2032, 1, 1) + dt.timedelta(days=i), name="x") for i in range(25)]
    for i, row in enumerate(rows):
        row.name = f"Ngày thứ {i}"
    with CaptureQueriesContext(connection) as queries:
        assert update_rows(Holiday, rows, ["name"], batch=10) == 25
    assert len(queries) == 3
    assert sorted(Holiday.objects.filter(pk__in=[r.pk for r in rows]).values_list("name", flat=True)) == sorted(
        f"Ngày thứ {i}" for i in range(25)
    )


def test_nothing_to_write_sends_nothing() -> None:
    with CaptureQueriesContext(connection) as queries:
        assert update_rows(Holiday, [], ["name"]) == 0
    assert len(queries) == 0
