"""How Vietnamese administrative documents write numbers, dates, money and the
issuing body (Nghị định 30/2020/NĐ-CP, annex I).  Pure functions: no ORM, no
active language; the printable pages and the PDF builders share them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

# What a draft leaves blank until the office registers it: "Số:      /QĐ-UBND",
# "ngày     tháng 12 năm 2023".  Pages keep the spaces with ``white-space: pre``.
BLANK_NUMBER = "     "
BLANK_DAY = "   "
BLANK_MONTH = "   "
BLANK_YEAR = "      "

# Bodies whose name is written on two lines in the header, the kind of body
# first ("ỦY BAN NHÂN DÂN" / "THỊ TRẤN HÀ TRUNG").
_TWO_LINE_PREFIXES = ("ủy ban nhân dân", "uỷ ban nhân dân", "hội đồng nhân dân")


def two_digits(value: int) -> str:
    """Numbers and days below 10 take a leading zero: 5 -> "05"."""
    return f"{value:02d}"


def month_text(month: int) -> str:
    """Months 1 and 2 take a leading zero ("tháng 01"), the others not ("tháng 3")."""
    return f"{month:02d}" if month < 3 else str(month)


def administrative_date(place: str, day: dt.date | None, *, month_of: dt.date | None = None) -> str:
    """The place and date line: "Hà Trung, ngày 05 tháng 01 năm 2026".

    A draft has no date yet: its day stays blank and its month and year are
    those of ``month_of`` when given ("Hà Trung, ngày     tháng 12 năm 2023"),
    blank too otherwise."""
    return f"{place}, {spelled_date(day, month_of=month_of)}"


def spelled_date(day: dt.date | None, *, month_of: dt.date | None = None) -> str:
    """ "ngày 05 tháng 01 năm 2026"; a draft's "ngày     tháng 12 năm 2023"."""
    if day is not None:
        return f"ngày {two_digits(day.day)} tháng {month_text(day.month)} năm {day.year}"
    month = month_text(month_of.month) if month_of else BLANK_MONTH
    year = str(month_of.year) if month_of else BLANK_YEAR
    return f"ngày {BLANK_DAY} tháng {month} năm {year}"


def short_date(day: dt.date | None, *, month_of: dt.date | None = None) -> str:
    """The date as cited inside a text: "05/01/2026"; a draft's "   /12/2023"."""
    if day is not None:
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if month_of is not None:
        return f"{BLANK_DAY}/{month_of.month:02d}/{month_of.year}"
    return f"{BLANK_DAY}/{BLANK_MONTH}/{BLANK_YEAR}"


def number_reference(number: int | None, symbol: str) -> str:
    """ "05/QĐ-UBND"; a draft's "     /QĐ-UBND"."""
    return f"{two_digits(number) if number else BLANK_NUMBER}/{symbol}"


def document_number(number: int | None, symbol: str) -> str:
    """The number line under the issuing body: "Số: 05/QĐ-UBND", a draft's "Số:      /QĐ-UBND"."""
    return f"Số: {number_reference(number, symbol)}"


def money(amount: int | Decimal | None) -> str:
    """Whole dong with dots between thousands, whatever the page's language: 759000 -> "759.000"."""
    if amount is None:
        return ""
    return f"{int(amount):,}".replace(",", ".")


def percent(value: str | Decimal) -> str:
    """A percentage with a decimal comma: "66.67" -> "66,67%"."""
    return f"{value}".replace(".", ",") + "%"


def upper(text: str) -> str:
    return " ".join(text.split()).upper()


def issuing_body_lines(name: str) -> tuple[str, ...]:
    """The issuing body in capitals, split after the kind of body:
    "Ủy ban nhân dân thị trấn Hà Trung" -> ("ỦY BAN NHÂN DÂN", "THỊ TRẤN HÀ TRUNG")."""
    return capital_lines(name, _TWO_LINE_PREFIXES)


def capital_lines(text: str, prefixes: tuple[str, ...]) -> tuple[str, ...]:
    """``text`` in capitals on two lines when it starts with one of ``prefixes`` (lower case),
    split after it; on one line otherwise."""
    words = " ".join(text.split())
    lowered = words.lower()
    for prefix in prefixes:
        if lowered.startswith(prefix + " "):
            return upper(words[: len(prefix)]), upper(words[len(prefix) :])
    return (upper(words),)
