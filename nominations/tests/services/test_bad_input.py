"""Bad input at the service layer: each is refused with a message a Vietnamese
user can read, and nothing is stored (no row, no file)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import PDF_BYTES, pdf_upload, row_counts
from nominations import services as ns
from nominations.models import Nomination, NominationStatus, Person, RoundAwardType, Transition, TransitionAction
from tests import factories
from workflows import services as ws
from workflows.models import DossierTask
from workflows.services import process_for

pytestmark = pytest.mark.django_db

ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200


def _refused(call: Any) -> list[str]:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.messages


def _draft(world: Any, *, kinds: tuple[str, ...] = (), title: str = "Đề nghị khen thưởng năm") -> Nomination:
    """A draft of unit A with one LDTT line and only the files of ``kinds``."""
    nomination = ws.dossier_create(user=world.unit_a_user, unit=world.unit_a, round=world.round, title=title)
    ns.line_add(
        actor=nomination.created_by,
        nomination=nomination,
        award_type=world.ldtt,
        nominee=ns.NomineeData(kind="individual", full_name="Lê Thị Hường"),
        achievement="Hoàn thành xuất sắc nhiệm vụ",
    )
    for kind in kinds:
        ns.attachment_add(nomination=nomination, upload=pdf_upload(f"{kind}.pdf"), kind=kind, actor=world.unit_a_user)
    return nomination


def _individual(name: str = "Nguyễn Văn Nam") -> ns.NomineeData:
    return ns.NomineeData(kind="individual", full_name=name)


# --- attachments --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "declared"),
    [
        ("bao-cao.pdf", ELF_BYTES, "PDF"),
        ("bien-ban.docx", ELF_BYTES, "DOCX"),
        ("anh.jpg", PDF_BYTES, "JPG"),
        ("bang.xlsx", PDF_BYTES, "XLSX"),
    ],
)
def test_a_file_whose_bytes_are_not_what_its_name_says_is_refused(world, make_dossier, media, name, content, declared):
    nomination = make_dossier("draft")
    before, files_before = row_counts(), media()
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    messages = _refused(
        lambda: ns.attachment_add(nomination=nomination, upload=upload, kind="other", actor=world.unit_a_user)
    )
    assert messages == [f"Nội dung tệp “{name}” không phải là {declared} như tên tệp ghi; tệp bị từ chối."]
    assert row_counts() == before
    assert media() == files_before


def test_a_file_of_a_type_not_accepted_is_refused(world, make_dossier, media):
    nomination = make_dossier("draft")
    before, files_before = row_counts(), media()
    upload = SimpleUploadedFile("cai-dat.exe", ELF_BYTES, content_type="application/octet-stream")
    messages = _refused(
        lambda: ns.attachment_add(nomination=nomination, upload=upload, kind="other", actor=world.unit_a_user)
    )
    assert messages == [
        "Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx), JPG hoặc PNG; “cai-dat.exe” không thuộc loại này."
    ]
    assert row_counts() == before
    assert media() == files_before


def test_an_empty_file_is_refused(world, make_dossier, media):
    nomination = make_dossier("draft")
    before, files_before = row_counts(), media()
    upload = SimpleUploadedFile("rong.pdf", b"", content_type="application/pdf")
    messages = _refused(
        lambda: ns.attachment_add(nomination=nomination, upload=upload, kind="other", actor=world.unit_a_user)
    )
    assert messages == ["Tệp rỗng, không có nội dung."]
    assert row_counts() == before
    assert media() == files_before


def test_an_oversized_file_is_refused_with_the_limit_in_readable_units(world, make_dossier, media, settings):
    nomination = make_dossier("draft")
    settings.ATTACHMENT_MAX_BYTES = 200 * 1024
    before, files_before = row_counts(), media()
    upload = SimpleUploadedFile("lon.pdf", PDF_BYTES + b"0" * (200 * 1024), content_type="application/pdf")
    messages = _refused(
        lambda: ns.attachment_add(nomination=nomination, upload=upload, kind="other", actor=world.unit_a_user)
    )
    # the limit is stated as it is (200 KB), not rounded down to "0 MB"
    assert messages == ["Tệp “lon.pdf” quá lớn: tối đa 0,19 MB."]
    assert row_counts() == before
    assert media() == files_before


def test_a_file_exactly_at_the_limit_is_accepted(world, make_dossier, media, settings):
    nomination = make_dossier("draft")
    settings.ATTACHMENT_MAX_BYTES = len(PDF_BYTES)
    upload = SimpleUploadedFile("vua.pdf", PDF_BYTES, content_type="application/pdf")
    attachment = ns.attachment_add(nomination=nomination, upload=upload, kind="other", actor=world.unit_a_user)
    assert attachment.size == len(PDF_BYTES)


@pytest.mark.parametrize("name", ["../../etc/evil.pdf", "..\\..\\windows\\evil.pdf", "/etc/evil.pdf", ".evil.pdf"])
def test_a_path_in_the_file_name_is_dropped_and_the_file_stored_under_a_random_name(world, make_dossier, media, name):
    nomination = make_dossier("draft")
    files_before = media()
    upload = SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
    attachment = ns.attachment_add(nomination=nomination, upload=upload, kind="other", actor=world.unit_a_user)

    assert attachment.original_name == "evil.pdf"
    stored = Path(attachment.file.path).resolve()
    attachments_dir = (media.root / "attachments").resolve()
    assert stored.is_relative_to(attachments_dir)
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored.name)
    assert stored.read_bytes() == PDF_BYTES
    new_files = sorted(set(media()) - set(files_before))
    assert new_files == [str(stored.relative_to(media.root.resolve()))]
    # nothing was written outside the media root nor under the uploaded name
    assert not any(path.name == "evil.pdf" for path in media.root.parent.rglob("*"))


# --- round and award types ------------------------------------------------------


def test_a_submission_after_the_round_closes_is_refused(world, make_dossier, media):
    nomination = make_dossier("draft")
    world.round.closes_at = timezone.now() - dt.timedelta(minutes=1)
    world.round.save(update_fields=["closes_at"])
    before = row_counts()
    deadline = timezone.localtime(world.round.closes_at).strftime("%H:%M %d/%m/%Y")

    messages = _refused(lambda: ws.dossier_submit(user=world.unit_a_user, nomination=nomination))
    assert messages == [f"Đợt “Xét khen thưởng tổng kết năm” đã hết hạn nhận hồ sơ (hạn nộp {deadline}) hoặc chưa mở."]
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT
    assert nomination.submission_count == 0
    assert nomination.submitted_at is None
    assert row_counts() == before
    assert DossierTask.objects.filter(process=process_for(nomination)).order_by("-id")[0].status == "NEW"


def test_a_dossier_cannot_be_created_in_a_closed_round(world):
    world.round.closes_at = timezone.now() - dt.timedelta(seconds=1)
    world.round.save(update_fields=["closes_at"])
    before = row_counts()
    messages = _refused(
        lambda: ws.dossier_create(user=world.unit_a_user, unit=world.unit_a, round=world.round, title="Muộn")
    )
    assert len(messages) == 1
    assert messages[0].startswith("Đợt “Xét khen thưởng tổng kết năm” đã hết hạn nhận hồ sơ")
    assert row_counts() == before


def test_a_dossier_cannot_be_created_in_another_councils_round(world):
    before = row_counts()
    messages = _refused(
        lambda: ws.dossier_create(user=world.unit_a_user, unit=world.unit_a, round=world.other_round, title="Lạc")
    )
    assert messages == ["Đợt xét này không thuộc hội đồng của đơn vị."]
    assert row_counts() == before


@pytest.mark.parametrize("which", ["not_in_round", "other_council", "inactive"])
def test_an_award_type_not_offered_in_the_round_is_refused(world, make_dossier, which):
    nomination = make_dossier("draft")
    if which == "not_in_round":
        award = factories.AwardTypeFactory(council=world.council, code="CSTDCS", name_vi="Chiến sĩ thi đua cơ sở")
    elif which == "other_council":
        award = world.other_round.award_types.get()
    else:
        award = world.ldtt
        award.is_active = False
        award.save(update_fields=["is_active"])
    before = row_counts()
    messages = _refused(
        lambda: ns.line_add(
            actor=nomination.created_by,
            nomination=nomination,
            award_type=award,
            nominee=_individual(),
            achievement="Tốt",
        )
    )
    assert messages == [f"“{award.name_vi}” không có trong các hình thức xét của đợt này."]
    assert row_counts() == before


def test_an_award_type_not_for_that_kind_of_nominee_is_refused(world, make_dossier):
    nomination = make_dossier("draft")
    before = row_counts()
    messages = _refused(
        lambda: ns.line_add(
            actor=nomination.created_by,
            nomination=nomination,
            award_type=world.gdvh,
            nominee=_individual("Trần Văn Hùng"),
            achievement="Tốt",
        )
    )
    assert messages == ["“Gia đình văn hoá” không xét cho đối tượng “Cá nhân”."]
    assert row_counts() == before
    assert not Person.objects.filter(full_name="Trần Văn Hùng").exists()


def test_a_collective_for_an_individual_only_title_is_refused(world, make_dossier):
    nomination = make_dossier("draft")
    before = row_counts()
    messages = _refused(
        lambda: ns.line_add(
            actor=nomination.created_by,
            nomination=nomination,
            award_type=world.ldtt,
            nominee=ns.NomineeData(kind="collective", collective_name="Chi hội Phụ nữ"),
            achievement="Tốt",
        )
    )
    assert messages == ["“Lao động tiên tiến” không xét cho đối tượng “Tập thể”."]
    assert row_counts() == before


def test_a_subject_category_that_does_not_fit_the_nominee_is_refused(world, make_dossier):
    nomination = make_dossier("draft")
    before = row_counts()
    messages = _refused(
        lambda: ns.line_add(
            actor=nomination.created_by,
            nomination=nomination,
            award_type=world.ldtt,
            nominee=_individual(),
            achievement="Tốt",
            subject_category="household",
        )
    )
    assert messages == ["Phân loại đối tượng không phù hợp với loại đối tượng được đề nghị."]
    assert row_counts() == before


# --- submission rules -----------------------------------------------------------


def test_a_missing_required_document_is_named_at_submit(world, media):
    nomination = _draft(world, kinds=("cover_letter",))
    before = row_counts()
    messages = _refused(lambda: ws.dossier_submit(user=world.unit_a_user, nomination=nomination))
    assert messages == ["Thiếu tài liệu bắt buộc: Biên bản bình xét (cho LDTT)."]
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT
    assert row_counts() == before


def test_every_missing_document_is_named_with_the_awards_that_need_it(world, media):
    nomination = _draft(world)
    ns.line_add(
        actor=nomination.created_by,
        nomination=nomination,
        award_type=world.gk,
        nominee=ns.NomineeData(kind="collective", collective_name="Chi hội Cựu chiến binh"),
        achievement="Tích cực",
    )
    before = row_counts()
    messages = _refused(lambda: ws.dossier_submit(user=world.unit_a_user, nomination=nomination))
    assert sorted(messages) == sorted(
        [
            "Thiếu tài liệu bắt buộc: Tờ trình của đơn vị (cho LDTT, GK).",
            "Thiếu tài liệu bắt buộc: Biên bản bình xét (cho LDTT).",
        ]
    )
    assert row_counts() == before


def test_an_empty_dossier_cannot_be_submitted(world):
    nomination = ws.dossier_create(user=world.unit_a_user, unit=world.unit_a, round=world.round, title="Trống")
    before = row_counts()
    messages = _refused(lambda: ws.dossier_submit(user=world.unit_a_user, nomination=nomination))
    assert messages == ["Hồ sơ chưa có dòng đề nghị nào."]
    assert row_counts() == before


def test_a_units_quota_by_count_is_enforced(world, make_dossier):
    RoundAwardType.objects.filter(round=world.round, award_type=world.ldtt).update(quota_count=1)
    nomination = make_dossier("draft")  # its LDTT line uses the quota
    before = row_counts()
    messages = _refused(
        lambda: ns.line_add(
            actor=nomination.created_by,
            nomination=nomination,
            award_type=world.ldtt,
            nominee=_individual(),
            achievement="Tốt",
        )
    )
    assert messages == ["Vượt chỉ tiêu: đơn vị được đề nghị tối đa 1 “Lao động tiên tiến” trong đợt này (đã có 1)."]
    assert row_counts() == before
    # the quota is the unit's across its dossiers of the round, not per dossier
    second = ws.dossier_create(user=world.unit_a_user, unit=world.unit_a, round=world.round, title="Hồ sơ thứ hai")
    assert (
        _refused(
            lambda: ns.line_add(
                actor=second.created_by,
                nomination=second,
                award_type=world.ldtt,
                nominee=_individual(),
                achievement="Tốt",
            )
        )
        == messages
    )
    # another unit has its own quota
    other = make_dossier("draft", unit=world.unit_b)
    assert other.lines.count() == 1


def test_a_units_quota_by_share_of_staff_is_enforced(world):
    world.unit_a.staff_count = 25
    world.unit_a.save(update_fields=["staff_count"])
    RoundAwardType.objects.filter(round=world.round, award_type=world.ldtt).update(quota_percent=10)
    nomination = ws.dossier_create(user=world.unit_a_user, unit=world.unit_a, round=world.round, title="Hồ sơ")
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):  # 10% of 25 staff is 2.5: two lines are allowed
        ns.line_add(
            actor=nomination.created_by,
            nomination=nomination,
            award_type=world.ldtt,
            nominee=_individual(name),
            achievement="Tốt",
        )
    before = row_counts()
    messages = _refused(
        lambda: ns.line_add(
            actor=nomination.created_by,
            nomination=nomination,
            award_type=world.ldtt,
            nominee=_individual("Lê Văn Cường"),
            achievement="Tốt",
        )
    )
    assert messages == ["Vượt chỉ tiêu: đơn vị được đề nghị tối đa 2 “Lao động tiên tiến” trong đợt này (đã có 2)."]
    assert row_counts() == before


def test_the_smaller_of_the_two_quotas_applies(world):
    RoundAwardType.objects.filter(round=world.round, award_type=world.ldtt).update(quota_count=5, quota_percent=5)
    nomination = ws.dossier_create(user=world.unit_a_user, unit=world.unit_a, round=world.round, title="Hồ sơ")
    ns.line_add(
        actor=nomination.created_by,
        nomination=nomination,
        award_type=world.ldtt,
        nominee=_individual("Nguyễn Văn An"),
        achievement="Tốt",
    )
    messages = _refused(
        lambda: ns.line_add(
            actor=nomination.created_by,
            nomination=nomination,
            award_type=world.ldtt,
            nominee=_individual("Trần Thị Bình"),
            achievement="Tốt",
        )
    )
    assert messages == ["Vượt chỉ tiêu: đơn vị được đề nghị tối đa 1 “Lao động tiên tiến” trong đợt này (đã có 1)."]


@pytest.mark.parametrize("achievement", ["", "   ", "\n\t"])
def test_a_line_without_achievement_text_is_refused(world, make_dossier, achievement):
    nomination = make_dossier("draft")
    before = row_counts()
    messages = _refused(
        lambda: ns.line_add(
            actor=nomination.created_by,
            nomination=nomination,
            award_type=world.ldtt,
            nominee=_individual("Đỗ Văn Mới"),
            achievement=achievement,
        )
    )
    assert messages == ["Chưa nhập tóm tắt thành tích."]
    assert row_counts() == before
    assert not Person.objects.filter(full_name="Đỗ Văn Mới").exists()


def test_a_multi_line_achievement_keeps_its_line_breaks(world, make_dossier):
    nomination = make_dossier("draft")
    line = ns.line_add(
        actor=nomination.created_by,
        nomination=nomination,
        award_type=world.ldtt,
        nominee=_individual(),
        achievement="  Hoàn thành xuất sắc nhiệm vụ.\r\nCó sáng kiến được công nhận.  ",
    )
    line.refresh_from_db()
    assert line.achievement == "Hoàn thành xuất sắc nhiệm vụ.\nCó sáng kiến được công nhận."


# --- bulk entry -------------------------------------------------------------------

BAD_PASTE = "\n".join(
    [
        "Họ và tên\tNgày sinh\tHình thức\tThành tích",
        "Nguyễn Văn An\t12/05/1980\tLDTT\tHoàn thành tốt nhiệm vụ",
        "Trần Văn Bình\t01/01/1981\tLDTT\t",
        "Lê Thị Cúc\t02/02/1982\tXYZ\tTích cực",
        "Phạm Văn Dũng\t31/02/1983\tLDTT\tGương mẫu",
        "Hoàng Thị Em\t03/03/1984\tLDTT\tChăm chỉ",
    ]
)


def test_a_bulk_paste_with_bad_rows_names_each_one_and_saves_nothing(world, make_dossier):
    nomination = make_dossier("draft")
    before = row_counts()
    rows = ns.read_table(text=BAD_PASTE)
    with pytest.raises(ns.BulkImportError) as info:
        ns.lines_bulk_add(actor=nomination.created_by, nomination=nomination, rows=rows)
    assert info.value.messages == [
        "Dòng 3 (Trần Văn Bình): thiếu tóm tắt thành tích.",
        "Dòng 4 (Lê Thị Cúc): hình thức “XYZ” không có trong đợt này.",
        "Dòng 5 (Phạm Văn Dũng): ngày sinh “31/02/1983” không đúng dạng ngày/tháng/năm.",
    ]
    assert row_counts() == before
    assert not Person.objects.filter(full_name__in=["Nguyễn Văn An", "Hoàng Thị Em"]).exists()


def test_a_bulk_paste_that_exceeds_the_quota_is_refused_whole(world):
    RoundAwardType.objects.filter(round=world.round, award_type=world.ldtt).update(quota_count=2)
    nomination = ws.dossier_create(user=world.unit_a_user, unit=world.unit_a, round=world.round, title="Hồ sơ")
    rows = ns.read_table(
        text="Họ và tên;Hình thức;Thành tích\nNguyễn Văn An;LDTT;Tốt\nTrần Văn Bình;LDTT;Tốt\nLê Thị Cúc;LDTT;Tốt"
    )
    before = row_counts()
    with pytest.raises(ns.BulkImportError) as info:
        ns.lines_bulk_add(actor=nomination.created_by, nomination=nomination, rows=rows)
    assert info.value.messages == [
        "Dòng 4 (Lê Thị Cúc): Vượt chỉ tiêu: đơn vị được đề nghị tối đa 2 “Lao động tiên tiến” trong đợt này (đã có 2)."
    ]
    assert row_counts() == before


def test_a_bulk_paste_without_a_name_column_is_refused(world, make_dossier):
    nomination = make_dossier("draft")
    before = row_counts()
    messages = _refused(
        lambda: ns.lines_bulk_add(
            actor=nomination.created_by, nomination=nomination, rows=ns.read_table(text="Nguyễn Văn An\tLDTT\tTốt")
        )
    )
    assert messages == [
        "Dòng đầu phải là tiêu đề cột, có ít nhất cột “Họ và tên” (hoặc “Chủ hộ”, “Tên tập thể”) và “Thành tích”."
    ]
    assert row_counts() == before


def test_a_file_that_is_not_a_spreadsheet_is_refused(world):
    upload = SimpleUploadedFile("danh-sach.xlsx", PDF_BYTES)
    assert _refused(lambda: ns.read_table(upload=upload)) == ["Tệp danh sách phải là bảng tính Excel (.xlsx)."]


def test_a_broken_spreadsheet_is_refused(world):
    upload = SimpleUploadedFile("danh-sach.xlsx", b"PK\x03\x04" + b"\x00" * 100)
    assert _refused(lambda: ns.read_table(upload=upload)) == [
        "Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng."
    ]


# --- the same action twice ------------------------------------------------------


def test_a_second_submit_of_the_same_dossier_is_refused(world, make_dossier):
    nomination = make_dossier("draft")
    ws.dossier_submit(user=world.unit_a_user, nomination=nomination)
    before = row_counts()
    messages = _refused(lambda: ws.dossier_submit(user=world.unit_a_user2, nomination=nomination))
    assert messages == [
        "Hồ sơ đã được xử lý (trạng thái hiện tại: “Đã gửi, chờ thẩm định”); thao tác không được thực hiện lại."
    ]
    assert row_counts() == before
    assert Transition.objects.filter(nomination=nomination, action=TransitionAction.SUBMITTED).count() == 1
    process = process_for(nomination)
    assert DossierTask.objects.filter(process=process, flow_task=process.flow_class.review).count() == 1
    nomination.refresh_from_db()
    assert nomination.submission_count == 1


# --- Unicode -----------------------------------------------------------------------


def _nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


def test_names_typed_in_decomposed_unicode_are_stored_composed(world):
    assert _nfd("Lê Thị Hường") != "Lê Thị Hường"
    nomination = ws.dossier_create(
        user=world.unit_a_user, unit=world.unit_a, round=world.round, title=_nfd("Đề nghị khen thưởng Hường")
    )
    line = ns.line_add(
        actor=nomination.created_by,
        nomination=nomination,
        award_type=world.ldtt,
        nominee=_individual(_nfd("Lê Thị Hường")),
        achievement=_nfd("Hoàn thành xuất sắc nhiệm vụ được giao"),
    )
    nomination.refresh_from_db()
    line.refresh_from_db()
    assert nomination.title == "Đề nghị khen thưởng Hường"
    assert line.person.full_name == "Lê Thị Hường"
    assert line.achievement == "Hoàn thành xuất sắc nhiệm vụ được giao"
    assert line.person.search_name == "le thi huong"
    for value in (nomination.title, line.person.full_name, line.achievement):
        assert unicodedata.is_normalized("NFC", value)

    # typed again, composed this time, it is the same person
    again = ns.line_add(
        actor=nomination.created_by,
        nomination=nomination,
        award_type=world.gk,
        nominee=_individual("Lê Thị Hường"),
        achievement="Thành tích đột xuất",
    )
    assert again.person_id == line.person_id
    assert Person.objects.filter(full_name="Lê Thị Hường").count() == 1
