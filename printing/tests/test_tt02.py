"""Forms 0601 and 0603 as built: every row's label and code in the PDF's text, 0 in empty
cells, the spreadsheet's values."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from printing.tests.documents.pdfcheck import pages
from printing.tt02 import (
    ROWS_0601,
    ROWS_0603,
    build_0601_pdf,
    build_0601_xlsx,
    build_0603_pdf,
    build_0603_xlsx,
    rows_0603,
    sample_0601,
    sample_0603,
)


def _flat(pdf: bytes) -> str:
    return "".join(page.raw for page in pages(pdf))


def test_0601_pdf_has_every_row_code_and_the_header() -> None:
    text = _flat(build_0601_pdf(sample_0601()))
    for label, code in ROWS_0601:
        assert "".join(label.split()) + code in text
    for phrase in (
        "Biểu số: 0601.N/BNV-TĐKT",
        "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023",
        "Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo",
        "Đơn vị báo cáo: Hội đồng Thi đua – Khen thưởng thị trấn Hà Trung",
        "SỐ PHONG TRÀO THI ĐUA",
        "Thời điểm báo cáo: Năm 2023",
        "Người lập biểu",
        "(Ký, họ tên)",
        "(Ký, họ tên, đóng dấu)",
        # row 02 (Toàn quốc) is empty: 0 in each of its four columns, code first
        "Toànquốc020000",
        "Tổngsố017025",
    ):
        assert "".join(phrase.split()) in text, phrase


def test_0603_pdf_has_every_row_code_unit_and_zeroes() -> None:
    text = _flat(build_0603_pdf(sample_0603()))
    for label, code, unit, _depth in ROWS_0603:
        assert "".join(f"{label}{code}{unit}".split()) in text
    assert "Biểusố:0603.N/BNV-TĐKT" in text
    assert "Hộgiađình04Hộ00000" in text
    assert "Kháng chiến1700000".replace(" ", "") in text
    assert "Tổngsố01121110" in text


@pytest.mark.parametrize(("build", "data"), [(build_0601_xlsx, sample_0601), (build_0603_xlsx, sample_0603)])
def test_xlsx_values(build: object, data: object) -> None:
    form = data()  # type: ignore[operator]
    sheet = load_workbook(io.BytesIO(build(form))).active  # type: ignore[operator]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == f"Biểu số: {form.symbol}"
    codes = {row[1]: row for row in values if isinstance(row[1], str) and row[1].isdigit()}
    for row in form.rows:
        if row.code:
            first = 3 if form.unit_column else 2
            assert codes[row.code][first : first + len(row.cells)] == list(row.cells)
            assert all(isinstance(v, int) for v in codes[row.code][first : first + len(row.cells)])


def test_an_empty_0603_prints_zero_everywhere() -> None:
    rows = rows_0603({})
    assert all(row.cells == (0, 0, 0, 0, 0) for row in rows if row.code)


def test_text_is_never_a_formula() -> None:
    from dataclasses import replace

    form = replace(sample_0601(), reporting_unit="=HYPERLINK(1)")
    sheet = load_workbook(io.BytesIO(build_0601_xlsx(form))).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells
    assert all(c.data_type == "s" for c in cells)
