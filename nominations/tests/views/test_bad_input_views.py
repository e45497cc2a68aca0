"""Bad input through the pages: the user sees a clear Vietnamese message and
nothing is stored.  Also the good paths that depend on careful input handling:
a spreadsheet upload, decomposed Unicode, diacritic-free search in Vietnamese
order, the duplicate-nominee warning, and dossiers of others opened by URL."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import PDF_BYTES, pdf_upload, row_counts
from nominations import services as ns
from nominations.models import (
    Attachment,
    Nomination,
    NominationStatus,
    Person,
    RoundAwardType,
    Transition,
    TransitionAction,
)
from tests import factories
from workflows import services as ws
from workflows.models import DossierTask
from workflows.services import process_for

pytestmark = pytest.mark.django_db

ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
ALREADY_SUBMITTED = (
    "Hồ sơ đã được xử lý (trạng thái hiện tại: “Đã gửi, chờ thẩm định”); thao tác không được thực hiện lại."
)


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _url(name: str, nomination: Nomination, *extra: Any) -> str:
    return reverse(name, args=[nomination.pk, *extra])


def _line_data(world: Any, **overrides: Any) -> dict[str, Any]:
    return {
        "award_type": world.ldtt.pk,
        "nominee_kind": "individual",
        "full_name": "Nguyễn Văn Nam",
        "birth_date": "",
        "gender": "",
        "position": "",
        "achievement": "Hoàn thành tốt nhiệm vụ",
        "method": "regular",
        "subject_category": "",
        **overrides,
    }


@pytest.fixture
def unit_client(client: Any, world: Any) -> Any:
    client.force_login(world.unit_a_user)
    return client


# --- uploads ----------------------------------------------------------------------


def test_upload_page_refuses_an_executable_named_pdf(unit_client, world, make_dossier, media):
    nomination = make_dossier("draft")
    before, files_before = row_counts(), media()
    response = unit_client.post(
        _url("nominations:attachment_add", nomination),
        {"kind": "achievement_report", "file": SimpleUploadedFile("bao-cao.pdf", ELF_BYTES)},
    )
    assert response.status_code == 200
    assert "Nội dung tệp “bao-cao.pdf” không phải là PDF như tên tệp ghi; tệp bị từ chối." in _text(response)
    assert row_counts() == before
    assert media() == files_before


def test_upload_page_refuses_an_oversized_file_and_states_the_limit(unit_client, world, make_dossier, media, settings):
    nomination = make_dossier("draft")
    settings.ATTACHMENT_MAX_BYTES = 512 * 1024
    before, files_before = row_counts(), media()
    big = SimpleUploadedFile("bao-cao-day-du.pdf", PDF_BYTES + b"0" * (600 * 1024))
    response = unit_client.post(_url("nominations:attachment_add", nomination), {"kind": "other", "file": big})
    assert response.status_code == 200
    assert "Tệp “bao-cao-day-du.pdf” quá lớn: tối đa 0,5 MB." in _text(response)
    assert row_counts() == before
    assert media() == files_before


def _multipart(fields: dict[str, str], filename: str, content: bytes) -> tuple[bytes, str]:
    """A multipart body written by hand: the test client would strip the path itself."""
    boundary = "----thidua-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_upload_page_stores_a_file_named_with_a_path_under_a_random_name(unit_client, world, make_dossier, media):
    nomination = make_dossier("draft")
    files_before = media()
    body, content_type = _multipart({"kind": "other"}, "../../etc/evil.pdf", PDF_BYTES)
    response = unit_client.post(_url("nominations:attachment_add", nomination), body, content_type=content_type)
    assert response.status_code == 302
    attachment = Attachment.objects.filter(nomination=nomination, kind="other").get()
    assert attachment.original_name == "evil.pdf"
    stored = Path(attachment.file.path).resolve()
    assert stored.is_relative_to((media.root / "attachments").resolve())
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored.name)
    assert sorted(set(media()) - set(files_before)) == [str(stored.relative_to(media.root.resolve()))]
    assert not any(path.name == "evil.pdf" for path in media.root.parent.rglob("*"))

    # the download gives the file back under its original name only
    download = unit_client.get(_url("nominations:attachment_download", nomination, attachment.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert 'filename="evil.pdf"' in download["Content-Disposition"]


# --- round and award types ----------------------------------------------------------


def test_submit_page_refuses_a_submission_after_the_round_closes(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    world.round.closes_at = timezone.now() - dt.timedelta(hours=1)
    world.round.save(update_fields=["closes_at"])
    before = row_counts()
    deadline = timezone.localtime(world.round.closes_at).strftime("%H:%M %d/%m/%Y")
    response = unit_client.post(_url("workflows:dossier_submit", nomination), follow=True)
    assert f"Đợt “Xét khen thưởng tổng kết năm” đã hết hạn nhận hồ sơ (hạn nộp {deadline}) hoặc chưa mở." in _messages(
        response
    )
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT
    assert row_counts() == before


def test_create_page_offers_no_closed_round(unit_client, world):
    world.round.closes_at = timezone.now() - dt.timedelta(hours=1)
    world.round.save(update_fields=["closes_at"])
    page = unit_client.get(reverse("workflows:dossier_create"))
    assert "Hiện không có đợt xét khen thưởng nào đang mở cho đơn vị của bạn." in _text(page)
    before = row_counts()
    response = unit_client.post(
        reverse("workflows:dossier_create"),
        {"unit": world.unit_a.pk, "round": world.round.pk, "title": "Nộp muộn", "note": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["round"] == [
        "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
    ]
    assert row_counts() == before


def test_line_page_refuses_an_award_type_not_offered_in_the_round(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    cstdcs = factories.AwardTypeFactory(council=world.council, code="CSTDCS", name_vi="Chiến sĩ thi đua cơ sở")
    page = unit_client.get(_url("nominations:line_add", nomination))
    assert "Chiến sĩ thi đua cơ sở" not in _text(page)
    before = row_counts()
    response = unit_client.post(_url("nominations:line_add", nomination), _line_data(world, award_type=cstdcs.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["award_type"] == [
        "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
    ]
    assert row_counts() == before


def test_line_page_refuses_an_award_type_not_for_that_kind_of_nominee(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    before = row_counts()
    response = unit_client.post(
        _url("nominations:line_add", nomination), _line_data(world, award_type=world.gdvh.pk, full_name="Trần Văn Hùng")
    )
    assert response.status_code == 200
    assert "“Gia đình văn hoá” không xét cho đối tượng “Cá nhân”." in _text(response)
    assert row_counts() == before


def test_submit_page_names_a_missing_required_document(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    Attachment.objects.filter(nomination=nomination, kind="review_minutes").delete()
    before = row_counts()
    response = unit_client.post(_url("workflows:dossier_submit", nomination), follow=True)
    assert "Thiếu tài liệu bắt buộc: Biên bản bình xét (cho LDTT)." in _messages(response)
    assert "Thiếu tài liệu bắt buộc: Biên bản bình xét (cho LDTT)." in _text(response)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT
    assert row_counts() == before


@pytest.mark.parametrize(
    ("quota", "expected"),
    [
        ({"quota_count": 1}, 1),
        ({"quota_percent": 5}, 1),  # 5% of 20 staff
    ],
)
def test_line_page_refuses_a_line_over_the_units_quota(unit_client, world, make_dossier, quota, expected):
    RoundAwardType.objects.filter(round=world.round, award_type=world.ldtt).update(**quota)
    nomination = make_dossier("draft")
    before = row_counts()
    response = unit_client.post(_url("nominations:line_add", nomination), _line_data(world))
    assert response.status_code == 200
    assert (
        f"Vượt chỉ tiêu: đơn vị được đề nghị tối đa {expected} “Lao động tiên tiến” trong đợt này (đã có 1)."
        in _text(response)
    )
    assert row_counts() == before


@pytest.mark.parametrize("achievement", ["", "   \n  "])
def test_line_page_refuses_a_line_without_achievement_text(unit_client, world, make_dossier, achievement):
    nomination = make_dossier("draft")
    before = row_counts()
    response = unit_client.post(_url("nominations:line_add", nomination), _line_data(world, achievement=achievement))
    assert response.status_code == 200
    assert response.context["form"].errors["achievement"] == ["Trường này là bắt buộc."]
    assert re.search(
        r'<label for="id_achievement">Tóm tắt thành tích:</label>.*?<div class="field-error">Trường này là bắt buộc.</div>',
        response.content.decode(),
        re.S,
    )
    assert row_counts() == before


# --- bulk entry -----------------------------------------------------------------------

BAD_PASTE = "\r\n".join(
    [
        "Họ và tên\tNgày sinh\tHình thức\tThành tích",
        "Nguyễn Văn An\t12/05/1980\tLDTT\tHoàn thành tốt nhiệm vụ",
        "Trần Văn Bình\t01/01/1981\tLDTT\t",
        "Lê Thị Cúc\t02/02/1982\tXYZ\tTích cực",
        "Phạm Văn Dũng\t31/02/1983\tLDTT\tGương mẫu",
        "Hoàng Thị Em\t03/03/1984\tLDTT\tChăm chỉ",
    ]
)


def test_bulk_paste_with_bad_rows_names_each_bad_row_and_saves_nothing(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    before = row_counts()
    response = unit_client.post(
        _url("nominations:lines_bulk", nomination),
        {"award_type": "", "nominee_kind": "individual", "method": "regular", "text": BAD_PASTE},
    )
    assert response.status_code == 200
    text = _text(response)
    assert "Danh sách có 3 dòng lỗi; chưa lưu dòng nào. Hãy sửa rồi gửi lại." in text
    row_errors = re.search(r'<ul id="row-errors">(.*?)</ul>', text, re.S)
    assert row_errors
    items = re.findall(r"<li>(.*?)</li>", row_errors.group(1), re.S)
    assert items == [
        "Dòng 3 (Trần Văn Bình): thiếu tóm tắt thành tích.",
        "Dòng 4 (Lê Thị Cúc): hình thức “XYZ” không có trong đợt này.",
        "Dòng 5 (Phạm Văn Dũng): ngày sinh “31/02/1983” không đúng dạng ngày/tháng/năm.",
    ]
    assert "Dòng 2" not in text
    assert "Dòng 6" not in text
    assert row_counts() == before
    assert nomination.lines.count() == 1


def test_bulk_page_needs_a_table_or_a_file(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    before = row_counts()
    response = unit_client.post(
        _url("nominations:lines_bulk", nomination),
        {"award_type": "", "nominee_kind": "individual", "method": "regular", "text": "  "},
    )
    assert response.status_code == 200
    assert "Hãy dán bảng hoặc chọn tệp Excel." in _text(response)
    assert row_counts() == before


def _xlsx(rows: list[list[Any]]) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        "danh-sach.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


def test_bulk_upload_of_a_spreadsheet_saves_its_rows_with_composed_names(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    upload = _xlsx(
        [
            [_nfd("Họ và tên"), _nfd("Ngày sinh"), _nfd("Giới tính"), _nfd("Hình thức"), _nfd("Thành tích")],
            [_nfd("Trần Thị Ánh"), dt.date(1980, 5, 12), _nfd("Nữ"), "LDTT", _nfd("Hoàn thành xuất sắc nhiệm vụ")],
            [_nfd("Đặng Văn Ân"), "03/04/1975", "Nam", "ldtt", _nfd("Gương mẫu, nhiệt tình")],
            [_nfd("Chi hội Người cao tuổi"), None, None, "GK", _nfd("Tích cực trong phong trào")],
        ]
    )
    response = unit_client.post(
        _url("nominations:lines_bulk", nomination),
        {"award_type": "", "nominee_kind": "individual", "method": "thematic", "spreadsheet": upload},
        follow=True,
    )
    assert "Đã thêm 3 dòng đề nghị." in _messages(response)
    lines = list(nomination.lines.select_related("person", "award_type").order_by("position"))
    assert [line.position for line in lines] == [1, 2, 3, 4]
    new = lines[1:]
    assert [(line.person.full_name, line.award_type.code) for line in new] == [
        ("Trần Thị Ánh", "LDTT"),
        ("Đặng Văn Ân", "LDTT"),
        ("Chi hội Người cao tuổi", "GK"),
    ]
    assert [line.person.birth_date for line in new] == [dt.date(1980, 5, 12), dt.date(1975, 4, 3), None]
    assert [line.person.gender for line in new] == ["female", "male", ""]
    assert [line.achievement for line in new] == [
        "Hoàn thành xuất sắc nhiệm vụ",
        "Gương mẫu, nhiệt tình",
        "Tích cực trong phong trào",
    ]
    assert {line.method for line in new} == {"thematic"}
    for line in new:
        assert unicodedata.is_normalized("NFC", line.person.full_name)
        assert unicodedata.is_normalized("NFC", line.achievement)
    assert Person.objects.get(full_name="Trần Thị Ánh").search_name == "tran thi anh"
    # the names show on the dossier page as typed, composed
    assert "Đặng Văn Ân" in _text(response)


def test_bulk_upload_of_a_spreadsheet_with_a_bad_row_saves_nothing(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    before = row_counts()
    upload = _xlsx(
        [
            ["Họ và tên", "Hình thức", "Thành tích"],
            ["Trần Thị Ánh", "LDTT", "Tốt"],
            ["Đặng Văn Ân", "GDVH", "Tốt"],
        ]
    )
    response = unit_client.post(
        _url("nominations:lines_bulk", nomination),
        {"award_type": "", "nominee_kind": "individual", "method": "regular", "spreadsheet": upload},
    )
    assert response.status_code == 200
    assert "Dòng 3 (Đặng Văn Ân): “Gia đình văn hoá” không xét cho đối tượng “Cá nhân”." in _text(response)
    assert row_counts() == before


def test_bulk_upload_of_a_file_that_is_not_a_spreadsheet_is_refused(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    before = row_counts()
    response = unit_client.post(
        _url("nominations:lines_bulk", nomination),
        {
            "award_type": "",
            "nominee_kind": "individual",
            "method": "regular",
            "spreadsheet": SimpleUploadedFile("danh-sach.xlsx", ELF_BYTES),
        },
    )
    assert response.status_code == 200
    assert "Tệp danh sách phải là bảng tính Excel (.xlsx)." in _text(response)
    assert row_counts() == before


# --- the same action twice ----------------------------------------------------------


def test_a_second_submit_of_the_same_dossier_is_refused(unit_client, world, make_dossier):
    nomination = make_dossier("draft")
    first = unit_client.post(_url("workflows:dossier_submit", nomination), follow=True)
    assert "Đã gửi hồ sơ đến thường trực hội đồng." in _messages(first)
    after_first = row_counts()

    second = unit_client.post(_url("workflows:dossier_submit", nomination), follow=True)
    assert _messages(second) == [ALREADY_SUBMITTED]
    assert row_counts() == after_first
    assert Transition.objects.filter(nomination=nomination, action=TransitionAction.SUBMITTED).count() == 1
    assert not Transition.objects.filter(nomination=nomination, action=TransitionAction.RESUBMITTED).exists()
    process = process_for(nomination)
    assert DossierTask.objects.filter(process=process, flow_task=process.flow_class.review).count() == 1
    nomination.refresh_from_db()
    assert nomination.submission_count == 1


# --- Unicode and search -----------------------------------------------------------------


def test_names_typed_in_decomposed_unicode_are_stored_composed(unit_client, world):
    title = "Đề nghị khen thưởng cô Hường"
    response = unit_client.post(
        reverse("workflows:dossier_create"),
        {"unit": world.unit_a.pk, "round": world.round.pk, "title": _nfd(title), "note": ""},
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.title == title
    response = unit_client.post(
        _url("nominations:line_add", nomination),
        _line_data(
            world,
            full_name=_nfd("Lê Thị Hường"),
            birth_date="15/03/1985",
            achievement=_nfd("Dạy giỏi cấp huyện\nCó sáng kiến kinh nghiệm"),
        ),
    )
    assert response.status_code == 302
    line = nomination.lines.select_related("person").get()
    assert line.person.full_name == "Lê Thị Hường"
    assert line.achievement == "Dạy giỏi cấp huyện\nCó sáng kiến kinh nghiệm"
    assert unicodedata.is_normalized("NFC", line.person.full_name)
    assert unicodedata.is_normalized("NFC", line.achievement)
    assert unicodedata.is_normalized("NFC", nomination.title)

    # the composed spelling finds the same person, with or without diacritics
    for query in ("Hường", _nfd("Hường"), "Huong", "huong", "LE THI HUONG"):
        found = unit_client.get(reverse("nominations:person_search"), {"q": query, "format": "json"}).json()
        assert [row["id"] for row in found["results"]] == [line.person_id], query


def test_person_search_finds_names_without_diacritics_and_lists_them_in_vietnamese_order(unit_client, world):
    for name in ("Lê Thị Hường", "Phạm Thị Hương", "Nguyễn Văn Hưng", "Vũ Thị An", "Trần Thị Ánh", "Lê Thị Ân"):
        ns.person_create(council_id=world.council.pk, full_name=name, unit=world.unit_a)
    ns.person_create(council_id=world.council.pk, full_name="Đặng Thị Bình", unit=world.unit_a)
    ns.person_create(council_id=world.other_council.pk, full_name="Hoàng Thị Hường")  # another council

    found = unit_client.get(reverse("nominations:person_search"), {"q": "Huong", "format": "json"}).json()
    assert [row["full_name"] for row in found["results"]] == ["Phạm Thị Hương", "Lê Thị Hường"]

    # by given name first, in the Vietnamese alphabet: An, Ánh, Ân, Bình — family names in reverse order
    found = unit_client.get(reverse("nominations:person_search"), {"q": "thi", "format": "json"}).json()
    names = [row["full_name"] for row in found["results"]]
    assert names[:4] == ["Vũ Thị An", "Trần Thị Ánh", "Lê Thị Ân", "Đặng Thị Bình"]
    assert names == ["Vũ Thị An", "Trần Thị Ánh", "Lê Thị Ân", "Đặng Thị Bình", "Phạm Thị Hương", "Lê Thị Hường"]

    page = unit_client.get(reverse("nominations:person_search"), {"q": "thi"})
    cells = re.findall(r"<tr><td>(.*?)</td>", page.content.decode())
    assert cells == names

    nobody = unit_client.get(reverse("nominations:person_search"), {"q": "Xuyến"})
    assert "Không tìm thấy ai." in _text(nobody)


def _search(user: Any, **params: str) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get(reverse("nominations:person_search"), params)


def test_a_unit_finds_only_its_own_people_and_officers_the_whole_council(world):
    own = ns.person_create(
        council_id=world.council.pk, full_name="Lê Thị Hường", birth_date=dt.date(1985, 3, 15), unit=world.unit_a
    )
    other = ns.person_create(
        council_id=world.council.pk, full_name="Phạm Thị Hương", birth_date=dt.date(1979, 1, 2), unit=world.unit_b
    )
    unattached = ns.person_create(council_id=world.council.pk, full_name="Vũ Thị Hường", birth_date=dt.date(1990, 5, 6))

    found = _search(world.unit_a_user, q="Huong", format="json").json()["results"]
    assert [row["id"] for row in found] == [own.pk]
    assert found[0]["birth_date"] == "15/03/1985"  # the page shows it for the unit's own people
    assert set(found[0]) == {"id", "full_name", "birth_date", "unit", "position"}
    page = _search(world.unit_a_user, q="Huong").content.decode()
    assert "Lê Thị Hường" in page
    assert "15/03/1985" in page
    for hidden in ("Phạm Thị Hương", "Vũ Thị Hường", "02/01/1979", "06/05/1990", world.unit_b.name):
        assert hidden not in page
    # unit B sees its own, never unit A's nor its birth date
    found = _search(world.unit_b_user, q="Huong", format="json").json()["results"]
    assert [row["id"] for row in found] == [other.pk]
    assert "1985" not in str(found)

    # the council's officers keep the council-wide search
    for officer in (world.secretariat, world.chairman, world.admin):
        found = _search(officer, q="Huong", format="json").json()["results"]
        assert {row["id"] for row in found} == {own.pk, other.pk, unattached.pk}, officer


def test_a_line_cannot_take_another_units_person_by_its_id(unit_client, world, make_dossier):
    other = ns.person_create(
        council_id=world.council.pk, full_name="Phạm Thị Hương", birth_date=dt.date(1979, 1, 2), unit=world.unit_b
    )
    nomination = make_dossier("draft")
    data = _line_data(world, full_name="Lê Văn Ba", birth_date="01/02/1990")
    data["person"] = str(other.pk)
    response = unit_client.post(_url("nominations:line_add", nomination), data)
    assert response.status_code == 302
    line = nomination.lines.select_related("person").get(person__full_name="Lê Văn Ba")
    assert line.person_id != other.pk
    assert line.person.unit == world.unit_a
    assert not nomination.lines.filter(person=other).exists()


# --- duplicate nominees -----------------------------------------------------------------


def test_the_dossier_page_warns_when_another_unit_nominates_the_same_person(unit_client, world, make_dossier):
    ours = make_dossier("draft")
    warning = "Người này cũng được Trường Mầm non thị trấn đề nghị trong đợt này."
    assert warning not in _text(unit_client.get(_url("workflows:dossier_detail", ours)))

    theirs = make_dossier("submitted", unit=world.unit_b)
    assert theirs.lines.get().person_id == ours.lines.get().person_id
    page = unit_client.get(_url("workflows:dossier_detail", ours))
    assert warning in _text(page)

    # the other unit is not told about our draft (a draft is the unit's own business) ...
    their_warning = "Người này cũng được Tiểu khu Trang Các đề nghị trong đợt này."
    unit_client.force_login(world.unit_b_user)
    assert their_warning not in _text(unit_client.get(_url("workflows:dossier_detail", theirs)))
    # ... but is once we have submitted it
    ws.dossier_submit(user=world.unit_a_user, nomination=ours)
    assert their_warning in _text(unit_client.get(_url("workflows:dossier_detail", theirs)))

    # a withdrawn dossier no longer counts
    ws.dossier_review(user=world.secretariat, nomination=theirs, accept=False, reason="Trùng người")
    ws.dossier_review(user=world.secretariat, nomination=ours, accept=False, reason="Trùng người")
    ws.dossier_withdraw(user=world.unit_b_user, nomination=theirs, reason="Trùng với tiểu khu")
    unit_client.force_login(world.unit_a_user)
    assert warning not in _text(unit_client.get(_url("workflows:dossier_detail", ours)))


def test_a_namesake_with_another_birth_date_is_not_flagged(unit_client, world, make_dossier):
    ours = make_dossier("draft")
    theirs = ws.dossier_create(user=world.unit_b_user, unit=world.unit_b, round=world.round, title="Hồ sơ trường")
    ns.line_add(
        actor=theirs.created_by,
        nomination=theirs,
        award_type=world.ldtt,
        nominee=ns.NomineeData(kind="individual", full_name="Lê Thị Hường", birth_date=dt.date(1990, 1, 1)),
        achievement="Dạy giỏi",
    )
    assert "cũng được" not in _text(unit_client.get(_url("workflows:dossier_detail", ours)))


def test_adding_a_line_for_a_person_another_unit_nominates_warns_at_once(unit_client, world, make_dossier):
    make_dossier("submitted", unit=world.unit_b)
    ours = ws.dossier_create(user=world.unit_a_user, unit=world.unit_a, round=world.round, title="Hồ sơ tiểu khu")
    response = unit_client.post(
        _url("nominations:line_add", ours), _line_data(world, full_name="Lê Thị Hường"), follow=True
    )
    assert "Lưu ý: Lê Thị Hường cũng được Trường Mầm non thị trấn đề nghị trong đợt này." in _messages(response)
    assert ours.lines.count() == 1


# --- dossiers of others opened by URL -----------------------------------------------------

SECRET_TITLE = "Hồ sơ riêng của Tiểu khu Trang Các số 77"


def _requests(nomination: Nomination, world: Any) -> list[tuple[str, str, dict[str, Any]]]:
    attachment = nomination.attachments.first()
    line = nomination.lines.first()
    return [
        ("get", _url("workflows:dossier_detail", nomination), {}),
        ("get", _url("nominations:edit", nomination), {}),
        ("post", _url("nominations:edit", nomination), {"title": "Bị sửa", "note": ""}),
        ("get", _url("nominations:line_add", nomination), {}),
        ("post", _url("nominations:line_add", nomination), _line_data(world, full_name="Kẻ Lạ")),
        ("post", _url("nominations:lines_bulk", nomination), {"nominee_kind": "individual", "method": "regular"}),
        ("post", _url("nominations:line_delete", nomination, line.pk), {}),
        ("post", _url("nominations:attachment_add", nomination), {"kind": "other", "file": pdf_upload("la.pdf")}),
        ("get", _url("nominations:attachment_download", nomination, attachment.pk), {}),
        ("post", _url("nominations:attachment_delete", nomination, attachment.pk), {}),
        ("post", _url("workflows:dossier_submit", nomination), {}),
        ("post", _url("workflows:dossier_review", nomination), {"decision": "accept"}),
        (
            "post",
            _url("workflows:dossier_review", nomination),
            {"decision": "return", "reason": "x", "lines": [line.pk], "line_reason": "y"},
        ),
    ]


def _snapshot(nomination: Nomination) -> tuple[Any, ...]:
    nomination.refresh_from_db()
    return (
        nomination.title,
        nomination.status,
        nomination.opened_at,
        list(nomination.lines.values_list("id", "return_reason")),
        list(nomination.attachments.values_list("id", flat=True)),
        list(nomination.transitions.values_list("id", flat=True)),
        list(DossierTask.objects.filter(process=process_for(nomination)).values_list("id", "status", "owner")),
    )


@pytest.fixture
def our_dossier(world: Any, make_dossier: Any) -> Any:
    def make(state: str) -> Nomination:
        nomination = make_dossier(state)
        Nomination.objects.filter(pk=nomination.pk).update(title=SECRET_TITLE)
        nomination.refresh_from_db()
        return nomination

    return make


@pytest.mark.parametrize("state", ["draft", "submitted"])
@pytest.mark.parametrize("intruder", ["unit_b_user", "other_unit_user", "other_secretariat"])
def test_another_units_or_councils_dossier_opened_by_url_is_not_shown(client, world, our_dossier, state, intruder):
    nomination = our_dossier(state)
    before, counts_before = _snapshot(nomination), row_counts()
    client.force_login(getattr(world, intruder))
    for method, url, data in _requests(nomination, world):
        response = getattr(client, method)(url, data)
        assert response.status_code in (403, 404), (method, url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET_TITLE.encode() not in body, (method, url)
        assert b"%PDF-" not in body, (method, url)
    assert _snapshot(nomination) == before
    assert row_counts() == counts_before


def test_a_dossier_of_another_council_is_not_shown_to_this_councils_staff(client, world):
    theirs = ws.dossier_create(
        user=world.other_unit_user, unit=world.other_unit, round=world.other_round, title=SECRET_TITLE
    )
    ns.line_add(
        actor=theirs.created_by,
        nomination=theirs,
        award_type=world.other_round.award_types.get(),
        nominee=ns.NomineeData(kind="individual", full_name="Bùi Văn Khách"),
        achievement="Tốt",
    )
    ns.attachment_add(nomination=theirs, upload=pdf_upload(), kind="cover_letter", actor=world.other_unit_user)
    ws.dossier_submit(user=world.other_unit_user, nomination=theirs)
    before, counts_before = _snapshot(theirs), row_counts()
    for user in (world.unit_a_user, world.secretariat, world.chairman, world.member):
        client.force_login(user)
        for method, url, data in _requests(theirs, world):
            response = getattr(client, method)(url, data)
            assert response.status_code in (403, 404), (user.username, method, url, response.status_code)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert SECRET_TITLE.encode() not in body, (user.username, method, url)
        assert SECRET_TITLE not in _text(client.get(reverse("nominations:list")))
        assert SECRET_TITLE not in _text(client.get(reverse("workflows:tasks")))
    assert _snapshot(theirs) == before
    assert row_counts() == counts_before
