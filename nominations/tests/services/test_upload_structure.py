"""Every upload path calls the one upload rule (common.uploads): dossier attachments, decision
scans, bulk lines from a sheet and the setup import.  The good files real tools make pass each
path; a refused file leaves no row and no file in MEDIA_ROOT; a zip bomb never reaches openpyxl."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from common.tests import upload_files as files
from conftest import row_counts
from decisions.models import SignerCapacity
from decisions.services import decisions as ds
from nominations import services as ns
from nominations.models import Attachment

pytestmark = pytest.mark.django_db

MISMATCH = "Nội dung tệp “%(name)s” không phải là %(ext)s như tên tệp ghi; tệp bị từ chối."


def _messages(call: Any) -> list[str]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.messages


def _no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("openpyxl.load_workbook was reached")

    monkeypatch.setattr(openpyxl, "load_workbook", unreachable)


# --- dossier attachments --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("to-trinh.pdf", files.reportlab_pdf(), "application/pdf"),
        ("bien-ban.docx", files.docx_file(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("danh-sach.xlsx", files.xlsx_file(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("anh.png", files.png_file(), "image/png"),
        ("anh.jpg", files.jpeg_file(), "image/jpeg"),
    ],
)
def test_the_files_real_tools_make_are_stored_as_attachments(
    world: Any, make_dossier: Any, media: Any, name: str, content: bytes, content_type: str
) -> None:
    nomination = make_dossier("draft")
    attachment = ns.attachment_add(
        nomination=nomination, upload=SimpleUploadedFile(name, content), kind="other", actor=world.unit_a_user
    )
    stored = Path(media.root, attachment.file.name).read_bytes()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (name, content_type, len(stored))
    if content_type.startswith("image/"):
        assert Image.open(io.BytesIO(stored)).size == (40, 30)
    else:
        assert stored == content


def test_an_image_is_stored_as_its_re_encoded_bytes(world: Any, make_dossier: Any, media: Any) -> None:
    import hashlib

    original = files.png_file(text_chunk="GPS 19.9,105.8") + files.HTML
    nomination = make_dossier("draft")
    attachment = ns.attachment_add(
        nomination=nomination, upload=SimpleUploadedFile("anh.png", original), kind="other", actor=world.unit_a_user
    )
    stored = Path(media.root, attachment.file.name).read_bytes()
    assert stored != original
    assert b"<html" not in stored
    assert b"GPS" not in stored
    assert attachment.sha256 == hashlib.sha256(stored).hexdigest()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.png", files.PNG_MAGIC + files.HTML),
        ("to-trinh.docx", files.plain_zip()),
        ("quyet-dinh.pdf", files.pdf_with_open_action_javascript()),
        ("trang.pdf", files.HTML),
        ("da-dang.pdf", files.pdf_html_polyglot()),
        ("kem-tep.pdf", files.pdf_with_embedded_file()),
        ("bang-tinh.docx", files.xlsx_file()),
    ],
)
def test_a_refused_attachment_leaves_no_row_and_no_file(
    world: Any, make_dossier: Any, media: Any, name: str, content: bytes
) -> None:
    nomination = make_dossier("draft")
    before, files_before = row_counts(), media()
    messages = _messages(
        lambda: ns.attachment_add(
            nomination=nomination, upload=SimpleUploadedFile(name, content), kind="other", actor=world.unit_a_user
        )
    )
    assert messages == [MISMATCH % {"name": name, "ext": name.rsplit(".", 1)[-1].upper()}]
    assert row_counts() == before
    assert media() == files_before


def test_an_oversized_attachment_is_refused_with_its_name_and_limit(
    world: Any, make_dossier: Any, media: Any, settings: Any
) -> None:
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    nomination = make_dossier("draft")
    before, files_before = row_counts(), media()
    big = SimpleUploadedFile("ho-so-day-du.pdf", files.reportlab_pdf() + b" " * (1024 * 1024))
    messages = _messages(
        lambda: ns.attachment_add(nomination=nomination, upload=big, kind="other", actor=world.unit_a_user)
    )
    assert messages == ["Tệp “ho-so-day-du.pdf” quá lớn: tối đa 1 MB."]
    assert (row_counts(), media()) == (before, files_before)


def test_a_zip_bomb_attachment_is_refused(world: Any, make_dossier: Any, media: Any) -> None:
    nomination = make_dossier("draft")
    before, files_before = Attachment.objects.count(), media()
    bomb = files.declaring_huge_size(files.xlsx_file(), "xl/worksheets/sheet1.xml")
    messages = _messages(
        lambda: ns.attachment_add(
            nomination=nomination, upload=SimpleUploadedFile("bom.xlsx", bomb), kind="other", actor=world.unit_a_user
        )
    )
    assert messages[0].startswith("Tệp “bom.xlsx” bị từ chối: khi giải nén quá lớn (tối đa 64 MB")
    assert Attachment.objects.count() == before
    assert media() == files_before


# --- decision scans ---------------------------------------------------------------------------


def _registered(world: Any, draft: Any) -> Any:
    return ds.decision_register(
        actor=world.secretariat,
        decision=draft,
        signed_on=dt.date(2026, 12, 20),
        signer_name="Trịnh Văn Hùng",
        signer_capacity=SignerCapacity.CHAIRMAN,
    )


def test_a_reportlab_scan_is_kept_and_a_scripted_one_refused(world: Any, draft: Any, media: Any) -> None:
    decision = _registered(world, draft)
    scan_refused = "Bản quét phải là tệp PDF; nội dung tệp “%s” không phải PDF nên bị từ chối."
    for name, content in (
        ("qd-js.pdf", files.pdf_with_open_action_javascript()),
        ("qd-aa.pdf", files.pdf_with_page_action()),
        ("qd.pdf", files.HTML),
        ("qd-da-dang.pdf", files.pdf_html_polyglot()),
    ):
        messages = _messages(
            lambda name=name, content=content: ds.decision_attach_scan(
                actor=world.secretariat, decision=decision, upload=SimpleUploadedFile(name, content)
            )
        )
        assert messages == [scan_refused % name]
    assert media() == []
    pdf = files.reportlab_pdf()
    kept = ds.decision_attach_scan(actor=world.secretariat, decision=decision, upload=SimpleUploadedFile("qd.pdf", pdf))
    assert Path(media.root, kept.scan.name).read_bytes() == pdf


# --- bulk lines from a sheet ----------------------------------------------------------------


def test_a_zip_bomb_sheet_for_bulk_lines_is_refused_before_openpyxl(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = files.zip_bomb_xlsx(rows=100_000)
    _no_openpyxl(monkeypatch)
    messages = _messages(lambda: ns.read_table(upload=SimpleUploadedFile("danh-sach.xlsx", bomb)))
    assert messages == [
        "Tệp “danh-sach.xlsx” bị từ chối: khi giải nén quá lớn (tối đa 20 MB, tỉ lệ nén tối đa 100 lần) "
        "hoặc có quá nhiều thành phần (tối đa 1000)."
    ]


def test_a_bulk_sheet_over_the_row_limit_is_refused_with_the_limit(
    world: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.SPREADSHEET_MAX_ROWS = 20
    data = files.xlsx_file([["Họ và tên", "Thành tích"]] + [[f"Người {n}", "Tốt"] for n in range(21)])
    _no_openpyxl(monkeypatch)
    assert _messages(lambda: ns.read_table(upload=SimpleUploadedFile("dai.xlsx", data))) == [
        "Bảng tính “dai.xlsx” có hơn 20 dòng dữ liệu; mỗi lần nhập tối đa 20 dòng. Hãy chia thành nhiều tệp."
    ]


def test_pasted_bulk_lines_over_the_row_limit_are_refused(world: Any, settings: Any) -> None:
    settings.SPREADSHEET_MAX_ROWS = 20
    text = "Họ và tên\tThành tích\n" + "".join(f"Người {n}\tTốt\n" for n in range(21))
    assert _messages(lambda: ns.read_table(text=text)) == [
        "Danh sách có hơn 20 dòng; mỗi lần nhập tối đa 20 dòng. Hãy chia thành nhiều lần."
    ]
    assert len(ns.read_table(text=text.rsplit("Người 20", 1)[0])) == 21


def test_an_oversized_bulk_sheet_is_refused_with_its_name_and_limit(world: Any, settings: Any) -> None:
    data = files.xlsx_file()
    settings.SPREADSHEET_MAX_BYTES = 1024
    assert _messages(lambda: ns.read_table(upload=SimpleUploadedFile("lon.xlsx", data))) == [
        "Tệp “lon.xlsx” quá lớn: tối đa 0 MB."
    ]


def test_a_workbook_made_by_openpyxl_gives_its_rows(world: Any) -> None:
    data = files.xlsx_file([["Họ và tên", "Thành tích"], ["Lê Thị Hường", "Tốt"]])
    assert ns.read_table(upload=SimpleUploadedFile("danh-sach.xlsx", data)) == [
        ["Họ và tên", "Thành tích"],
        ["Lê Thị Hường", "Tốt"],
    ]


# --- the setup import -------------------------------------------------------------------------


def test_a_zip_bomb_import_is_refused_by_the_page_before_openpyxl(
    world: Any, monkeypatch: pytest.MonkeyPatch, client: Any
) -> None:
    from councils.models import CouncilMembership, CouncilRole, Unit
    from tests import factories

    admin = factories.UserFactory(username="qt_bom")
    CouncilMembership.objects.create(council=world.council, user=admin, role=CouncilRole.ADMIN)
    client.force_login(admin)
    units_before = Unit.objects.count()
    _no_openpyxl(monkeypatch)
    response = client.post(
        reverse("councils:unit_import", args=[world.council.pk]),
        {"file": SimpleUploadedFile("don-vi.xlsx", files.zip_bomb_xlsx(rows=100_000))},
    )
    assert response.status_code == 400
    assert "Tệp “don-vi.xlsx” bị từ chối: khi giải nén quá lớn (tối đa 20 MB" in response.content.decode()
    assert Unit.objects.count() == units_before
