"""Numbers, dates and money as administrative documents write them (Nghị định 30/2020)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from printing import formats as docformat


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 1, 5), "Hà Trung, ngày 05 tháng 01 năm 2026"),
        (dt.date(2026, 3, 15), "Hà Trung, ngày 15 tháng 3 năm 2026"),
        (dt.date(2026, 2, 28), "Hà Trung, ngày 28 tháng 02 năm 2026"),
        (dt.date(2026, 12, 9), "Hà Trung, ngày 09 tháng 12 năm 2026"),
        (dt.date(2026, 10, 10), "Hà Trung, ngày 10 tháng 10 năm 2026"),
        (dt.date(2026, 9, 1), "Hà Trung, ngày 01 tháng 9 năm 2026"),
    ],
)
def test_days_below_ten_and_the_first_two_months_take_a_leading_zero(day: dt.date, expected: str) -> None:
    assert docformat.administrative_date("Hà Trung", day) == expected


def test_a_draft_leaves_the_day_blank() -> None:
    assert docformat.administrative_date("Hà Trung", None, month_of=dt.date(2023, 12, 1)) == (
        "Hà Trung, ngày     tháng 12 năm 2023"
    )
    assert docformat.administrative_date("Hà Trung", None, month_of=dt.date(2024, 2, 1)) == (
        "Hà Trung, ngày     tháng 02 năm 2024"
    )
    blank = docformat.administrative_date("Hà Trung", None)
    assert blank.startswith("Hà Trung, ngày     tháng ")
    assert not any(ch.isdigit() for ch in blank)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (5, "Số: 05/QĐ-UBND"),
        (15, "Số: 15/QĐ-UBND"),
        (1, "Số: 01/QĐ-UBND"),
        (123, "Số: 123/QĐ-UBND"),
        (None, "Số:      /QĐ-UBND"),
    ],
)
def test_document_numbers(number: int | None, expected: str) -> None:
    assert docformat.document_number(number, "QĐ-UBND") == expected


def test_short_dates() -> None:
    assert docformat.short_date(dt.date(2026, 1, 5)) == "05/01/2026"
    assert docformat.short_date(None, month_of=dt.date(2026, 12, 1)) == "   /12/2026"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (759_000, "759.000"),
        (2_530_000, "2.530.000"),
        (0, "0"),
        (999, "999"),
        (Decimal("1518000"), "1.518.000"),
        (None, ""),
    ],
)
def test_money_has_dots_between_thousands(amount: int | Decimal | None, expected: str) -> None:
    assert docformat.money(amount) == expected


def test_percent_has_a_decimal_comma() -> None:
    assert docformat.percent("66.67") == "66,67%"


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("Ủy ban nhân dân thị trấn Hà Trung", ("ỦY BAN NHÂN DÂN", "THỊ TRẤN HÀ TRUNG")),
        ("Uỷ ban nhân dân  xã Hà Phong", ("UỶ BAN NHÂN DÂN", "XÃ HÀ PHONG")),
        ("Đảng ủy xã Hà Phong", ("ĐẢNG ỦY XÃ HÀ PHONG",)),
    ],
)
def test_the_issuing_body_in_capitals(name: str, lines: tuple[str, ...]) -> None:
    assert docformat.issuing_body_lines(name) == lines
