"""The reusable spreadsheet importer: limits, type by content, header, cells, duplicates, template."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from common import importer
from common.importer import CHOICE, DATE, INTEGER, Column, ImportSpec, ParsedRow, UniqueKey

SPEC = ImportSpec(
    name="test",
    title="Thử",
    columns=(
        Column("name", "Họ và tên", required=True, max_length=50, example="Lê Thị Hường"),
        Column("kind", "Loại", kind=CHOICE, required=True, choices={"Trường học": "school", "Khác": "other"}),
        Column("count", "Số cán bộ", kind=INTEGER),
        Column("born", "Ngày sinh", kind=DATE),
        Column("login", "Tên đăng nhập"),
    ),
    unique=(UniqueKey(("name",)), UniqueKey(("login",))),
    instructions=("Mỗi dòng một người.",),
)
HEADER = ["Họ và tên", "Loại", "Số cán bộ", "Ngày sinh", "Tên đăng nhập"]


def xlsx(rows: list[list[Any]], header: list[Any] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER if header is None else header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refusal(data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        importer.parse(SPEC, data)
    return " ".join(caught.value.messages)


def test_a_good_file_is_read_with_its_types() -> None:
    preview = importer.parse(
        SPEC,
        xlsx(
            [
                ["Lê Thị Hường", "trường học", 12, dt.date(1985, 3, 15), "huong"],
                ["Trần Văn An", "Khác", None, "05/01/1990", ""],
            ]
        ),
    )
    assert preview.ok
    first, second = (row.values for row in preview.rows)
    assert first == {
        "name": "Lê Thị Hường",
        "kind": "school",
        "count": 12,
        "born": dt.date(1985, 3, 15),
        "login": "huong",
    }
    assert second["count"] == 0
    assert second["born"] == dt.date(1990, 1, 5)
    assert second["kind"] == "other"
    assert [row.number for row in preview.rows] == [2, 3]


def test_nfd_text_is_read_as_nfc_and_stripped() -> None:
    nfd = unicodedata.normalize("NFD", "  Lê Thị   Hường ")
    assert nfd != unicodedata.normalize("NFC", nfd)
    preview = importer.parse(SPEC, xlsx([[nfd, unicodedata.normalize("NFD", "Trường học"), 1, None, None]]))
    name = preview.rows[0].values["name"]
    assert name == "Lê Thị Hường"
    assert unicodedata.is_normalized("NFC", name)
    assert preview.rows[0].values["kind"] == "school"


def test_bad_cells_are_named_by_row_and_column_in_vietnamese() -> None:
    preview = importer.parse(
        SPEC,
        xlsx([["", "Bệnh viện", "mười", "31/02/1990", None], ["Lê An", "Khác", -3, "1990-01-01", None]]),
    )
    assert not preview.ok
    found = {(error.row, error.column) for error in preview.errors}
    assert found == {
        (2, "Họ và tên"),
        (2, "Loại"),
        (2, "Số cán bộ"),
        (2, "Ngày sinh"),
        (3, "Số cán bộ"),
        (3, "Ngày sinh"),
    }
    messages = {(error.row, error.column): error.message for error in preview.errors}
    assert messages[(2, "Họ và tên")] == "Chưa nhập."
    assert "“Trường học”" in messages[(2, "Loại")]
    assert "không có thật" in messages[(2, "Ngày sinh")]


def test_duplicates_within_the_file_name_the_first_row() -> None:
    preview = importer.parse(
        SPEC,
        xlsx(
            [["Lê An", "Khác", 1, None, "an"], ["lê  an", "Khác", 1, None, "an2"], ["Trần Bình", "Khác", 1, None, "AN"]]
        ),
    )
    assert [row.duplicate for row in preview.rows] == [False, True, True]
    assert "dòng 2" in preview.rows[1].errors[0].message
    assert "Tên đăng nhập" in preview.rows[2].errors[0].message


def test_the_existing_callback_flags_rows_against_stored_data() -> None:
    def existing(rows: list[ParsedRow]) -> None:
        for row in rows:
            if row.values["login"] == "taken":
                row.add_error("Tên đăng nhập", "Tên đăng nhập đã có người dùng.", duplicate=True)

    preview = importer.parse(
        SPEC, xlsx([["Lê An", "Khác", 1, None, "taken"], ["Lê Bình", "Khác", 1, None, "free"]]), existing=existing
    )
    assert [row.duplicate for row in preview.rows] == [True, False]
    assert preview.duplicate_count == 1


def test_an_unknown_or_missing_column_is_named() -> None:
    message = refusal(xlsx([["Lê An", "Khác"]], header=["Họ và tên", "Quê quán"]))
    assert "Cột “Quê quán” không có trong mẫu." in message
    assert "Thiếu cột “Loại”." in message


def test_headers_match_without_case_diacritic_form_or_the_required_star() -> None:
    header = ["HỌ VÀ TÊN *", unicodedata.normalize("NFD", "loại *")]
    preview = importer.parse(SPEC, xlsx([["Lê An", "Khác"]], header=header))
    assert preview.ok
    assert preview.rows[0].values["name"] == "Lê An"


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n", "PDF"),
        ("Họ và tên,Loại\nLê An,Khác\n".encode(), "văn bản"),
    ],
)
def test_a_file_renamed_xlsx_is_refused_by_its_content(content: bytes, named: str) -> None:
    message = refusal(content)
    assert "không phải bảng tính Excel .xlsx" in message
    assert named in message


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "không phải bảng tính Excel .xlsx" in refusal(buffer.getvalue())


def test_an_oversized_file_is_refused_before_parsing_with_the_limit_named() -> None:
    data = b"PK\x03\x04" + b"\0" * importer.MAX_IMPORT_BYTES
    message = refusal(data)
    assert "Tệp quá lớn" in message
    assert "2 MB" in message


def test_a_hundred_thousand_rows_are_refused_with_the_limit_named() -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for number in range(100_000):
        sheet.append([f"N{number}", "Khác"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    assert len(data) <= importer.MAX_IMPORT_BYTES  # the row limit, not the size limit, refuses it
    message = refusal(data)
    assert f"tối đa {importer.MAX_IMPORT_ROWS} dòng" in message


def test_a_tiny_file_claiming_a_million_blank_rows_and_every_column_is_refused() -> None:
    """One cell at the sheet's far corner: openpyxl would yield a million blank rows, each 16,384
    cells wide; the reader caps the width and counts the blank rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.cell(row=1_048_576, column=16_384, value=" ")
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert len(buffer.getvalue()) < 10_000
    message = refusal(buffer.getvalue())
    assert f"Tệp có hơn {importer.MAX_SCANNED_ROWS} dòng (kể cả dòng trống)" in message


def test_a_formula_cell_is_refused_by_name_not_emptied() -> None:
    preview = importer.parse(SPEC, xlsx([["Lê Văn Công", "Khác"], ['=HYPERLINK("http://x","y")', "Khác"]]))
    assert preview.rows[0].errors == []
    assert any("Ô chứa công thức" in error.message for error in preview.rows[1].errors)


def test_exactly_the_row_limit_is_accepted() -> None:
    rows = [[f"Người {number}", "Khác"] for number in range(importer.MAX_IMPORT_ROWS)]
    assert len(importer.parse(SPEC, xlsx(rows)).rows) == importer.MAX_IMPORT_ROWS


def test_a_sheet_with_only_the_header_is_refused() -> None:
    assert "chưa có dòng dữ liệu" in refusal(xlsx([]))


def test_the_payload_round_trips_dates() -> None:
    preview = importer.parse(SPEC, xlsx([["Lê An", "Khác", 2, "15/03/1985", None]]))
    rows = importer.from_payload(SPEC, preview.payload())
    assert rows[0].number == 2
    assert rows[0].values["born"] == dt.date(1985, 3, 15)


def test_the_template_is_styled_with_instructions_and_reads_back() -> None:
    data = importer.build_template(SPEC)
    workbook = load_workbook(io.BytesIO(data))
    sheet, guide = workbook.worksheets
    assert guide.title == importer.INSTRUCTIONS_SHEET
    assert [cell.value for cell in sheet[1]] == ["Họ và tên *", "Loại *", "Số cán bộ", "Ngày sinh", "Tên đăng nhập"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["A"].width == 24
    assert sheet["A2"].value == "Lê Thị Hường"
    guide_text = " ".join(str(cell.value) for row in guide.iter_rows() for cell in row if cell.value)
    assert "Mỗi dòng một người." in guide_text
    assert "Trường học" in guide_text
    assert "2000" in guide_text
    # the template with its example row is accepted as it is
    example = importer.parse(SPEC, data)
    assert example.rows[0].values["name"] == "Lê Thị Hường"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+84 912", "-1+2", "@SUM(1)", "\t=1", "\r=1"])
def test_the_template_writes_a_formula_like_text_as_text(text: str) -> None:
    spec = ImportSpec(
        name="hostile",
        title="Thử",
        columns=(
            Column("name", text + " tên", required=True, example=text, help=text),
            Column("count", "Số", kind=INTEGER, example=-3),
        ),
        instructions=(text,),
    )
    workbook = load_workbook(io.BytesIO(importer.build_template(spec)))
    cells = [cell for ws in workbook for row in ws.iter_rows() for cell in row if str(cell.value).startswith(text)]
    assert {cell.value for cell in cells} == {text, text + " tên *"}  # the example, help, header, guide
    assert len(cells) >= 4
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    assert not [cell for ws in workbook for row in ws.iter_rows() for cell in row if cell.data_type == "f"]
    sample = workbook.worksheets[0]["B2"]
    assert (sample.value, sample.data_type) == (-3, "n")


def test_the_template_without_example_has_no_data_rows() -> None:
    with pytest.raises(ValidationError, match="chưa có dòng dữ liệu"):
        importer.parse(SPEC, importer.build_template(SPEC, example=False))
