"""The upload rule (common.uploads): each bad file is refused by its structure, by name; the good
files the libraries make pass; a zip bomb is refused from the archive's directory alone."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from common import uploads
from common.tests import upload_files as files

ALLOWED = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"} | {
    "docx": uploads.CONTENT_TYPES["docx"],
    "xlsx": uploads.CONTENT_TYPES["xlsx"],
}
MISMATCH = "Nội dung tệp “%(name)s” không phải là %(ext)s như tên tệp ghi; tệp bị từ chối."


def check(name: str, content: bytes) -> uploads.CheckedUpload:
    return uploads.upload_check(
        upload=SimpleUploadedFile(name, content), allowed=ALLOWED, unsupported="không nhận %(name)s", mismatch=MISMATCH
    )


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as info:
        check(name, content)
    return " ".join(info.value.messages)


def mismatch(name: str) -> str:
    return MISMATCH % {"name": name, "ext": name.rsplit(".", 1)[-1].upper()}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.png", files.PNG_MAGIC + files.HTML),
        ("to-trinh.docx", files.plain_zip()),
        ("quyet-dinh.pdf", files.pdf_with_open_action_javascript()),
        ("quyet-dinh-aa.pdf", files.pdf_with_page_action()),
        ("quyet-dinh-js.pdf", files.pdf_with_pypdf_javascript()),
        ("kem-tep.pdf", files.pdf_with_embedded_file()),
        ("trang.pdf", files.HTML),
        ("da-dang.pdf", files.pdf_html_polyglot()),
        ("cat-ngang.pdf", files.reportlab_pdf()[:-300]),
        ("phu-them.pdf", files.reportlab_pdf() + files.HTML),
        ("bang-tinh.docx", files.xlsx_file()),  # an .xlsx named .docx: extension and structure disagree
        ("van-ban.xlsx", files.docx_file()),
        ("anh.jpg", files.png_file()),
        ("anh.png", files.jpeg_file()),
        ("truoc-zip.docx", files.HTML + files.docx_file()),
        ("sau-zip.docx", files.docx_file() + files.HTML),
        (
            "macro.docx",
            files.rezipped(
                files.docx_file(),
                add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"},
            ),
        ),
        (
            "sai-loai.docx",
            files.rezipped(
                files.docx_file(),
                replace={
                    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    b'package/2006/content-types"><Override PartName="/word/document.xml" '
                    b'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
                },
            ),
        ),
    ],
)
def test_a_file_whose_structure_is_not_what_its_name_says_is_refused_by_name(name: str, content: bytes) -> None:
    assert refusal(name, content) == mismatch(name)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("quyet-dinh.pdf", files.reportlab_pdf(), "application/pdf"),
        ("to-trinh.docx", files.docx_file(), uploads.CONTENT_TYPES["docx"]),
        ("danh-sach.xlsx", files.xlsx_file(), uploads.CONTENT_TYPES["xlsx"]),
        ("anh.png", files.png_file(), "image/png"),
        ("anh.jpeg", files.jpeg_file(), "image/jpeg"),
    ],
)
def test_the_files_real_tools_make_pass(name: str, content: bytes, content_type: str) -> None:
    checked = check(name, content)
    assert (checked.original_name, checked.content_type) == (name, content_type)
    if content_type.startswith("image/"):
        assert Image.open(io.BytesIO(checked.content)).size == Image.open(io.BytesIO(content)).size
    else:
        assert checked.content == content
    assert checked.size == len(checked.content)


def test_an_image_is_stored_re_encoded_without_what_rode_on_it() -> None:
    original = files.png_file(text_chunk="Tác giả: Nguyễn Văn An, GPS 19.9,105.8") + files.HTML
    checked = check("anh.png", original)
    assert checked.content != original
    assert b"<html" not in checked.content
    image = Image.open(io.BytesIO(checked.content))
    assert image.format == "PNG"
    assert image.size == (40, 30)
    assert image.getpixel((5, 5)) == (200, 30, 30)
    assert "Comment" not in image.info


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # Pillow's own, from 1x to 2x the limit
def test_an_image_above_the_pixel_limit_is_refused_before_it_is_decoded(settings: Any) -> None:
    settings.IMAGE_MAX_PIXELS = 6000
    for size in ((100, 100), (100, 61)):  # Pillow refuses twice the limit itself, the check below that
        message = refusal("anh-lon.png", files.png_file(size=size))
        assert message == "Ảnh “anh-lon.png” quá lớn: tối đa 6.000 điểm ảnh."
    assert check("anh-vua.png", files.png_file(size=(100, 60))).size > 0


@pytest.mark.parametrize(
    ("name", "setting", "content"),
    [
        ("bao-cao.pdf", "ATTACHMENT_MAX_BYTES", files.reportlab_pdf()),
        ("to-trinh.docx", "ATTACHMENT_MAX_BYTES", files.docx_file()),
        ("anh.png", "IMAGE_MAX_BYTES", files.png_file()),
    ],
)
def test_an_oversized_file_is_refused_with_its_name_and_the_limit(
    settings: Any, name: str, setting: str, content: bytes
) -> None:
    setattr(settings, setting, len(content) - 1)
    limit = uploads.megabytes(len(content) - 1)
    assert refusal(name, content) == f"Tệp “{name}” quá lớn: tối đa {limit} MB."


def test_an_image_has_a_limit_of_its_own(settings: Any) -> None:
    settings.ATTACHMENT_MAX_BYTES = 100 * 1024 * 1024
    settings.IMAGE_MAX_BYTES = 5 * 1024 * 1024
    message = refusal("anh.png", files.png_file() + b"\0" * (5 * 1024 * 1024))
    assert message == "Tệp “anh.png” quá lớn: tối đa 5 MB."


# --- spreadsheets ---------------------------------------------------------------------------


def sheet_refusal(name: str, data: bytes, monkeypatch: pytest.MonkeyPatch) -> str:
    """The refusal of the sheet check, with openpyxl made to fail the test if it is reached."""
    import openpyxl

    def unreachable(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("openpyxl.load_workbook was reached")

    monkeypatch.setattr(openpyxl, "load_workbook", unreachable)
    with pytest.raises(ValidationError) as info:
        uploads.spreadsheet_check(data=data, name=name)
    return " ".join(info.value.messages)


BOMB = (
    "Tệp “%(name)s” bị từ chối: khi giải nén quá lớn (tối đa %(limit)s MB, tỉ lệ nén tối đa 100 lần) "
    "hoặc có quá nhiều thành phần (tối đa 1000)."
)


def test_a_zip_bomb_sheet_is_refused_from_the_archive_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = files.zip_bomb_xlsx(rows=100_000)  # about 27 MB of sheet XML in a few hundred KB
    assert len(bomb) < uploads.limit("SPREADSHEET_MAX_BYTES")
    message = sheet_refusal("danh-sach.xlsx", bomb, monkeypatch)
    assert message == BOMB % {"name": "danh-sach.xlsx", "limit": "20"}


def test_a_sheet_that_declares_a_huge_unzipped_size_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    lying = files.declaring_huge_size(files.xlsx_file(), "xl/worksheets/sheet1.xml")
    assert sheet_refusal("danh-sach.xlsx", lying, monkeypatch) == BOMB % {"name": "danh-sach.xlsx", "limit": "20"}


def test_a_highly_compressed_part_is_refused_by_its_ratio(monkeypatch: pytest.MonkeyPatch) -> None:
    """2 MB of one repeated cell: within the unzipped limit, but deflated over a hundred times."""
    dense = files.rezipped(files.xlsx_file(), add={"xl/media/padding.xml": b" " * (2 * 1024 * 1024)})
    assert sheet_refusal("nen.xlsx", dense, monkeypatch) == BOMB % {"name": "nen.xlsx", "limit": "20"}


def test_a_zip_of_too_many_parts_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    crowded = files.rezipped(files.xlsx_file(), add={f"xl/media/p{n}.xml": b"<a/>" for n in range(1001)})
    assert sheet_refusal("nhieu.xlsx", crowded, monkeypatch) == BOMB % {"name": "nhieu.xlsx", "limit": "20"}


def test_a_sheet_over_the_row_limit_is_refused_with_the_limit(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.SPREADSHEET_MAX_ROWS = 50
    data = files.xlsx_file([["Họ và tên"]] + [[f"Người {n}"] for n in range(51)])
    message = sheet_refusal("dai.xlsx", data, monkeypatch)
    assert message == (
        "Bảng tính “dai.xlsx” có hơn 50 dòng dữ liệu; mỗi lần nhập tối đa 50 dòng. Hãy chia thành nhiều tệp."
    )


def test_exactly_the_row_limit_passes_the_sheet_check(settings: Any) -> None:
    settings.SPREADSHEET_MAX_ROWS = 50
    uploads.spreadsheet_check(
        data=files.xlsx_file([["Họ và tên"]] + [[f"Người {n}"] for n in range(50)]), name="a.xlsx"
    )


def test_rows_are_counted_in_a_prefixed_namespace_too(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.SPREADSHEET_MAX_ROWS = 5
    sheet = files.sheet_xml(10).replace(b"<row", b"<x:row").replace(b"</row", b"</x:row")
    data = files.rezipped(files.xlsx_file(), replace={"xl/worksheets/sheet1.xml": sheet})
    assert "có hơn 5 dòng dữ liệu" in sheet_refusal("ns.xlsx", data, monkeypatch)


@pytest.mark.parametrize(
    "content", [files.docx_file(), files.plain_zip(), files.PNG_MAGIC + files.HTML, files.reportlab_pdf()]
)
def test_what_is_not_a_workbook_is_refused_by_the_sheet_check(content: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    assert sheet_refusal("a.xlsx", content, monkeypatch) == "Tệp “a.xlsx” không phải bảng tính Excel .xlsx."


def test_an_oversized_sheet_is_refused_with_its_name_and_the_limit(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = files.xlsx_file()
    settings.SPREADSHEET_MAX_BYTES = len(data) - 1
    message = sheet_refusal("lon.xlsx", data, monkeypatch)
    assert message == f"Tệp “lon.xlsx” quá lớn: tối đa {uploads.megabytes(len(data) - 1)} MB."


def test_a_real_workbook_passes_the_sheet_check() -> None:
    uploads.spreadsheet_check(data=files.xlsx_file(), name="danh-sach.xlsx")


def test_a_pdf_locked_only_against_editing_passes_and_one_that_needs_a_password_is_refused() -> None:
    assert check("khoa-sua.pdf", files.encrypted_pdf("")).content_type == "application/pdf"
    assert refusal("mat-khau.pdf", files.encrypted_pdf("bi-mat")) == mismatch("mat-khau.pdf")
