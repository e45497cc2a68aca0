"""Spreadsheet cells that never become formulas (OWASP: CSV / formula injection).

A unit, a person or an award named ``=HYPERLINK(…)``, ``+1…``, ``-2+3``, ``@SUM(…)`` or starting
with a tab or a carriage return must reach the office's spreadsheet as that exact text, never as a
live formula.  Every .xlsx and .csv the product writes goes through ``put_cell`` / ``csv_cell``.

This module is plain Python (printing imports nothing of Django) so that the builders here and the
Django apps (``common.importer``) share it."""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell
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
