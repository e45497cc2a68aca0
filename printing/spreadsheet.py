"""Spreadsheet cells that never become formulas (OWASP: CSV / formula injection).

A unit, a person or an award named ``=HYPERLINK(…)``, ``+1…``, ``-2+3``, ``@SUM(…)`` or starting
with a tab or a carriage return must reach the office's spreadsheet as that exact text, never as a
live formula.  Every .xlsx and .csv the product writes goes through ``put_cell`` / ``csv_cell``.

This module is plain Python (printing imports nothing of Django) so that the builders here and the
Django apps (``common.importer``) share it."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# What a spreadsheet reads as the start of a formula (or that hides one after a control character).
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: object) -> bool:
    """Whether ``value`` is a text that a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def put_cell(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write ``value`` into a cell: a text is always a text cell (type "s"), shown unchanged; a text
    that looks like a formula also gets Excel's quote prefix, so that editing the cell keeps it a
    text.  Numbers, dates and empty cells are written as they are (a negative number stays a number).
    """
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl makes a text starting with "=" a formula ("f")
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


def csv_cell(value: Any) -> Any:
    """A value for a CSV writer: a text that looks like a formula gets a leading single quote, as
    OWASP recommends; anything else, numbers included, is returned unchanged."""
    if looks_like_formula(value):
        return "'" + value
    return value


def csv_row(values: Any) -> list[Any]:
    """``csv_cell`` of each value of a row, for ``csv.writer(...).writerow``."""
    return [csv_cell(value) for value in values]


# --- A list as a workbook -------------------------------------------------------------------

#: what a column holds, and how Excel shows it: text, a date (dd/mm/yyyy), a date and time,
#: a whole number ("#,##0": Excel's locale shows the thousands separator, "." in Vietnamese),
#: money (đồng, the same), a number shown as is (a year, a row number) or a share (0.00 %)
COLUMN_KINDS: dict[str, str | None] = {
    "text": None,
    "date": "dd/mm/yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
    "int": "#,##0",
    "money": "#,##0",
    "number": "0",
    "percent": "0.00%",
}

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill(fill_type="solid", start_color="FFDCE6F1", end_color="FFDCE6F1")
TITLE_FONT = Font(bold=True, size=13)
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
#: the widest a column grows to fit its texts (longer texts wrap)
MAX_WIDTH = 60.0
MIN_WIDTH = 8.0
_EXCEL_SHEET_NAME = 31
_SHEET_NAME_FORBIDDEN = str.maketrans({ch: "-" for ch in "[]:*?/\\"})


@dataclass(frozen=True)
class TableColumn:
    """A column of a list: its heading, its kind (a key of ``COLUMN_KINDS``) and, if fixed, its width."""

    title: str
    kind: str = "text"
    width: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in COLUMN_KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


def _cell_value(value: Any, kind: str) -> Any:
    """The value as the column's kind writes it: NFC text, a date, a number or an empty cell."""
    if value is None or value == "":
        return None
    if kind == "date" and isinstance(value, dt.datetime):
        return value.date()
    if kind == "datetime" and isinstance(value, dt.datetime) and value.tzinfo is not None:
        # Excel has no time zones: the caller gives the local time; an aware one keeps its wall clock
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def _text_width(value: Any, kind: str) -> float:
    if value is None:
        return 0
    if kind in ("date",):
        return 10
    if kind == "datetime":
        return 16
    if kind in ("int", "money"):
        return len(f"{value:,}") if isinstance(value, int | float) else len(str(value))
    if kind == "percent":
        return 8
    return max(len(line) for line in str(value).split("\n")) if str(value) else 0


def sheet_name(title: str) -> str:
    """A title Excel accepts as a sheet's name (31 characters, none of []:*?/\\)."""
    name = unicodedata.normalize("NFC", title).translate(_SHEET_NAME_FORBIDDEN).strip("' ")
    return name[:_EXCEL_SHEET_NAME] or "Danh sách"


def build_table_xlsx(
    title: str,
    columns: Sequence[TableColumn],
    rows: Iterable[Sequence[Any]],
    *,
    subtitle: str = "",
    totals: Sequence[Any] | None = None,
    creator: str = "",
) -> bytes:
    """A list as one sheet: the title (and a subtitle: the filters applied) above a bold, filled
    header row that stays in view (frozen) and carries Excel's filters; then a row per item, each
    cell of its column's kind (dates are date cells shown dd/mm/yyyy, numbers are numbers); texts
    in NFC, through ``put_cell`` so that no text becomes a formula.  ``totals``, if given, is a bold
    row after the list, outside the filtered range.  Column widths fit their texts (up to
    ``MAX_WIDTH``; longer texts wrap)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101  type narrowing for mypy, not a check
    sheet.title = sheet_name(title)
    put_cell(sheet, 1, 1, unicodedata.normalize("NFC", title)).font = TITLE_FONT
    header_row = 2
    if subtitle:
        put_cell(sheet, 2, 1, unicodedata.normalize("NFC", subtitle))
        header_row = 3
    widths = [float(len(column.title)) for column in columns]
    for index, column in enumerate(columns, start=1):
        cell = put_cell(sheet, header_row, index, unicodedata.normalize("NFC", column.title))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
    row_number = header_row
    for values in rows:
        row_number += 1
        if len(values) != len(columns):
            raise ValueError(f"row {row_number} has {len(values)} values for {len(columns)} columns")
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            value = _cell_value(value, column.kind)
            cell = put_cell(sheet, row_number, index, value)
            number_format = COLUMN_KINDS[column.kind]
            if number_format and value is not None and not isinstance(value, str):
                cell.number_format = number_format
            if column.kind == "text":
                cell.alignment = TOP_WRAP
            widths[index - 1] = max(widths[index - 1], _text_width(value, column.kind))
    last_column = get_column_letter(len(columns))
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{max(row_number, header_row)}"
    if totals is not None:
        for index, (column, value) in enumerate(zip(columns, totals, strict=True), start=1):
            value = _cell_value(value, column.kind)
            cell = put_cell(sheet, row_number + 1, index, value)
            cell.font = HEADER_FONT
            number_format = COLUMN_KINDS[column.kind]
            if number_format and value is not None and not isinstance(value, str):
                cell.number_format = number_format
    for index, column in enumerate(columns, start=1):
        width = column.width or min(MAX_WIDTH, max(MIN_WIDTH, widths[index - 1] + 2))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.print_title_rows = f"{header_row}:{header_row}"
    workbook.properties.title = unicodedata.normalize("NFC", title)
    if creator:
        workbook.properties.creator = unicodedata.normalize("NFC", creator)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
